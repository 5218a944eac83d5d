import type { BatchRecord } from '../core/batch';
import type { LeadspaceBacklog, Log, VendorStep } from './ports';

type Warns = Pick<Log, 'warn'>;

/**
 * Gives back what a finished batch held with its vendor (Leadspace's backlog). Never fails the batch: a hold that
 * cannot be given back now lapses at the batch's deadline, and until then only makes other batches wait.
 */
export async function releaseVendorHold(vendor: Pick<VendorStep, 'release'>, batch: BatchRecord, logger: Warns): Promise<void> {
  if (!vendor.release) return;
  const released = await vendor.release(batch).catch((error: Error) => {
    logger.warn("Could not give back the batch's share of the vendor backlog", { error: error.name });
    return true;
  });
  if (!released) logger.warn("The vendor backlog ledger stayed contended; the batch's share lapses at its deadline");
}

/**
 * A stopped job's batches that were cut off in flight (the Map ends them when one fails the job) never reach
 * Collect or BatchFailed: their shares are given back here rather than lapsing hours later.
 */
export async function releaseJobHolds(backlog: Pick<LeadspaceBacklog, 'releaseJob'>, jobId: string, logger: Warns): Promise<void> {
  const released = await backlog.releaseJob(jobId).catch((error: Error) => {
    logger.warn("Could not give back the stopped job's share of the vendor backlog", { error: error.name });
    return true;
  });
  if (!released) logger.warn("The vendor backlog ledger stayed contended; the stopped job's share lapses at its deadline");
}
