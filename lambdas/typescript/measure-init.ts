/**
 * Benchmark, not a test: the bundle's size and its handler's init time, i.e. import +
 * first invocation (a POST that writes to a local dynalite), each in a fresh Node process.
 * `npm run measure:typescript` (builds first). Prints a median over fresh processes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startLocalTable } from '../../platform/src/dynamo';

const bundle = path.join(__dirname, 'dist', 'lambda', 'index.js');
const runs = Number(process.argv[2] ?? 15);

const probe = `
const t0 = performance.now();
const { handler } = require(${JSON.stringify(bundle)});
const t1 = performance.now();
const event = { resource: '/typescript/items', path: '/typescript/items', httpMethod: 'POST',
  headers: { 'content-type': 'application/json' }, multiValueHeaders: { 'content-type': ['application/json'] },
  queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null,
  requestContext: { requestId: 'init', stage: 'local', resourcePath: '/typescript/items', httpMethod: 'POST',
    requestTimeEpoch: Date.now(), identity: { sourceIp: '127.0.0.1' } },
  body: JSON.stringify({ name: 'init probe', price: 1 }), isBase64Encoded: false };
handler(event, {}).then((r) => {
  const t2 = performance.now();
  if (r.statusCode !== 201) throw new Error('unexpected status ' + r.statusCode + ' ' + r.body);
  process.stdout.write('\\n' + JSON.stringify({ processToImport: t0, importMs: t1 - t0, firstInvocationMs: t2 - t1, totalMs: t2 }));
});`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
  const dynamo = await startLocalTable();
  try {
    const env = {
      ...process.env,
      TABLE_NAME: dynamo.tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // What Lambda sets and Powertools reads: tracing on, an on-demand cold start, a trace
      // header that is not sampled (so nothing is sent), a daemon address nobody listens on.
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: 'typescript',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
      _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0',
    };
    // Sequential fresh processes; async so that the in-process dynalite keeps answering.
    const samples: Record<string, number>[] = [];
    for (let i = 0; i < runs; i++) {
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { env, encoding: 'utf8' });
      // The handler's own lines (the cold-start log line, the EMF metric) come first.
      samples.push(JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>);
    }
    const pick = (k: string) => median(samples.map((s) => s[k]!)).toFixed(1);
    const zip = path.join(__dirname, 'dist', 'typescript.zip');
    console.log(`node ${process.version}, ${runs} fresh processes, medians:`);
    console.log(`  bundle ${(fs.statSync(bundle).size / 1024).toFixed(1)} KiB, zip ${(fs.statSync(zip).size / 1024).toFixed(1)} KiB`);
    console.log(`  process start → import: ${pick('processToImport')} ms (Node itself)`);
    console.log(`  import (module load + init): ${pick('importMs')} ms`);
    console.log(`  first invocation (validator compile + first DynamoDB call): ${pick('firstInvocationMs')} ms`);
    console.log(`  init = import + first invocation: ${median(samples.map((s) => s.importMs! + s.firstInvocationMs!)).toFixed(1)} ms`);
  } finally {
    await dynamo.stop();
  }
}

void main();
