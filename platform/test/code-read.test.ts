/** The code-read model's arithmetic and its defaults' sources (platform/src/code-read.ts). */
import { codeReadMs, DEFAULT_CODE_READ_MBPS, DEFAULT_HOST_FACTOR, describeCodeRead, validateCodeRead } from '../src/code-read';

describe('the time a package takes to read at init', () => {
  it.each([
    // bytes, AWS MB/s, host factor, ms in this machine's time
    [6_300_000, 134, 2.8, (6.3 / (134 * 2.8)) * 1000],
    [134_000_000, 134, 1, 1000],
    [1_000_000, 100, 2, 5],
    [0, 134, 2.8, 0],
  ])('%d bytes at %d MB/s, host factor %d: %d ms', (bytes, rate, hostFactor, expected) => {
    // Act
    const ms = codeReadMs({ mode: 'modelled', awsMbPerSecond: rate, hostFactor }, bytes);
    // Assess
    expect(ms).toBeCloseTo(expected, 6);
  });

  it('adds nothing when the model is off', () => {
    // Act / Assess
    expect(codeReadMs({ mode: 'off' }, 31_000_000)).toBe(0);
  });
});

describe('the model options', () => {
  it('defaults to ql4b\'s rate and the host factor of the calibration', () => {
    // Act
    const model = validateCodeRead({});
    // Assess
    expect(model).toEqual({ mode: 'modelled', awsMbPerSecond: DEFAULT_CODE_READ_MBPS, hostFactor: DEFAULT_HOST_FACTOR });
    expect([DEFAULT_CODE_READ_MBPS, DEFAULT_HOST_FACTOR]).toEqual([134, 2.8]);
  });

  it('turns off with "off", whatever the host factor', () => {
    // Act / Assess
    expect(validateCodeRead({ codeReadMbps: 'off', hostFactor: 3 })).toEqual({ mode: 'off' });
  });

  it('names itself in the model line', () => {
    // Act / Assess
    expect(describeCodeRead({ mode: 'modelled', awsMbPerSecond: 134, hostFactor: 2.9876 })).toBe('code read at init modelled (134 MB/s on AWS, host factor 2.99)');
    expect(describeCodeRead({ mode: 'off' })).toBe('code read at init NOT modelled');
  });
});
