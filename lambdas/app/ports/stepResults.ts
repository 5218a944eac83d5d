import type { BatchRecord } from '../../core/batch';
import type { LeadState } from '../../core/leadState';

/* Implemented by openStepResults (lambdas/aws/stepResults.ts), over the batch rows and the results files. */

/** One plan step's answers, read back as the leads ask for them. */
export interface StepResults {
  /** Folds the step's answer for this lead (if the lead was sent in the step) into its state. */
  fold(state: LeadState): Promise<LeadState>;
  batches: BatchRecord[];
}
