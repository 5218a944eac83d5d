/**
 * Synthetic lead rows shaped like a Salesforce lead export from a trade show: fictional people and companies,
 * `.example`/`.test` domains, reserved 555-01xx phone numbers, and the mess real exports carry (quoted commas,
 * multi-line notes with quotes, blank lines, duplicates, unusable rows). Deterministic for a given seed, and a
 * generator so a benchmark can stream any number of rows in constant memory.
 */
import { stringify } from 'csv-stringify/sync';
import { seededRandom } from '../local/seededRandom';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const SAMPLE_HEADER = [
  'First Name',
  'Last Name',
  'Title',
  'Account Name',
  'E-mail Address',
  'Business Phone',
  'Website',
  'City',
  'State/Province',
  'Country/Region',
  'Lead Source',
  'Notes',
  'LinkedIn Profile',
] as const;

type Row = string[];

const FIRST_NAMES = [
  'Søren',
  'Zoë',
  'Jürgen',
  'José',
  'François',
  'Chloé',
  'Björn',
  'Ingrid',
  'Małgorzata',
  'Raúl',
  'Siobhán',
  'Niamh',
  'Aoife',
  'Mikael',
  'Priya',
  'Arjun',
  'Wei',
  'Mei',
  'Hiroshi',
  'Yuki',
  'Olumide',
  'Amara',
  'Fatima',
  'Omar',
  'Lars',
  'Anneli',
  'Émilie',
  'Noémie',
  'Luca',
  'Giulia',
  'Mateo',
  'Sofía',
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'James',
  'Sarah',
  'Michael',
  'Laura',
  'David',
  'Anna',
  'Thomas',
  'Julia',
  'Daniel',
  'Maria',
  'Peter',
  'Karen',
  'Robert',
  'Linda',
  'Kevin',
  'Rachel',
  'Mark',
  'Helen',
  'Andrew',
  'Nina',
  'Paul',
  'Eva',
  'Mary Ann',
];

const LAST_NAMES = [
  'Andersen',
  'Müller',
  'Fernández',
  'Dubois',
  'Nakamura',
  "O'Brien",
  'Kowalski',
  'Rossi',
  'García',
  'Jensen',
  'Schmidt',
  'Lefèvre',
  'Novak',
  'Okafor',
  'Patel',
  'Chen',
  'Svensson',
  'Nieminen',
  'Costa',
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Taylor',
  'Martin',
  'Thompson',
  'White',
  'Harris',
  'Clarke',
  'Walker',
  'Young',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  'Mitchell',
  'Roberts',
  'Carter',
  'Phillips',
  'Evans',
  'Turner',
  'van der Berg',
  'de la Cruz',
  'Þórsdóttir',
  'Østergaard',
];

const COMPANY_STEMS = [
  'Acme',
  'Northwind',
  'Bluefjord',
  'Crestline',
  'Ironbark',
  'Lumenaut',
  'Quillon',
  'Redwater',
  'Silverpine',
  'Tallgrass',
  'Vantorix',
  'Wexmoor',
  'Zephyrine',
  'Globex',
  'Initrode',
  'Brightwell',
  'Cobaltia',
  'Duneview',
  'Emberly',
  'Fjordline',
  'Granitehaus',
  'Hollowell',
  'Kestrelix',
  'Larchmont',
  'Mistral & Vogt',
  'Nordlys',
  'Orchidea',
  'Pinecrest',
  'Ravensholm',
  'Sundquist',
  'Tidewater',
  'Umbrisa',
  'Veldmark',
  'Wolfram & Lind',
];

const COMPANY_SECTORS = [
  'Logistics',
  'Analytics',
  'Robotics',
  'Foods',
  'Health',
  'Capital',
  'Software',
  'Energy',
  'Labs',
  'Systems',
  'Biotech',
  'Media',
  'Freight',
  'Components',
  'Consulting',
];

interface Place {
  country: readonly string[]; // spellings seen in exports for the same country
  cities: readonly (readonly [city: string, state: string])[];
  legalForms: readonly string[];
  phone: (n: number) => string;
}

