import { parseOptions, PROFILES } from '../src/options';

describe('bench options', () => {
  test('profiles set their sizes and flags narrow them', () => {
    // Act
    const quick = parseOptions(['--quick', '--runtime', 'go,python', '--memory', '128,512', '--rounds', '4', '--instance-warmup', '5', '--p99-bound', '50'], new Date('2026-01-02T03:04:05.678Z'));
    const def = parseOptions([]);
    // Assess
    expect(quick).toMatchObject({ profile: 'quick', runtimes: ['go', 'python'], memoryMb: [128, 512], rounds: 4, instanceWarmup: 5, outDir: 'results/20260102T030405Z-quick' });
    expect(quick.capacity.p99BoundMs).toBe(50);
    expect(PROFILES.quick.capacity.p99BoundMs).toBe(100);
    expect(def.profile).toBe('default');
    expect(def.memoryMb).toEqual([512, 1769]);
    expect(def.rounds).toBeGreaterThanOrEqual(5);
  });

  test('the last profile flag wins, and --runtimes is --runtime', () => {
    // Act
    const o = parseOptions(['--full', '--smoke', '--runtimes', 'go']);
    // Assess
    expect(o.profile).toBe('smoke');
    expect(o.runtimes).toEqual(['go']);
    expect(o.floors).toBe(true);
    expect(parseOptions(['--no-floors']).floors).toBe(false);
  });

  test('the slowed fixture is named in the options and the output folder', () => {
    const o = parseOptions(['--quick', '--slowed', 'go', '--slowed-ms', '7'], new Date('2026-01-02T03:04:05.678Z'));
    expect(o.slowed).toEqual({ runtime: 'go', ms: 7 });
    expect(o.outDir).toBe('results/20260102T030405Z-quick-slowed-go');
    expect(parseOptions(['--slowed', 'go']).slowed).toEqual({ runtime: 'go', ms: 5 });
  });

  test('the local platform samples X-Ray traces as the CDK app deploys them unless told otherwise', () => {
    expect(parseOptions([]).tracing).toBe('active');
    expect(parseOptions(['--tracing', 'off']).tracing).toBe('off');
    expect(() => parseOptions(['--tracing', 'half'])).toThrow(/--tracing is active or off/);
    expect(() => parseOptions(['--tracing', 'off', '--target', 'https://x.example/dev'])).toThrow(/--tracing is the local platform's/);
  });

  it('takes the code-read model: ql4b\'s rate and a measured host factor by default, a number or off, never against a deployed stage', () => {
    // Act / Assess
    expect(parseOptions([])).toMatchObject({ codeReadMbps: 134, hostFactor: 'auto' });
    expect(parseOptions(['--code-read-mbps', '200', '--host-factor', '2.5'])).toMatchObject({ codeReadMbps: 200, hostFactor: 2.5 });
    expect(parseOptions(['--code-read-mbps', 'off']).codeReadMbps).toBe('off');
    expect(parseOptions(['--host-factor', 'auto']).hostFactor).toBe('auto');
    expect(() => parseOptions(['--code-read-mbps', 'fast'])).toThrow(/--code-read-mbps must be "off" or a rate in MB\/s above 0, got "fast"/);
    expect(() => parseOptions(['--host-factor', '0'])).toThrow(/--host-factor must be a number above 0, got "0"/);
    expect(() => parseOptions(['--code-read-mbps', 'off', '--host-factor', '2'])).toThrow(/--host-factor scales the code-read model, which --code-read-mbps off turns off/);
    expect(() => parseOptions(['--host-factor', '2', '--target', 'https://x.example/dev'])).toThrow(/--host-factor is the local platform's model/);
    expect(() => parseOptions(['--code-read-mbps', 'off', '--target', 'https://x.example/dev'])).toThrow(/--code-read-mbps is the local platform's model/);
  });

  test('bad input is refused with a clear message', () => {
    expect(() => parseOptions(['--memory', '64'])).toThrow(/128..10240/);
    expect(() => parseOptions(['--rounds'])).toThrow(/needs a value/);
    expect(() => parseOptions(['--gate', 'maybe'])).toThrow(/run, recorded or skip/);
    expect(() => parseOptions(['--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parseOptions(['stray'])).toThrow(/unknown option/);
    expect(() => parseOptions(['--no-floors=yes'])).toThrow(/'--no-floors' does not take an argument/);
    expect(() => parseOptions(['--slowed', 'go', '--target', 'https://x.invalid/dev'])).toThrow(/local fixture/);
    expect(() => parseOptions(['--runtime', 'python', '--slowed', 'go'])).toThrow(/not selected/);
  });

  test('--target and --aws-endpoint: URLs, the endpoint only with a target, memory from the deployment', () => {
    // Act
    const o = parseOptions(['--smoke', '--target', 'https://abc.execute-api.eu-west-1.amazonaws.com/dev/', '--aws-endpoint', 'http://127.0.0.1:3001']);
    // Assess
    expect(o).toMatchObject({ target: 'https://abc.execute-api.eu-west-1.amazonaws.com/dev', awsEndpoint: 'http://127.0.0.1:3001' });
    expect(() => parseOptions(['--aws-endpoint', 'http://127.0.0.1:3001'])).toThrow(/--aws-endpoint goes with --target/);
    expect(() => parseOptions(['--target', 'abc.execute-api.eu-west-1.amazonaws.com'])).toThrow(/--target needs an http\(s\) URL/);
    expect(() => parseOptions(['--target', 'https://x.example/dev', '--memory', '1024'])).toThrow(/--memory does not apply to --target: the deployed configuration decides/);
  });
});
