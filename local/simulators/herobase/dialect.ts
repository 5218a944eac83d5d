/*
 * The guide shows the import's request body but not its reply. Each importReply is a plausible one, all of them
 * INVENTED: 'leadId' is 201 { leadId } (the default, Leadflow's first reading), 'noLeadId' is 200 with a body that
 * carries no id, 'empty204' is 204 with no body. The lead is stored in every case.
 */
export interface HeroBaseDialect {
  importReply?: 'leadId' | 'noLeadId' | 'empty204';
}

const REPLIES = ['leadId', 'noLeadId', 'empty204'] as const;

export class DialectSwitch {
  private dialect: HeroBaseDialect = {};

  constructor(dialect: HeroBaseDialect = {}) {
    this.set(dialect);
  }

  /** Replaces the whole dialect (not a merge), like setFaults. */
  set(dialect: HeroBaseDialect): void {
    if (dialect.importReply !== undefined && !REPLIES.includes(dialect.importReply)) {
      throw new RangeError(`importReply must be one of ${REPLIES.join(', ')}`);
    }
    this.dialect = { ...dialect };
  }

  /** The reply to an import that stored the lead `leadId`. */
  importReply(leadId: string): Response {
    switch (this.dialect.importReply ?? 'leadId') {
      case 'leadId':
        return json(201, { leadId });
      case 'noLeadId':
        return json(200, { message: 'The lead was imported.' });
      case 'empty204':
        return new Response(null, { status: 204 });
    }
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}
