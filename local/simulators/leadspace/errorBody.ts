import { randomUUID } from 'node:crypto';

/** The vendor's "General JSON response format" for errors. */
export interface LeadspaceErrorBody {
  error: string;
  tracking_id: string;
  request_timestamp: string;
  details: string;
}

export function errorBody(error: string, details: string): LeadspaceErrorBody {
  return {
    error,
    tracking_id: randomUUID(),
    // ISO 8601 in UTC without fractions, like the document's example 2015-05-03T15:38:45Z.
    request_timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    details,
  };
}
