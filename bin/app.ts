#!/usr/bin/env node
import { addNagChecks, buildApp } from '../lib/app';

// Settings come from CDK context: cdk.json, or `cdk synth -c maxConcurrentBatches=20`.
const { app } = buildApp({ bundling: true, cloudFormationValidation: true });
addNagChecks(app);
app.synth();
