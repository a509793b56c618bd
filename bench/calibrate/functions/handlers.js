/**
 * The calibration's probe functions (bench/src/calibrate): CPU-bound work, a background timer
 * and a clock-reading spin, on Node (nodejs22.x) under the same launcher as the runtimes.
 */
const ok = (body) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A fixed amount of CPU work (the same at every memory size): its Duration scales with the CPU share. */
exports.cpu = async (event) => {
  const n = Number(event.queryStringParameters?.n ?? 6e7);
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + i * 7) % 1000003;
  return ok({ x });
};

/** Ticks of a 10 ms background timer since init: an instance frozen while idle does not tick. */
let ticks = 0;
if (process.env.CALIBRATION_PROBE === 'ticker') setInterval(() => ticks++, 10);
exports.ticker = async () => ok({ ticks });

/** Spins for ?ms= of wall time reading the clock; the longest gap between readings is the longest pause. */
exports.pauser = async (event) => {
  const ms = Number(event.queryStringParameters?.ms ?? 1000);
  const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  let last = process.hrtime.bigint();
  const gaps = [];
  for (let now = last; now < end; now = process.hrtime.bigint()) {
    if (now - last > 1_000_000n) gaps.push(Number(now - last) / 1e6);
    last = now;
  }
  return ok({ pausesOver1Ms: gaps.length, maxPauseMs: gaps.length ? Math.max(...gaps) : 0 });
};
