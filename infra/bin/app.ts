#!/usr/bin/env node
/** CDK entry: `npx cdk synth|deploy --all --context environment=dev [--context alertEmail=you@example.com]`. */
import { App } from 'aws-cdk-lib';
import { buildBenchmarkApp } from '../lib/app';

const app = new App();
buildBenchmarkApp(app, {
  // Unset without credentials: the stacks are then environment-agnostic, which synth offline needs.
  env: process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } : undefined,
});
app.synth();