const PLACES: readonly Place[] = [
  {
    country: ['United States', 'USA', 'US'],
    cities: [
      ['San Francisco', 'CA'],
      ['Austin', 'TX'],
      ['New York', 'NY'],
      ['Chicago', 'IL'],
      ['Boston', 'MA'],
    ],
    legalForms: [', Inc.', ' Inc', ' LLC', ' Corp.'],
    phone: (n) => `+1 415-555-01${pad2(n)}`,
  },
  {
    country: ['Canada'],
    cities: [
      ['Toronto', 'ON'],
      ['Montréal', 'QC'],
    ],
    legalForms: [' Inc.', ' Ltd.'],
    phone: (n) => `+1 (416) 555-01${pad2(n)}`,
  },
  {
    country: ['United Kingdom', 'UK'],
    cities: [
      ['London', 'England'],
      ['Manchester', 'England'],
      ['Edinburgh', 'Scotland'],
    ],
    legalForms: [' Ltd', ' Limited', ' PLC'],
    phone: (n) => `+44 20 7946 0${pad2(n)}${n % 10}`,
  },
  {
    country: ['Germany', 'Deutschland'],
    cities: [
      ['München', 'Bayern'],
      ['Berlin', 'Berlin'],
      ['Hamburg', 'Hamburg'],
    ],
    legalForms: [' GmbH', ' AG', ' GmbH & Co. KG'],
    phone: (n) => `+49 30 5550 01${pad2(n)}`,
  },
  {
    country: ['France'],
    cities: [
      ['Paris', 'Île-de-France'],
      ['Lyon', 'Auvergne-Rhône-Alpes'],
    ],
    legalForms: [' SAS', ' S.A.', ' SARL'],
    phone: (n) => `+33 1 55 50 01 ${pad2(n)}`,
  },
  {
    country: ['Denmark', 'Danmark'],
    cities: [
      ['København', 'Hovedstaden'],
      ['Aarhus', 'Midtjylland'],
    ],
    legalForms: [' A/S', ' ApS'],
    phone: (n) => `+45 55 50 01 ${pad2(n)}`,
  },
  {
    country: ['Spain', 'España'],
    cities: [
      ['Madrid', 'Comunidad de Madrid'],
      ['Barcelona', 'Cataluña'],
    ],
    legalForms: [' S.L.', ' S.A.'],
    phone: (n) => `+34 91 555 01 ${pad2(n)}`,
  },
  {
    country: ['Sweden'],
    cities: [
      ['Göteborg', 'Västra Götaland'],
      ['Stockholm', 'Stockholm'],
    ],
    legalForms: [' AB'],
    phone: (n) => `+46 8 555 01 ${pad2(n)}`,
  },
];

const TITLES = [
  'VP of Sales',
  'Head of Marketing',
  'Chief Revenue Officer',
  'Sales Operations Manager',
  'Director, Demand Generation',
  'Software Engineer',
  'CTO',
  'Procurement Lead',
  'Account Executive',
  'Marketing Coordinator',
  'Revenue Operations Analyst',
  'Head of IT',
  'Office Manager',
  'CEO & Co-Founder',
  '',
];

const LEAD_SOURCES = ['Trade Show - RevOps Summit 2025', 'Trade Show - SaaS Connect Berlin', 'Webinar', 'Website', 'Referral', 'Partner', 'Badge Scan'];

const NOTES = [
  '',
  '',
  '',
  'Met at booth #12.\nWants a demo in Q3.',
  'Said "call me after the 15th"',
  'Interested in API; budget approved, pending legal',
  'Follow up re: pricing\n- bulk tier\n- SSO',
  'Scanned badge, no conversation',
  'Asked about the "Enterprise" plan, and GDPR terms',
  'Prefers email.\r\nOut of office until Monday',
];

const GARBAGE_EMAILS = ['not-an-email', 'jane.doe(at)mail', 'sales@', '@@', 'info at company'];

interface Company {
  name: string;
  domain: string;
  place: Place;
}

interface Person {
  first: string;
  last: string;
  company: Company;
  email: string | undefined;
  website: string | undefined;
  row: Row;
}

function pad2(n: number): string {
  return String(n % 100).padStart(2, '0');
}

/** Email local parts and domains are ASCII: "Søren Østergaard" writes soren.ostergaard@. */
function ascii(text: string): string {
  return text
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[þÞ]/g, 'th')
    .replace(/[łŁ]/g, 'l')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

// csv-stringify only quotes the record delimiter itself (CRLF); a bare LF inside a note must be quoted too.
const CSV_LINE = { record_delimiter: 'windows' as const, quoted_match: /[\r\n]/ };

/**
 * The sample file's lines, header first, each ending in CRLF (a blank line is just "\r\n"). `count` is the number
 * of data rows, duplicates and unusable rows included; blank lines come on top. Roughly: 5% exact repeats of a
 * recent row, 3% the same person again with different case and spacing, 3% rows a vendor cannot use.
 */
