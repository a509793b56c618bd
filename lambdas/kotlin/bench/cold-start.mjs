#!/usr/bin/env node
// Cold-start benchmark of the Kotlin runtime (a benchmark, not a test): starts fresh JVMs
// under the aws-lambda-java runtime interface client against a minimal Lambda Runtime API
// served here, with dynalite as the table, and prints per-variant medians of
//   init   = process spawn -> first GET /invocation/next (what Lambda reports as Init Duration)
//   first  = first event handed out -> its response (a POST /kotlin/items: validation + PutItem)
//   total  = spawn -> first response (what a client waiting on a cold start sees)
// Variants are JAVA_TOOL_OPTIONS values; runs are interleaved across variants.
// With --memory M (as root, cgroup v1), each JVM gets Lambda's CPU share (M/1769 of a core)
// and a hard memory cap of M MiB, as the local platform gives it.
//
// A token @cp=DIR in OPTS puts DIR/*.jar on the classpath and lets the SDK choose its HTTP
// client from it (SDK_HTTP_CLIENT=auto): bench/http-clients.sh uses that.
//
// Why this stays beside the platform's bench (issue 19 asked): it times several JVM option
// sets and classpaths (@cp) of the same artifact against each other, interleaved in one run,
// from the process's spawn; `npm run bench` times one manifest command per runtime and has
// no notion of variants. Its cgroup and Runtime API code are the minimum for that
// (plain node, no build step); the platform's own are TypeScript under platform/src, which
// a runtime folder must not import (floors: lambdas/ sit below platform/).
//
// usage: node bench/cold-start.mjs [--runs 7] [--memory 512] label='OPTS' ...
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const runtimeDir = path.resolve(here, '..');
const repo = path.resolve(runtimeDir, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(runtimeDir, 'runtime.json'), 'utf8'));

const args = process.argv.slice(2);
let runs = 7;
let memoryMb = null;
const variants = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--memory') memoryMb = Number(args[++i]);
  else {
    const eq = args[i].indexOf('=');
    const tokens = args[i].slice(eq + 1).split(' ').filter(Boolean);
    const cp = tokens.find((t) => t.startsWith('@cp='))?.slice(4);
    variants.push({ label: args[i].slice(0, eq), opts: tokens.filter((t) => !t.startsWith('@cp=')).join(' '), cp });
  }
}
if (variants.length === 0) variants.push({ label: 'manifest', opts: manifest.aws.environment?.JAVA_TOOL_OPTIONS ?? '' });

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startDynalite() {
  const port = await freePort();
  const child = spawn('node', [path.join(repo, 'node_modules/dynalite/cli.js'), '--port', String(port), '--host', '127.0.0.1', '--createTableMs', '0'], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      await dynamo(endpoint, 'CreateTable', {
        TableName: 'items',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      });
      return { child, endpoint };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('dynalite did not start');
}

// dynalite checks that a signature is present, not that it is right.
async function dynamo(endpoint, op, body) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `DynamoDB_20120810.${op}`, Authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0', 'X-Amz-Date': '20260101T000000Z' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${op}: ${res.status} ${await res.text()}`);
  return res.json();
}

function apiEvent(method, p, body) {
  return {
    resource: p, path: p, httpMethod: method,
    headers: { Host: '127.0.0.1', 'Content-Type': 'application/json' },
    multiValueHeaders: { Host: ['127.0.0.1'], 'Content-Type': ['application/json'] },
    queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null,
    requestContext: { requestId: 'bench', stage: 'local', resourcePath: p, requestTimeEpoch: Date.now() },
    body, isBase64Encoded: false,
  };
}

