import { handler as preflight } from '../lambdas/handlers/preflight';
import { handler as exportLeads } from '../lambdas/handlers/export';
import { handler as prepare } from '../lambdas/handlers/prepare';
import { handler as planStep } from '../lambdas/handlers/planStep';
import { handler as submit } from '../lambdas/handlers/submit';
import { handler as awaitCallback } from '../lambdas/handlers/await';
import { handler as poll } from '../lambdas/handlers/poll';
import { handler as reprocess } from '../lambdas/handlers/reprocess';
import { handler as batchFailed } from '../lambdas/handlers/batchFailed';
import { handler as merge } from '../lambdas/handlers/merge';
import { handler as webhook } from '../lambdas/handlers/webhook';
import { handler as estimate } from '../lambdas/handlers/estimate';
import type { LocalHandler } from './stateMachine/runner';

/**
 * Which Lambda handler each Task state of the synthesized definition invokes, as lib/workflow.ts wires them.
 * The runner refuses to start if the definition has a Task state missing here.
 */
export const HANDLERS_BY_STATE: Record<string, LocalHandler> = {
  Preflight: preflight as LocalHandler,
  Export: exportLeads as LocalHandler,
  Prepare: prepare as LocalHandler,
  PlanStep: planStep as LocalHandler,
  Submit: submit as LocalHandler,
  Await: awaitCallback as LocalHandler,
  Poll: poll as LocalHandler,
  BatchFailed: batchFailed as LocalHandler,
  Merge: merge as LocalHandler,
  RecordFailure: merge as LocalHandler,
  // The Resume state runs in the PlanStep function (lib/workflow.ts).
  Resume: planStep as LocalHandler,
  Reprocess: reprocess as LocalHandler,
};

/**
 * The handlers EventBridge rules may target, by file name under lambdas/handlers/ (LeadflowFunction's `handler`).
 * local/eventRules.ts refuses to start with a rule whose function is missing here.
 */
export const HANDLERS_BY_FUNCTION: Record<string, LocalHandler> = {
  merge: merge as LocalHandler,
  webhook: webhook as LocalHandler,
};

/** The functions the job API invokes itself, by file name under lambdas/handlers/ (local/emulators/lambda.ts). */
export const HANDLERS_INVOKED: Record<string, LocalHandler> = {
  estimate: estimate as LocalHandler,
};

/**
 * Functions that scheduled rules run on AWS and the local runtime does not, with why (docs/local-runtime.md). A
 * scheduled rule whose function is not listed here stops the runtime from starting.
 */
export const NOT_SCHEDULED_LOCALLY: Record<string, string> = {
  tokenAge:
    "a daily check of the vendor tokens' age (lib/token-reminders.ts) that reminds on the alarm topic: a local run lasts a job, its secrets are seeded fresh, and it has no alarm topic",
};
