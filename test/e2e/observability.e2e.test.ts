/**
 * The observability contract every runtime follows (issue 19; docs/runtimes/<runtime>.md,
 * "Observability"), through the local platform: at an instance's first invocation one JSON
 * "cold start" log line with the Lambda context's fields and one ColdStart EMF metric; each
 * DynamoDB call an X-Ray subsegment sent to the platform's daemon sink (platform/src/xray-sink.ts)
 * when the trace header says Sampled=1, and nothing sent when it says Sampled=0.
 */
import { newTraceRoot } from '../../platform/src/trace';
import { startPlatform, type Platform } from '../../platform/src/platform';
import { runtimes } from '../support/targets';

jest.setTimeout(180_000);

type Json = Record<string, unknown>;

/** Fields every log line carries (the contract's list). */
const LOG_FIELDS = ['timestamp', 'level', 'message', 'service', 'cold_start', 'function_name', 'function_memory_size', 'function_arn', 'function_request_id'];

const lines = new Map<string, string[]>();
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({
    port: 0,
    runtimes: runtimes.map((r) => r.name),
    build: true,
    onLog: (runtime, _instance, line) => {
      if (!lines.has(runtime)) lines.set(runtime, []);
      lines.get(runtime)!.push(line);
    },
  });
});
afterAll(() => platform?.stop());

function jsonLines(runtime: string): Json[] {
  return (lines.get(runtime) ?? []).flatMap((line) => {
    try {
      const value: unknown = JSON.parse(line.trim());
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? [value as Json] : [];
    } catch {
      return [];
    }
  });
}

async function waitFor<T>(probe: () => T | undefined, ms = 5000): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function isEmf(line: Json): boolean {
  return typeof line._aws === 'object' && line._aws !== null;
}

/** A DynamoDB call's subsegment anywhere in a document's tree. */
function dynamoDbSubsegment(doc: Json): Json | undefined {
  const aws = doc.aws as Json | undefined;
  if (String(doc.name).toLowerCase() === 'dynamodb' || (doc.namespace === 'aws' && typeof aws?.operation === 'string')) return doc;
  for (const child of (doc.subsegments as Json[] | undefined) ?? []) {
    const found = dynamoDbSubsegment(child);
    if (found) return found;
  }
  return undefined;
}

/** The sink's documents of one trace (an independently sent subsegment carries its trace_id). */
function documentsOf(root: string): Json[] {
  return platform.xray.segments().map((s) => s.document).filter((d) => d.trace_id === root);
}

async function listItems(runtime: string, traceHeader?: string): Promise<number> {
  const res = await fetch(`${platform.url}/${runtime}/items?limit=1`, { headers: traceHeader ? { 'X-Amzn-Trace-Id': traceHeader } : {} });
  await res.arrayBuffer();
  return res.status;
}

describe.each(runtimes.map((r) => r.name))('%s', (name) => {
  it('logs one JSON "cold start" line and one ColdStart EMF metric at its first invocation, nothing at INFO after', async () => {
    // Prepare: no instance left, no lines kept
    await platform.drain(name);
    lines.set(name, []);
    const root = newTraceRoot();
    // Act: a cold start, then a warm invocation
    const statuses = [await listItems(name, `Root=${root};Sampled=0`)];
    const coldStart = await waitFor(() => jsonLines(name).find((l) => l.message === 'cold start'));
    const emf = await waitFor(() => jsonLines(name).find(isEmf));
    const before = jsonLines(name).length;
    statuses.push(await listItems(name));
    await new Promise((r) => setTimeout(r, 500));
    // Assess
    expect(statuses).toEqual([200, 200]);
    expect(coldStart).toBeDefined();
    expect(Object.keys(coldStart!)).toEqual(expect.arrayContaining([...LOG_FIELDS, 'xray_trace_id', 'initDurationMs', 'instanceId']));
    expect(coldStart).toMatchObject({ level: 'INFO', service: `items-${name}`, cold_start: true, function_name: name, xray_trace_id: root });
    expect(typeof coldStart!.initDurationMs).toBe('number');
    expect(String(coldStart!.timestamp)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:?00)$/);
    expect(emf).toBeDefined();
    const directive = ((emf!._aws as Json).CloudWatchMetrics as Json[])[0]!;
    expect(directive.Namespace).toBe('MultiRuntimeBenchmark');
    expect(directive.Metrics).toEqual([{ Name: 'ColdStart', Unit: 'Count' }]);
    expect((directive.Dimensions as string[][])[0]!.slice().sort()).toEqual(['function_name', 'service']);
    expect([emf!.ColdStart].flat()).toEqual([1]);
    expect(emf).toMatchObject({ function_name: name, service: `items-${name}` });
    const after = jsonLines(name).slice(before);
    expect(after.filter((l) => l.level === 'INFO' || isEmf(l))).toEqual([]);
  });

  it('sends a DynamoDB subsegment of the request\'s trace to the X-Ray daemon when the trace is sampled', async () => {
    // Prepare
    const root = newTraceRoot();
    platform.xray.clear();
    // Act
    const status = await listItems(name, `Root=${root};Sampled=1`);
    const subsegment = await waitFor(() => documentsOf(root).map(dynamoDbSubsegment).find((s) => s !== undefined));
    // Assess
    expect(status).toBe(200);
    expect(subsegment).toBeDefined();
  });

  it('sends nothing when the trace is not sampled', async () => {
    // Prepare
    const root = newTraceRoot();
    platform.xray.clear();
    // Act
    const status = await listItems(name, `Root=${root};Sampled=0`);
    // UDP gives no end: give a sender the time a sampled request needed above, then look.
    await new Promise((r) => setTimeout(r, 1500));
    // Assess
    expect(status).toBe(200);
    expect(platform.xray.segments().filter((s) => JSON.stringify(s.document).includes(root))).toEqual([]);
  });
});
