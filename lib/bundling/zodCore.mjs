// zod's core namespace less its locales (see ./zod.mjs).
export * from '../../node_modules/zod/v4/core/index.js';
import en from '../../node_modules/zod/v4/locales/en.js';

export const locales = { en };
