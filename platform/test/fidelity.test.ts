/**
 * The resource model as Lambda runs it, observed from the kernel's side (cgroup files) and from
 * inside fixture functions: burst CPU during init then the quota, the 20 ms CPU period, frozen
 * idle instances, the deadline, the trace id, a private /tmp and the concurrency limit's source.
 */
import * as path from 'node:path';
import { detectCgroups, quotaUs } from '../src/cgroups';
import { startPlatform, type Platform, type PlatformOptions } from '../src/platform';
import { directoryBytes } from '../src/sandbox';

const FIXTURES = path.join(__dirname, 'fixtures', 'lambdas');
const start = (options: PlatformOptions = {}) => startPlatform({ port: 0, lambdasDir: FIXTURES, build: false, ...options });

async function get(platform: Platform, urlPath: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(platform.url + urlPath);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}

// What this machine can enforce decides which blocks run; a block that cannot run says so.
const probe = detectCgroups();
const limits = probe.version !== 'none';
const freezer = probe.freezer.available;
probe.cleanup();
const describeIf = (ok: boolean, why: string) => {
  if (!ok) console.warn(`SKIPPED: ${why}`);
  return ok ? describe : describe.skip;
};

describeIf(limits, `CPU model tests need writable cgroups (${probe.reason})`)('CPU: burst init, then the quota over a 20 ms period', () => {
  it('lifts the quota from spawn until the first invocation/next, then applies memory/1769 of a core', async () => {
    // Prepare: an init that blocks 1.5 s, so the group can be read while it runs
    const platform = await start({ runtimes: ['slowinit'], memoryMb: 512 });
    try {
      const pool = platform.pool('slowinit');
      // Act
      const answer = get(platform, '/slowinit/items');
      const duringInit = await until(() => pool.kernelView()[0]);
      const initStillRunning = pool.instances()[0]?.initDurationMs === undefined;
      await answer;
      const afterInit = pool.kernelView()[0]!;
      // Assess
      expect(initStillRunning).toBe(true);
      expect(duringInit.cpuQuotaUs).toBeUndefined();
      expect(afterInit.cpuQuotaUs).toBe(quotaUs(512, 20_000));
      expect(platform.reports[0]).toMatchObject({ initCpu: 'burst', cpuPeriodMs: 20, coldStart: true });
    } finally {
      await platform.stop();
    }
  });

  it('applies the quota from exec on with initCpu throttled', async () => {
    // Prepare
    const platform = await start({ runtimes: ['slowinit'], memoryMb: 512, initCpu: 'throttled' });
    try {
      const pool = platform.pool('slowinit');
      // Act
      const answer = get(platform, '/slowinit/items');
      const duringInit = await until(() => pool.kernelView()[0]);
      await answer;
      // Assess
      expect(duringInit.cpuQuotaUs).toBe(quotaUs(512, 20_000));
      expect(platform.reports[0]).toMatchObject({ initCpu: 'throttled' });
    } finally {
      await platform.stop();
    }
  });

  // 128 MB: the quota (1.4 ms per 20 ms, 7.2 ms per 100 ms) is used up early in each period even
  // when other work on the machine slows the function, so each pause lasts most of a period. The
  // kernel's throttled time per throttled period can overrun the period when other work delays the
  // unthrottling timer (24.7 ms seen at a 20 ms period, load average 3.4), so the bounds here tell the
  // two periods apart with room for that; "no pause over 20 ms" on an idle machine is the
  // calibration's figure (npm run bench -- --calibrate, docs/fidelity.md), not a unit test's.
  it.each([
    [20, 'at most', 30],
    [100, 'more than', 40],
  ] as const)('with a %i ms period, a CPU-bound function at 128 MB is paused %s %i ms at a time', async (periodMs, relation, boundMs) => {
    // Prepare
    const platform = await start({ runtimes: ['pauser'], memoryMb: 128, cpuPeriodMs: periodMs });
    try {
      await get(platform, '/pauser/items?ms=1');
      const before = platform.pool('pauser').kernelView()[0]!.cpuStat!;
      // Act: 400 ms of wall time spinning; at 0.07 of a core most of it is spent throttled
      const r = await get(platform, '/pauser/items?ms=400');
      const after = platform.pool('pauser').kernelView()[0]!.cpuStat!;
      // Assess: the kernel's own count of throttled time per throttled period
      const throttled = after.throttled - before.throttled;
      const meanPauseMs = (after.throttledNs - before.throttledNs) / Math.max(1, throttled) / 1e6;
      console.log(`period ${periodMs} ms: ${throttled} throttled periods, mean pause ${meanPauseMs.toFixed(1)} ms, longest gap seen inside the function ${(r.body.maxPauseMs as number).toFixed(1)} ms`);
      expect(throttled).toBeGreaterThan(0);
      if (relation === 'at most') expect(meanPauseMs).toBeLessThanOrEqual(boundMs);
      else expect(meanPauseMs).toBeGreaterThan(boundMs);
    } finally {
      await platform.stop();
    }
  });
});

