// zod's `z` namespace less its locales (see ./zod.mjs).
export * from '../../node_modules/zod/v4/classic/external.js';
import * as core from './zodCore.mjs';
import en from '../../node_modules/zod/v4/locales/en.js';

export const locales = { en };
export { core };
