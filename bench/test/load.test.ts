/**
 * `npm run load`: its options, the Artillery command it builds (locally and spread over AWS),
 * the per-runtime table from a report, and the processor's signing: the signature covers the
 * URL, method, content-type and body Artillery will send.
 */
import { artilleryArgs, parseLoadOptions } from '../load/cli';
import { fill, pickRuntime, recordByRuntime, signRequest } from '../load/processor';
import { perRuntimeTable } from '../load/report';
import { signRequest as sigv4 } from '../src/sigv4';

describe('npm run load: options', () => {
  test('a loopback target defaults to the local phases, a stage to the stage ones', () => {
    const local = parseLoadOptions(['--target', 'http://127.0.0.1:3000/'], new Date('2026-01-02T03:04:05Z'));
    const stage = parseLoadOptions(['--target', 'https://abc.execute-api.eu-west-1.amazonaws.com/dev', '--runtime', 'go,python']);
    expect(local).toMatchObject({ target: 'http://127.0.0.1:3000', scenario: 'crud', env: 'local', on: 'local', outDir: 'results/load-20260102T030405Z-crud' });
    expect(stage).toMatchObject({ env: 'stage', runtimes: ['go', 'python'] });
    expect(parseLoadOptions(['--help'])).toBe('help');
  });

  test.each([
    [[], /--target is required/],
    [['--target', 'example.com'], /--target needs an http\(s\) URL/],
    [['--target', 'http://127.0.0.1:3000', '--scenario', 'nope'], /no scenario "nope" in bench\/load\/scenarios; known: crud/],
    [['--target', 'http://127.0.0.1:3000', '--env', 'huge'], /--env is smoke, local, stage/],
    [['--target', 'http://127.0.0.1:3000', '--on', 'fargate'], /cannot reach http:\/\/127.0.0.1:3000 on this machine/],
    [['--target', 'https://x.execute-api.eu-west-1.amazonaws.com/dev', '--count', '4'], /--region and --count go with --on fargate or --on lambda/],
    [['--target', 'https://x.execute-api.eu-west-1.amazonaws.com/dev', '--on', 'lambda', '--count', '0'], /--count needs a positive whole number/],
    [['--target', 'http://127.0.0.1:3000', '--bogus'], /unknown option --bogus/],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseLoadOptions(argv)).toThrow(message);
  });

  test('the Artillery command: run here, or run-fargate / run-lambda with region and worker count', () => {
    const stage = 'https://x.execute-api.eu-west-1.amazonaws.com/dev';
    const args = (extra: string[]) => artilleryArgs(parseLoadOptions(['--target', stage, ...extra]) as Exclude<ReturnType<typeof parseLoadOptions>, 'help'>, '/r/report.json');
    expect(args([]).slice(0, 7)).toEqual(['run', '--target', stage, '--environment', 'stage', '--output', '/r/report.json']);
    const fargate = args(['--on', 'fargate', '--region', 'eu-west-1', '--count', '4']);
    expect([fargate[0], ...fargate.slice(7, 11)]).toEqual(['run-fargate', '--region', 'eu-west-1', '--count', '4']);
    expect(args(['--on', 'lambda', '--region', 'eu-west-1'])[0]).toBe('run-lambda');
    expect(args([]).at(-1)).toMatch(/bench\/load\/scenarios\/crud\.yml$/);
  });
});

describe('the processor', () => {
  const env = { ...process.env };
  afterEach(() => {
    process.env = { ...env };
  });

  test('fills the virtual user\'s variables, leaving unknown ones', () => {
    expect(fill('/{{ runtime }}/items/{{id}}?x={{ other }}', { runtime: 'go', id: 'abc' })).toBe('/go/items/abc?x={{ other }}');
  });

  test('signs the final URL, method, content-type and body (a loopback target: dummy credentials)', async () => {
    // Prepare
    const req = { url: 'http://127.0.0.1:3000/{{ runtime }}/items?limit=5', method: 'post', json: { name: 'item of {{ runtime }}', price: 1 }, headers: { 'user-agent': 'Artillery' } };
    // Act
    await signRequest(req, { vars: { runtime: 'go' } });
    // Assess
    expect(req).toMatchObject({ url: 'http://127.0.0.1:3000/go/items?limit=5', body: '{"name":"item of go","price":1}' });
    expect(req.json).toBeUndefined();
    const headers = req.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe('Artillery');
    const expected = sigv4(
      { method: 'POST', url: new URL(req.url), headers: { 'content-type': 'application/json' }, body: (req as { body?: string }).body },
      { accessKeyId: 'load-local', secretAccessKey: 'load-local-secret' },
      'us-east-1',
      'execute-api',
      new Date(Date.parse(headers['x-amz-date']!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'))),
    );
    expect(headers.authorization).toBe(expected.authorization);
  });

  test('BENCH_AUTH=none leaves the request to Artillery, unsigned', async () => {
    process.env.BENCH_AUTH = 'none';
    const req = { url: 'http://127.0.0.1:3000/{{ runtime }}/health' };
    await signRequest(req, { vars: { runtime: 'go' } });
    expect(req).toEqual({ url: 'http://127.0.0.1:3000/{{ runtime }}/health' });
  });

  test('each virtual user gets the next runtime; responses are counted per runtime', () => {
    // pickRuntime reads LOAD_RUNTIMES at load: empty here, so it refuses with the fix.
    const done = jest.fn();
    pickRuntime({ vars: {} }, { emit: jest.fn() }, done);
    expect(done.mock.calls[0]![0].message).toMatch(/LOAD_RUNTIMES is empty: run the scenarios through `npm run load`/);
    const emit = jest.fn();
    recordByRuntime({ url: '' }, { statusCode: 201, headers: {}, timings: { phases: { firstByte: 12 } } }, { vars: { runtime: 'go' } }, { emit }, () => undefined);
    expect(emit.mock.calls).toEqual([
      ['histogram', 'crud.go.response_time', 12],
      ['counter', 'crud.go.codes.201', 1],
      ['counter', 'crud.go.without_lambda_request_id', 1],
    ]);
  });
});

describe('the per-runtime table', () => {
  test('percentiles and status codes per runtime from the processor\'s metrics', () => {
    const table = perRuntimeTable(
      {
        aggregate: {
          summaries: { 'crud.go.response_time': { count: 6, p50: 4, p95: 10.14, p99: 22, max: 230 } },
          counters: { 'crud.go.codes.201': 1, 'crud.go.codes.200': 5 },
        },
      },
      ['go', 'python'],
    );
    expect(table.split('\n')).toEqual([
      'runtime  requests  p50  p95   p99   max  status codes  no request id',
      '-------  --------  ---  ----  ----  ---  ------------  -------------',
      'go       6         4.0  10.1  22.0  230  201×1 200×5   0',
      'python   0         -    -     -     -    -             0',
    ]);
  });
});