describeIf(freezer, `freeze tests need a writable cgroup freezer (${probe.freezer.reason})`)('freeze: an idle instance gets no CPU', () => {
  it('freezes an instance waiting in invocation/next: its background timer does not tick while idle', async () => {
    // Prepare
    const platform = await start({ runtimes: ['ticker'] });
    try {
      const first = (await get(platform, '/ticker/items')).body.ticks as number;
      const pool = platform.pool('ticker');
      // Act: one second idle
      await sleep(1000);
      const whileIdle = { frozen: pool.instances()[0]!.frozen, kernel: pool.kernelView()[0]!.freezerState };
      const second = (await get(platform, '/ticker/items')).body.ticks as number;
      // Assess: a running 10 ms timer would have ticked ~100 times
      expect(whileIdle).toEqual({ frozen: true, kernel: 'FROZEN' });
      expect(second - first).toBeLessThan(10);
      expect(platform.reports.every((r) => r.freezeIdle)).toBe(true);
    } finally {
      await platform.stop();
    }
  });

  it('leaves idle instances running with freeze off, and says so', async () => {
    // Prepare
    const platform = await start({ runtimes: ['ticker'], freeze: false });
    try {
      const first = (await get(platform, '/ticker/items')).body.ticks as number;
      // Act
      await sleep(1000);
      const second = (await get(platform, '/ticker/items')).body.ticks as number;
      // Assess
      expect(second - first).toBeGreaterThan(50);
      expect(platform.model).toMatchObject({ freezeIdle: false, freezeReason: 'disabled by option' });
      expect(platform.model.notEnforced.join(' ')).toMatch(/freezing idle instances/);
      expect(platform.reports.every((r) => !r.freezeIdle)).toBe(true);
    } finally {
      await platform.stop();
    }
  });

  it('kills a frozen instance when it is reclaimed (thawed first, so SIGKILL takes effect)', async () => {
    // Prepare
    const platform = await start({ runtimes: ['ticker'], idleTimeoutMs: 400 });
    try {
      const pid = (await get(platform, '/ticker/items')).body.pid as number;
      // Act
      await until(() => (platform.pool('ticker').size === 0 ? true : undefined), 5000);
      await sleep(100);
      // Assess
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      await platform.stop();
    }
  });
});

