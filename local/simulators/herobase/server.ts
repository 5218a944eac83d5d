import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from '../loopbackServer';
import { SEEDED_SEARCH_NAME, seededLeads, type HeroBaseSimCampaign, type HeroBaseSimLead, type HeroBaseSimSearch, type HeroBaseSimUser } from './data';
import { DialectSwitch, type HeroBaseDialect } from './dialect';
import { FaultInjector, type HeroBaseFaults } from './faults';
import { PerMinuteLimiter } from './limits';
import { createHeroBaseApp } from './routes';
import { emptyStats, snapshot, type HeroBaseSimulatorStats } from './stats';
import { LeadStore } from './store';

export interface HeroBaseSimulatorOptions {
  /** The accounts (HTTP Basic); anything else gets 401. Each has its own rights and its own rate-limit window. */
  users: HeroBaseSimUser[];
  campaigns: HeroBaseSimCampaign[];
  /**
   * The lead searches. Default: one seeded search, "All leads", with `seededLeadCount` deterministic leads
   * (the first three named Søren, Zoë and Jürgen) over the campaigns, plus every lead imported into them.
   */
  searches?: HeroBaseSimSearch[];
  /** Seeds the default search's leads. Default 1. */
  seed?: number;
  /** Default 24. */
  seededLeadCount?: number;
  /** The fair-use limit per user, sliding 60 s window. Default 60. */
  requestsPerMinute?: number;
  /** Milliseconds; the rate-limit window and imported leads' modifiedAt run on it. Default Date.now. */
  clock?: () => number;
  faults?: HeroBaseFaults;
  /** How the vendor answers (the import's reply). Default: 201 { leadId }. */
  dialect?: HeroBaseDialect;
}

export interface HeroBaseSimulator {
  /** http://127.0.0.1:<port>, the client's baseUrl. */
  url: string;
  stats(): HeroBaseSimulatorStats;
  /** Replaces all faults and reseeds their PRNG. */
  setFaults(faults: HeroBaseFaults): void;
  /** Replaces the dialect; requests answered from then on use it. */
  setDialect(dialect: HeroBaseDialect): void;
  /** Every lead imported into the campaign, in import order (duplicates included). */
  leadsIn(campaignCode: string): HeroBaseSimLead[];
  close(): Promise<void>;
}

/** Starts the HeroBase web API simulator on a random loopback port. */
export async function startHeroBaseSimulator(options: HeroBaseSimulatorOptions): Promise<HeroBaseSimulator> {
  const stats = emptyStats();
  const faults = new FaultInjector(options.faults);
  const dialect = new DialectSwitch(options.dialect);
  const clock = options.clock ?? Date.now;
  const requestsPerMinute = options.requestsPerMinute ?? 60;
  const codes = options.campaigns.map((campaign) => campaign.code);
  const searches = options.searches ?? [
    {
      name: SEEDED_SEARCH_NAME,
      description: 'Every lead of every campaign',
      leads: seededLeads(options.seed ?? 1, options.seededLeadCount ?? 24, codes),
      campaignCodes: codes,
    },
  ];
  const store = new LeadStore(options.campaigns, searches, clock);
  const limiter = new PerMinuteLimiter(requestsPerMinute, clock);
  const app = createHeroBaseApp({ users: options.users, store, limiter, faults, dialect, stats, requestsPerMinute });

  const server = await listenOnLoopback(app.fetch);
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => snapshot(stats),
    setFaults: (next) => faults.set(next),
    setDialect: (next) => dialect.set(next),
    leadsIn: (campaignCode) => store.leadsIn(campaignCode),
    close: () => {
      closing ??= closeServer(server);
      return closing;
    },
  };
}
