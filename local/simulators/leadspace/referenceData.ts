/*
 * Value lists the simulator draws from. Where the vendor document enumerates values (levels, size and revenue
 * ranges) these are exactly the documented ones, so consumers are tested against what the real API can return.
 */

export const ENRICHMENT_STATUSES = {
  none: 'Not Enriched',
  company: 'Company Enriched',
  person: 'Person Enriched',
  both: 'Person & Company Enriched',
} as const;

export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[keyof typeof ENRICHMENT_STATUSES];

export const TITLES = [
  'VP of Sales',
  'Head of Marketing',
  'Software Engineer',
  'Chief Financial Officer',
  'Director of Operations',
  'Product Manager',
  'Account Executive',
  'Data Analyst',
  'HR Business Partner',
  'Chief Technology Officer',
] as const;

export const DEPARTMENTS = [
  'Sales',
  'Marketing',
  'Engineering',
  'Finance',
  'Operations',
  'Human Resources',
  'IT',
  'Legal',
  'Customer Success',
  'Product',
] as const;

export const LEVELS = ['C Level', 'Board Level', 'VP Level', 'Director Level', 'Manager Level', 'Staff Level'] as const;

export const INDUSTRIES: ReadonlyArray<readonly [industry: string, subIndustry: string]> = [
  ['Software', 'Enterprise Software'],
  ['Software', 'Security Software'],
  ['Financial Services', 'Banking'],
  ['Financial Services', 'Insurance'],
  ['Healthcare', 'Medical Devices'],
  ['Manufacturing', 'Industrial Machinery'],
  ['Retail', 'E-commerce'],
  ['Telecommunications', 'Wireless'],
  ['Education', 'Higher Education'],
  ['Media', 'Publishing'],
];

/** Documented size ranges with the employee counts size.exact is drawn from. */
export const SIZE_RANGES: ReadonlyArray<readonly [range: string, min: number, max: number]> = [
  ['Myself only', 1, 1],
  ['10-50', 10, 50],
  ['51-200', 51, 200],
  ['201-500', 201, 500],
  ['501-1000', 501, 1000],
  ['1001-5000', 1001, 5000],
  ['5001-10,000', 5001, 10000],
  ['10,001+', 10001, 250000],
];

/** Documented revenue ranges, in the same order of magnitude as SIZE_RANGES so the two can be correlated. */
export const REVENUE_RANGES = [
  '$0-1 Million',
  '$1-10 Million',
  '$10-50 Million',
  '$50-100 Million',
  '$100-250 Million',
  '$250-500 Million',
  '$500M-1 Billion',
  '> $1 Billion',
] as const;

export const LOCATIONS: ReadonlyArray<readonly [country: string, state: string, city: string]> = [
  ['United States', 'California', 'San Francisco'],
  ['United States', 'New York', 'New York'],
  ['United States', 'Texas', 'Austin'],
  ['United States', 'Massachusetts', 'Boston'],
  ['United Kingdom', 'England', 'London'],
  ['Germany', 'Bavaria', 'Munich'],
  ['France', 'Île-de-France', 'Paris'],
  ['Canada', 'Ontario', 'Toronto'],
  ['Israel', 'Tel Aviv District', 'Tel Aviv'],
  ['Australia', 'New South Wales', 'Sydney'],
];