describe('invocation context as Lambda gives it', () => {
  it('counts the deadline from the invoke phase: a 1.5 s init leaves the first invocation its whole timeout', async () => {
    // Prepare: timeout 3 s, init 1.5 s
    const platform = await start({ runtimes: ['slowinit'] });
    try {
      // Act
      const r = await get(platform, '/slowinit/items');
      // Assess
      expect(platform.reports[0]!.initDurationMs).toBeGreaterThan(1400);
      expect(r.body.remainingTimeInMillis).toBeGreaterThan(2500);
      expect(r.body.remainingTimeInMillis).toBeLessThanOrEqual(3000);
    } finally {
      await platform.stop();
    }
  });

  it('reads the package at init as the code-read model says: the wait is real, inside Init Duration, and on the REPORT', async () => {
    // Prepare: a rate at which noop's package (the shared handlers folder) takes 400 ms; and the model off
    const bytes = directoryBytes(path.join(FIXTURES, '..', 'handlers'));
    const modelled = await start({ runtimes: ['noop'], codeReadMbps: bytes / 400e3, hostFactor: 1 });
    const off = await start({ runtimes: ['noop'], codeReadMbps: 'off' });
    try {
      // Act: one cold start on each
      const began = performance.now();
      const r = await get(modelled, '/noop/items');
      const clientMs = performance.now() - began;
      await get(off, '/noop/items');
      // Assess
      expect(r.status).toBe(200);
      expect(modelled.codeRead.noop).toEqual({ packageBytes: bytes, ms: 400 });
      expect(modelled.model.codeRead).toEqual({ mode: 'modelled', awsMbPerSecond: bytes / 400e3, hostFactor: 1 });
      const report = await until(() => modelled.reports.find((x) => x.coldStart));
      expect(report.codeReadMs).toBe(400);
      expect(report.initDurationMs).toBeGreaterThan(400);
      expect(report.billedDurationMs).toBeGreaterThan(400);
      expect(clientMs).toBeGreaterThanOrEqual(400);
      const offReport = await until(() => off.reports.find((x) => x.coldStart));
      expect(offReport.codeReadMs).toBeUndefined();
      expect(off.codeRead.noop).toEqual({ packageBytes: bytes, ms: 0 });
      expect(off.model.codeRead).toEqual({ mode: 'off' });
    } finally {
      await modelled.stop();
      await off.stop();
    }
  });

  it('charges a warm invocation nothing for the package', async () => {
    // Prepare
    const bytes = directoryBytes(path.join(FIXTURES, '..', 'handlers'));
    const platform = await start({ runtimes: ['noop'], codeReadMbps: bytes / 400e3, hostFactor: 1 });
    try {
      // Act: a cold then a warm request on the same instance
      await get(platform, '/noop/items');
      await get(platform, '/noop/items');
      // Assess
      const [cold, warm] = await until(() => (platform.reports.length >= 2 ? platform.reports : undefined));
      expect(cold!.codeReadMs).toBe(400);
      expect(warm!.coldStart).toBe(false);
      expect(warm!.codeReadMs).toBeUndefined();
      expect(warm!.initDurationMs).toBeUndefined();
    } finally {
      await platform.stop();
    }
  });

  it('continues the event\'s trace: the runtime\'s _X_AMZN_TRACE_ID has the Root and the sampling decision of the event\'s X-Amzn-Trace-Id', async () => {
    // Prepare: active tracing (the default) and tracing off
    const active = await start({ runtimes: ['echo'] });
    const off = await start({ runtimes: ['echo'], tracing: 'off' });
    try {
      // Act: the first request of a second is sampled under the default rule; with tracing off none is
      const sampled = await get(active, '/echo/items');
      const unsampled = await get(off, '/echo/items');
      // Assess
      for (const [r, decision, header] of [[sampled, '1', /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24});Sampled=1$/], [unsampled, '0', /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24})$/]] as const) {
        const { event, env } = r.body as { event: { headers: Record<string, string> }; env: Record<string, string> };
        const eventRoot = header.exec(event.headers['X-Amzn-Trace-Id']!)?.[1];
        expect(eventRoot).toBeDefined();
        expect(env._X_AMZN_TRACE_ID).toMatch(new RegExp(`^Root=${eventRoot};Parent=[0-9a-f]{16};Sampled=${decision}`));
      }
      const { env } = sampled.body as { env: Record<string, string> };
      expect(env).toMatchObject({ LAMBDA_RUNTIME_DIR: expect.stringMatching(/managed-runtimes$/), AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR', AWS_XRAY_DAEMON_ADDRESS: active.xray.address });
      expect(active.xray.address).toMatch(/^127\.0\.0\.1:[1-9][0-9]*$/);
      expect([active.model.tracing, off.model.tracing]).toEqual(['active', 'off']);
    } finally {
      await active.stop();
      await off.stop();
    }
  });

  it('gives every instance its own /tmp, removed when the instance ends', async () => {
    // Prepare: two concurrent instances
    const platform = await start({ runtimes: ['tmpwriter'] });
    try {
      // Act
      const [a, b] = await Promise.all([get(platform, '/tmpwriter/items'), get(platform, '/tmpwriter/items')]);
      // Assess
      const seen = [a, b].map((r) => r.body as { pid: number; tmp: string[]; tmpdir: string });
      if (platform.model.tmp.mode === 'mount-namespace') {
        // Besides its own file, only the repository's /tmp entry when the repository lies under /tmp (sandbox.ts).
        const repoInTmp = path.relative('/tmp', path.resolve(__dirname, '..', '..'));
        const kept = repoInTmp.startsWith('..') || path.isAbsolute(repoInTmp) ? [] : [repoInTmp.split(path.sep)[0]!];
        for (const s of seen) expect([...s.tmp].sort()).toEqual([`fixture-${s.pid}`, ...kept].sort());
        expect(seen.map((s) => s.tmpdir)).toEqual(['/tmp', '/tmp']);
      } else {
        console.warn(`/tmp not private here (${platform.model.tmp.reason}): checking TMPDIR only`);
        expect(new Set(seen.map((s) => s.tmpdir)).size).toBe(2);
      }
    } finally {
      await platform.stop();
    }
  });

  it('limits concurrency to the manifest\'s aws.reservedConcurrency unless an option overrides it', async () => {
    // Prepare: fixtures declare none; lambdas/ declare 10
    const fixtures = await start({ runtimes: ['echo'] });
    const overridden = await start({ runtimes: ['echo'], concurrencyLimit: 3 });
    try {
      // Act
      const health = await get(fixtures, '/health');
      // Assess
      expect(fixtures.concurrency.echo).toEqual({ limit: 10, source: 'platform default' });
      expect(overridden.concurrency.echo).toEqual({ limit: 3, source: 'option' });
      expect((health.body.runtimes as { concurrencyLimit: number }[])[0]!.concurrencyLimit).toBe(10);
      expect(health.body.model).toMatchObject({ initCpu: 'burst', cpuPeriodMs: 20 });
    } finally {
      await Promise.all([fixtures.stop(), overridden.stop()]);
    }
  });
});
