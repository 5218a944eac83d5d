import { fileURLToPath } from 'node:url';

/**
 * How every function is bundled (lib/lambda-function.ts gives it to NodejsFunction; bench/functions.ts builds the
 * same bundles to report their size and cold import time), written once so the two cannot drift.
 *
 * - The AWS SDK is bundled too (the default leaves it to the runtime's copy): the code that runs on Lambda is then
 *   the code, with the pinned SDK versions, that the tests and the local runtime run.
 * - Minified, without source maps: a map is larger than the code it maps (it quadrupled the zipped api package)
 *   and `--enable-source-maps` costs every cold start. What an operator reads survives minification: errors carry
 *   their names explicitly (lambdas/core/errorNames.ts) and log messages are literal; only a stack trace's frames
 *   point into the bundle instead of the source.
 * - zod without its translated error messages (./zod.mjs).
 */
export const ESBUILD_TARGET = 'node24';

export const BUNDLE = {
  minify: true,
  sourceMap: false,
  target: ESBUILD_TARGET,
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); an ESM bundle has none unless we make one.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  alias: { zod: fileURLToPath(new URL('./zod.mjs', import.meta.url)) },
} as const;
