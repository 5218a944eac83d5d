import type { Vendor } from '../../lambdas/core/plan';

/** What every view shares: the live region, the alert, and whether a view is still the one shown. */

/** Says `message` to screen readers (and shows it): status changes, loads, saves. */
export function announce(message: string): void {
  (document.getElementById('announce') as HTMLElement).textContent = message;
}

/** An error for the user, read out at once (role="alert"); cleared on the next view. */
export function showError(message: string | undefined): void {
  const alert = document.getElementById('alert') as HTMLElement;
  alert.textContent = message ?? '';
  alert.hidden = message === undefined;
}

let generation = 0;

/** A new view is shown: the number it runs under. */
export const nextView = (): number => ++generation;

/** Whether view number `view` is still shown: its timers stop once it is not. */
export const isCurrent = (view: number): boolean => view === generation;

/** The job's default plan (lambdas/core/plan.ts DEFAULT_PLAN, which loads zod with it: not in the page's bundle). */
export const DEFAULT_PLAN: readonly Vendor[] = ['leadspace', 'leadgenius', 'aggknowledge'];

/** How the console names each vendor. */
export const VENDOR_NAMES: Record<string, string> = { leadspace: 'Leadspace', leadgenius: 'LeadGenius', aggknowledge: 'AggKnowledge' };
