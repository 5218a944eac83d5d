/*
 * The small ports the workflow's use cases are written against (lambdas/app/*), one file each, named for what the
 * use case does with it. The AWS adapters implement them (lambdas/aws) and import them from here, never the other
 * way round; unit tests give in-memory ones (test/app/fakes.ts). Each use case picks only what it calls.
 */

export type { AnswerCache } from './answerCache';
export type { BatchStore } from './batchStore';
export type { Clock } from './clock';
export type { ExportLedger } from './exportLedger';
export type { JobStore } from './jobStore';
export type { BatchIds, LeadspaceBacklog } from './leadspaceBacklog';
export type { Log } from './log';
export type { ObjectWriter } from './objectWriter';
export type { RawAnswers } from './rawAnswers';
export type { ReminderMessage, ReminderPublisher } from './reminderPublisher';
export type { StepResults } from './stepResults';
export type { TokenSecrets, TokenVersion } from './tokenSecrets';
export type { CollectedRound, PollOutcome, SubmitOutcome, SubmitRequest, VendorStep, VendorSteps } from './vendorStep';

/** What every state of a batch gets from the distributed Map (lib/workflow.ts). */
export interface BatchStepInput {
  jobId: string;
  batchId: string;
}

/** Where the batch stands after Submit or Poll: the state machine's choices read these. */
export interface BatchProgress {
  /** the round is with the vendor (false: the shared rate limit had no room, or an uncertain round waits for its callback) */
  sent: boolean;
  ready: boolean;
  waitSeconds: number;
  /** the vendor calls back, so waiting parks a task token (Await) instead of sleeping */
  callsBack: boolean;
}

/** Poll's answer: Poll collects a round as soon as it is ready, so it also says whether the batch goes round again. */
export interface PollProgress extends BatchProgress {
  /** collected, and records the vendor failed transiently go round again (always false when not ready) */
  retry: boolean;
}
