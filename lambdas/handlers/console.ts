import { handle } from 'hono/aws-lambda';
import { createConsoleApp } from '../console/assets';
import { CONSOLE_ASSETS } from '../console/assets.generated';

// The web console's page and assets, embedded in the bundle: public, no data, no API key (lib/console.ts).
export const handler = handle(createConsoleApp(CONSOLE_ASSETS));
