import type { Vendor } from '../../core/plan';
import { lazy } from '../lazy';
import { aggKnowledgeStep } from './aggknowledge';
import { leadGeniusStep } from './leadgenius';
import { leadspaceStep } from './leadspace';
import type { VendorStep } from '../../app/ports';

// Each built on first use and kept for the container, with the configuration it read then.
const STEPS: Record<Vendor, () => VendorStep> = {
  leadspace: lazy(leadspaceStep),
  leadgenius: lazy(leadGeniusStep),
  aggknowledge: lazy(aggKnowledgeStep),
};

/** The adapter for a batch's vendor; each reads only its own configuration. */
export function vendorStep(vendor: Vendor): VendorStep {
  return STEPS[vendor]();
}
