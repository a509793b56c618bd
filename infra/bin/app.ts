#!/usr/bin/env node
/** CDK entry: `npx cdk synth|deploy --all --context environment=dev [--context alertEmail=you@example.com]`. */
import { App } from 'aws-cdk-lib';
import { buildBenchmarkApp } from '../lib/app';

const app = new App();
try {
  buildBenchmarkApp(app, {
    // Unset without credentials: the stacks are then environment-agnostic, which synth offline needs.
    env: process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } : undefined,
  });
} catch (error) {
  // Configuration mistakes (missing artifact, unknown environment) are the user's to fix: the message, not a stack trace.
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
app.synth();
