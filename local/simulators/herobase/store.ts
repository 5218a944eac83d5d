import type { HeroBaseSimCampaign, HeroBaseSimLead, HeroBaseSimLeadInput, HeroBaseSimSearch } from './data';

export interface FieldError {
  field: string;
  message: string;
}

interface Search {
  name: string;
  description: string;
  leads: HeroBaseSimLead[];
  campaignCodes: string[];
}

/**
 * The vendor's data: campaigns with their fields, leads imported per campaign, lead searches. Knows nothing about
 * HTTP or rights. Validation follows exactly what the import example advertises: every required field present
 * and not blank, every present value matching its field's regex; unknown fields and non-text values are refused.
 * Error messages name the field, never the value.
 */
export class LeadStore {
  private nextId = 100_001;
  private readonly campaigns = new Map<string, HeroBaseSimCampaign>();
  private readonly regexes = new Map<string, RegExp>();
  private readonly imported = new Map<string, HeroBaseSimLead[]>();
  private readonly searches: Search[];

  constructor(
    campaigns: readonly HeroBaseSimCampaign[],
    searches: readonly HeroBaseSimSearch[],
    private readonly clock: () => number,
  ) {
    for (const campaign of campaigns) {
      if (this.campaigns.has(campaign.code)) throw new RangeError(`duplicate campaign code ${campaign.code}`);
      for (const field of campaign.fields) this.regexes.set(`${campaign.code}\u0000${field.name}`, new RegExp(field.regex));
      this.campaigns.set(campaign.code, structuredClone(campaign));
      this.imported.set(campaign.code, []);
    }
    this.searches = searches.map((search) => ({
      name: search.name,
      description: search.description ?? '',
      leads: (search.leads ?? []).map((lead) => this.toLead(lead)),
      campaignCodes: [...(search.campaignCodes ?? [])],
    }));
  }

  allCampaigns(): HeroBaseSimCampaign[] {
    return [...this.campaigns.values()];
  }

  /** Campaign codes are identifiers: matched exactly. */
  campaign(code: string): HeroBaseSimCampaign | undefined {
    return this.campaigns.get(code);
  }

  validate(campaign: HeroBaseSimCampaign, data: Record<string, unknown>): FieldError[] {
    const errors: FieldError[] = [];
    const known = new Set(campaign.fields.map((field) => field.name));
    for (const field of campaign.fields) {
      const value = data[field.name];
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
        if (field.required) errors.push({ field: field.name, message: `${field.name} is required` });
        continue;
      }
      if (typeof value !== 'string') {
        errors.push({ field: field.name, message: `${field.name} must be a string` });
        continue;
      }
      const regex = this.regexes.get(`${campaign.code}\u0000${field.name}`) as RegExp;
      if (!regex.test(value)) errors.push({ field: field.name, message: `${field.name} does not match the validation regex of the field` });
    }
    for (const name of Object.keys(data)) {
      if (!known.has(name)) errors.push({ field: name, message: `${name} is not a field of campaign ${campaign.code}` });
    }
    return errors;
  }

  /** Stores a validated lead: every import is a new lead, so importing twice makes a duplicate. */
  importLead(campaign: HeroBaseSimCampaign, data: Record<string, string>): HeroBaseSimLead {
    const clean = Object.fromEntries(Object.entries(data).filter(([, value]) => typeof value === 'string'));
    const lead: HeroBaseSimLead = { leadId: this.newId(), campaignCode: campaign.code, modifiedAt: this.clock(), data: clean };
    this.imported.get(campaign.code)?.push(lead);
    return structuredClone(lead);
  }

  leadsIn(campaignCode: string): HeroBaseSimLead[] {
    return structuredClone(this.imported.get(campaignCode) ?? []);
  }

  searchList(): Array<{ name: string; description: string }> {
    return this.searches.map(({ name, description }) => ({ name, description }));
  }

  /** Search names are matched case-insensitively. */
  hasSearch(name: string): boolean {
    return this.findSearch(name) !== undefined;
  }

  /** The search's leads modified in [from, to) that `visible` lets through, oldest first. */
  exportLeads(name: string, from: number, to: number, visible: (campaignCode: string) => boolean): HeroBaseSimLead[] {
    const search = this.findSearch(name);
    if (!search) return [];
    const leads = [...search.leads, ...search.campaignCodes.flatMap((code) => this.imported.get(code) ?? [])];
    return structuredClone(
      leads
        .filter((lead) => lead.modifiedAt >= from && lead.modifiedAt < to && visible(lead.campaignCode))
        .sort((a, b) => a.modifiedAt - b.modifiedAt || Number(a.leadId) - Number(b.leadId) || a.leadId.localeCompare(b.leadId)),
    );
  }

  private findSearch(name: string): Search | undefined {
    const wanted = name.toLowerCase();
    return this.searches.find((search) => search.name.toLowerCase() === wanted);
  }

  private toLead(input: HeroBaseSimLeadInput): HeroBaseSimLead {
    const modifiedAt = typeof input.modifiedAt === 'number' ? input.modifiedAt : Date.parse(input.modifiedAt);
    if (Number.isNaN(modifiedAt)) throw new RangeError('a search lead has an invalid modifiedAt');
    return { leadId: input.leadId ?? this.newId(), campaignCode: input.campaignCode, modifiedAt, data: { ...input.data } };
  }

  private newId(): string {
    return String(this.nextId++);
  }
}