/** One cold start: a fresh JVM, two invocations (create an item, then read /metrics). */
async function coldStart(variant, endpoint) {
  const events = [
    apiEvent('POST', '/kotlin/items', JSON.stringify({ name: 'Espresso cup', description: '90 ml', price: 19.99 })),
    apiEvent('GET', '/kotlin/metrics', null),
  ];
  const t = { spawn: 0, firstNext: 0, firstOut: 0, firstResponse: 0 };
  const responses = [];
  let done;
  const finished = new Promise((resolve, reject) => (done = { resolve, reject }));
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      if (req.method === 'GET' && req.url.endsWith('/invocation/next')) {
        const n = responses.length;
        if (n === 0 && !t.firstNext) t.firstNext = now;
        if (n >= events.length) return; // parked, as Lambda freezes an idle instance
        if (n === 0) t.firstOut = performance.now();
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Lambda-Runtime-Aws-Request-Id': `req-${n}`,
          'Lambda-Runtime-Deadline-Ms': String(Date.now() + 10_000),
          'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:000000000000:function:kotlin',
          'Lambda-Runtime-Trace-Id': 'Root=1-00000000-000000000000000000000000',
        });
        return res.end(JSON.stringify(events[n]));
      }
      if (req.method === 'POST' && req.url.includes('/response')) {
        if (responses.length === 0) t.firstResponse = now;
        responses.push(JSON.parse(Buffer.concat(chunks).toString()));
        res.writeHead(202).end();
        if (responses.length === events.length) done.resolve();
        return;
      }
      res.writeHead(202).end();
      done.reject(new Error(`runtime reported an error: ${req.url} ${Buffer.concat(chunks)}`));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const taskRoot = path.join(runtimeDir, manifest.local.taskRoot);
  const fill = (s) => s.replaceAll('{taskRoot}', taskRoot).replaceAll('{runtimeDir}', runtimeDir).replaceAll('{repo}', repo).replaceAll('{managedRuntimes}', path.join(repo, 'platform', 'managed-runtimes')).replaceAll('{handler}', manifest.aws.handler);
  let argv = manifest.local.command.map(fill);
  if (variant.cp) argv[argv.indexOf('-cp') + 1] = `${path.resolve(runtimeDir, variant.cp)}/*:` + argv[argv.indexOf('-cp') + 1];
  const cgroup = memoryMb ? makeCgroup(memoryMb) : null;
  if (cgroup) argv = ['sh', '-c', `for f in ${cgroup.procs.join(' ')}; do echo $$ > $f; done; exec "$@"`, 'sh', ...argv];
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME,
    AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${server.address().port}`,
    TABLE_NAME: 'items', AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
    _HANDLER: manifest.aws.handler, LAMBDA_TASK_ROOT: taskRoot,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb ?? manifest.aws.memoryMb),
    // What Lambda (and the platform) set and Powertools and the X-Ray SDK read.
    AWS_LAMBDA_FUNCTION_NAME: manifest.name, AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR', AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
    ...manifest.aws.environment,
    JAVA_TOOL_OPTIONS: variant.opts,
    ...(variant.cp ? { SDK_HTTP_CLIENT: 'auto' } : {}),
  };
  t.spawn = performance.now();
  const child = spawn(argv[0], argv.slice(1), { cwd: taskRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.on('exit', (code) => done.reject(new Error(`JVM exited (${code}): ${stderr}`)));
  const timer = setTimeout(() => done.reject(new Error('timeout')), 30_000);
  try {
    await finished;
  } finally {
    clearTimeout(timer);
    child.removeAllListeners('exit');
    // SIGTERM first: a JVM that exits normally writes -XX:ArchiveClassesAtExit archives.
    const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(force);
    server.close();
    cgroup?.remove();
  }
  const created = responses[0];
  if (created.statusCode !== 201) throw new Error(`create answered ${created.statusCode}: ${created.body}`);
  const metrics = JSON.parse(responses[1].body);
  return {
    init: t.firstNext - t.spawn,
    first: t.firstResponse - t.firstOut,
    total: t.firstResponse - t.spawn,
    jvmInit: metrics.initDurationMs,
    rssMiB: metrics.memory.rssBytes / 1048576,
  };
}

function makeCgroup(mb) {
  const name = `kotlin-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const cpu = `/sys/fs/cgroup/cpu/${name}`;
  const mem = `/sys/fs/cgroup/memory/${name}`;
  fs.mkdirSync(cpu);
  fs.mkdirSync(mem);
  fs.writeFileSync(`${cpu}/cpu.cfs_period_us`, '100000');
  fs.writeFileSync(`${cpu}/cpu.cfs_quota_us`, String(Math.round((mb / 1769) * 100000)));
  fs.writeFileSync(`${mem}/memory.limit_in_bytes`, String(mb * 1048576));
  return {
    procs: [`${cpu}/cgroup.procs`, `${mem}/cgroup.procs`],
    remove() {
      for (const d of [cpu, mem]) {
        for (let i = 0; i < 50; i++) {
          try { fs.rmdirSync(d); break; } catch { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); }
        }
      }
    },
  };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const { child: dynalite, endpoint } = await startDynalite();
// Whatever fails, dynalite goes with this process.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    console.error(error);
    dynalite.kill();
    process.exit(1);
  });
}
try {
  const samples = new Map(variants.map((v) => [v.label, []]));
  await coldStart(variants[0], endpoint); // warm the page cache: not counted
  for (let r = 0; r < runs; r++) {
    for (const v of variants) samples.get(v.label).push(await coldStart(v, endpoint));
  }
  const zip = path.join(runtimeDir, manifest.build.artifact);
  console.log(`kotlin cold start: ${runs} fresh JVMs per variant, memory ${memoryMb ? memoryMb + ' MB (CPU ' + (memoryMb / 1769).toFixed(3) + ' core, cgroup v1)' : 'unconstrained'}, artifact ${(fs.statSync(zip).size / 1048576).toFixed(1)} MiB, ${process.env.JAVA_HOME ?? 'java on PATH'}`);
  console.log('variant'.padEnd(22), 'init ms'.padStart(8), 'first ms'.padStart(9), 'total ms'.padStart(9), 'jvm init'.padStart(9), 'rss MiB'.padStart(8));
  for (const v of variants) {
    const s = samples.get(v.label);
    const col = (k, w) => median(s.map((x) => x[k])).toFixed(0).padStart(w);
    console.log(v.label.padEnd(22), col('init', 8), col('first', 9), col('total', 9), col('jvmInit', 9), col('rssMiB', 8));
  }
} finally {
  dynalite.kill();
}
