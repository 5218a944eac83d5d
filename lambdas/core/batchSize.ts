import type { Vendor } from './plan';

/** How many records each vendor takes per bulk request (Leadspace documents 500; the others are paced below their limits). */
export const VENDOR_BATCH_SIZE: Record<Vendor, number> = { leadspace: 500, leadgenius: 500, aggknowledge: 500 };

/** A LeadGenius bulk can never exceed the hourly object limit, whatever the contract says it is. */
export function batchSizeFor(vendor: Vendor, leadGeniusObjectsPerHour: number): number {
  return vendor === 'leadgenius' ? Math.min(VENDOR_BATCH_SIZE.leadgenius, leadGeniusObjectsPerHour) : VENDOR_BATCH_SIZE[vendor];
}
