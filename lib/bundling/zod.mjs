// What the functions' bundles get for `import … from 'zod'` (lib/bundling/options.ts aliases it): zod itself, less
// its 63 translations of error messages. zod's `z` namespace carries `z.locales` and `z.core.locales`, so a bundle of
// any code that passes `z` around as a value (as @hono/zod-openapi does) holds every locale, a quarter of a megabyte
// of JavaScript that each cold start parses; Leadflow's messages are English (zod's default). Laid out as zod's own
// index is, with relative paths, as the alias applies to the package name.
import * as z from './zodExternal.mjs';

export * from './zodExternal.mjs';
export { z, z as default };
