/* Implemented by `now` (lambdas/aws/clock.ts). */

/** Milliseconds since the epoch: the runtime's clock (scaled in local runs), a fixed one in unit tests. */
export type Clock = () => number;