export function* generateLeadRows(count: number, seed = 20250101): Generator<string> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const companies: Company[] = COMPANY_STEMS.flatMap((stem) =>
    [pick(COMPANY_SECTORS), pick(COMPANY_SECTORS)].map((sector) => {
      const place = pick(PLACES);
      const tld = random() < 0.8 ? 'example' : 'test';
      return { name: `${stem} ${sector}${pick(place.legalForms)}`, domain: `${ascii(stem)}-${ascii(sector)}.${tld}`, place };
    }),
  );
  // Recent people, for duplicates: bounded so memory stays flat however many rows are generated.
  const recent: Person[] = [];

  const freshPerson = (): Person => {
    const company = pick(companies);
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const [city, state] = pick(company.place.cities);
    const hasEmail = random() < 0.75;
    const email = hasEmail ? emailFor(first, last, company.domain, random()) : undefined;
    const website = !hasEmail || random() < 0.4 ? websiteFor(company.domain, random()) : undefined;
    const row: Row = [
      first,
      last,
      pick(TITLES),
      company.name,
      email ?? '',
      random() < 0.8 ? company.place.phone(Math.floor(random() * 100)) : '',
      website ?? '',
      city,
      state,
      pick(company.place.country),
      pick(LEAD_SOURCES),
      pick(NOTES),
      linkedInFor(first, last, company.domain),
    ];
    return { first, last, company, email, website, row };
  };

  const samePersonAgain = (person: Person): Row => {
    const row = [...person.row];
    row[0] = `  ${person.first.toUpperCase()} `;
    row[1] = person.last.toLowerCase().replace(/ /g, '   ');
    row[3] = random() < 0.5 ? person.company.name.toUpperCase().replace(/[,.]/g, '') : ` ${person.company.name}`;
    if (person.email) row[4] = ` ${person.email.toUpperCase()} `;
    if (person.website) row[6] = `HTTPS://WWW.${person.company.domain.toUpperCase()}/`;
    row[10] = pick(LEAD_SOURCES);
    row[11] = 'Came back to the booth on day 2';
    return row;
  };

  const unusable = (person: Person): Row => {
    const row = [...person.row];
    const kind = random();
    if (kind < 1 / 3) {
      row[1] = '';
    } else if (kind < 2 / 3) {
      row[3] = '';
      row[4] = '';
      row[6] = '';
    } else {
      row[3] = '';
      row[4] = pick(GARBAGE_EMAILS);
      row[6] = '';
    }
    return row;
  };

  yield stringify([[...SAMPLE_HEADER]], CSV_LINE);
  for (let i = 0; i < count; i++) {
    if (random() < 0.015) yield '\r\n';
    const roll = random();
    const earlier = recent.length > 0 ? pick(recent) : undefined;
    if (earlier && roll < 0.05) {
      yield stringify([earlier.row], CSV_LINE);
    } else if (earlier && roll < 0.08) {
      yield stringify([samePersonAgain(earlier)], CSV_LINE);
    } else if (roll < 0.11) {
      yield stringify([unusable(freshPerson())], CSV_LINE);
    } else {
      const person = freshPerson();
      recent.push(person);
      if (recent.length > 50) recent.shift();
      yield stringify([person.row], CSV_LINE);
    }
  }
}

/**
 * About one person in five has a LinkedIn profile in the export (what AggKnowledge reads). Derived from the person,
 * not drawn from the generator's random sequence, so every other column stays what it was for a seed.
 */
function linkedInFor(first: string, last: string, domain: string): string {
  const f = ascii(first);
  const l = ascii(last);
  let hash = 0;
  for (const char of `${f}|${l}|${domain}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 5 === 0 ? `https://www.linkedin.com/in/${f}-${l}-${domain.split(/[-.]/)[0]}` : '';
}

function emailFor(first: string, last: string, domain: string, roll: number): string {
  const f = ascii(first);
  const l = ascii(last);
  if (roll < 0.6) return `${f}.${l}@${domain}`;
  if (roll < 0.85) return `${f.charAt(0)}${l}@${domain}`;
  return `${f}@${domain}`;
}

function websiteFor(domain: string, roll: number): string {
  if (roll < 0.35) return `www.${domain}`;
  if (roll < 0.6) return `https://www.${domain}`;
  if (roll < 0.75) return `http://${domain}/`;
  if (roll < 0.9) return domain;
  return `https://www.${domain}/contact-us?ref=expo`;
}

/** 0 → "a", 25 → "z", 26 → "ba": a distinct, letters-only suffix per row (Leadspace refuses digits in names). */
export function letters(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/** Streams `count` generated rows (generateLeadRows) to `file`, in constant memory. */
export async function writeGeneratedLeads(file: string, count: number, seed?: number): Promise<void> {
  const out = createWriteStream(file);
  for (const line of generateLeadRows(count, seed)) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}
