import { planStep, type PlanStepInput, type PlanStepOutput } from '../app/planStep';
import { resumeBatches } from '../app/resumeBatches';
import { ports } from '../aws/wiring/planStep';

/** PlanStep (lambdas/app/planStep.ts); the Resume state runs here too: it needs exactly PlanStep's tables and answers in its shape. */
export async function handler(event: PlanStepInput | { jobId: string; resume: true }): Promise<PlanStepOutput> {
  if ('resume' in event) return resumeBatches(event.jobId, ports().resume);
  return planStep(ports().step, ports().settings, event);
}
