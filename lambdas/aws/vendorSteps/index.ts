import type { Vendor } from '../../core/plan';
import { aggKnowledgeStep } from './aggknowledge';
import { leadGeniusStep } from './leadgenius';
import { leadspaceStep } from './leadspace';
import type { VendorStep } from './types';

export type { CollectedRound, PollOutcome, SubmitOutcome, SubmitRequest, VendorStep } from './types';

const FACTORIES: Record<Vendor, () => VendorStep> = {
  leadspace: leadspaceStep,
  leadgenius: leadGeniusStep,
  aggknowledge: aggKnowledgeStep,
};

/** The adapter for a batch's vendor; each reads only its own configuration. */
export function vendorStep(vendor: Vendor): VendorStep {
  return FACTORIES[vendor]();
}
