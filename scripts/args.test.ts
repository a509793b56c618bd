/** The npm scripts' argument parsing (node:util parseArgs): what they accept and what they refuse. */
import { parseCostArgs } from './cost-estimate';
import { parseDevArgs } from './dev';
import { parseRuntimesArgs } from './runtimes';
import { parseProxyArgs } from './signing-proxy';

describe('npm run build / test:runtimes arguments', () => {
  test('a mode and an optional runtime list', () => {
    expect(parseRuntimesArgs(['build'])).toEqual({ mode: 'build', runtime: undefined });
    expect(parseRuntimesArgs(['test', '--runtime', 'go,python'])).toEqual({ mode: 'test', runtime: 'go,python' });
    expect(parseRuntimesArgs(['lint', '--runtime', 'go'])).toEqual({ mode: 'lint', runtime: 'go' });
  });

  test('a misspelt flag, a missing value, an unknown or extra mode are refused with the usage', () => {
    expect(() => parseRuntimesArgs(['build', '--runtim', 'go'])).toThrow(/Unknown option '--runtim'[\s\S]*usage: runtimes.ts build\|test/);
    expect(() => parseRuntimesArgs(['build', '--runtime'])).toThrow(/argument missing[\s\S]*usage/);
    expect(() => parseRuntimesArgs(['bild'])).toThrow(/^usage: runtimes.ts build\|test/);
    expect(() => parseRuntimesArgs(['build', 'test'])).toThrow(/^usage/);
  });
});

describe('npm run dev arguments', () => {
  test('a runtime and a port (8081 unless given)', () => {
    expect(parseDevArgs(['go'])).toEqual({ name: 'go', port: '8081' });
    expect(parseDevArgs(['--port', '9000', 'python'])).toEqual({ name: 'python', port: '9000' });
    expect(parseDevArgs([])).toEqual({ name: undefined, port: '8081' });
  });

  test('a bad port, two runtimes or an unknown flag are refused', () => {
    expect(() => parseDevArgs(['go', '--port', 'http'])).toThrow(/--port must be 1..65535, got "http"/);
    expect(() => parseDevArgs(['go', 'python'])).toThrow(/one runtime at a time/);
    expect(() => parseDevArgs(['go', '--verbose'])).toThrow(/Unknown option '--verbose'/);
  });
});

describe('npm run cost arguments', () => {
  test('an optional run folder and a monthly volume (100000 unless given)', () => {
    expect(parseCostArgs([])).toEqual({ help: false, run: undefined, requests: 100_000 });
    expect(parseCostArgs(['results/x', '--requests', '5e6'])).toEqual({ help: false, run: 'results/x', requests: 5_000_000 });
    expect(parseCostArgs(['-h']).help).toBe(true);
  });

  test('a bad volume, two folders or an unknown flag are refused', () => {
    expect(() => parseCostArgs(['--requests', 'many'])).toThrow(/--requests needs a positive number/);
    expect(() => parseCostArgs(['--requests', '-5'])).toThrow(/argument is ambiguous|positive number/);
    expect(() => parseCostArgs(['a', 'b'])).toThrow(/one run folder at a time/);
    expect(() => parseCostArgs(['--bogus'])).toThrow(/Unknown option '--bogus'/);
  });
});

describe('signing-proxy arguments', () => {
  test('--target URL, then the command after --, its own flags untouched', () => {
    expect(parseProxyArgs(['--target', 'https://a.execute-api.eu-west-1.amazonaws.com/dev/', '--', 'npm', 'run', 'conformance', '--', '--base-url', '{proxy}'])).toEqual({
      target: 'https://a.execute-api.eu-west-1.amazonaws.com/dev/',
      command: ['npm', 'run', 'conformance', '--', '--base-url', '{proxy}'],
    });
  });

  test('no target, a target that is not a URL, no command or an unknown flag: malformed', () => {
    expect(parseProxyArgs(['--', 'true'])).toBeUndefined();
    expect(parseProxyArgs(['--target', 'a.execute-api.eu-west-1.amazonaws.com', '--', 'true'])).toBeUndefined();
    expect(parseProxyArgs(['--target', 'https://x.example/dev/'])).toBeUndefined();
    expect(parseProxyArgs(['--target', 'https://x.example/dev/', '--verbose', '--', 'true'])).toBeUndefined();
  });
});
