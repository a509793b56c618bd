/**
 * Ctrl-C or SIGTERM in a command that starts platforms (bench, conformance, soak): exit through
 * process.exit, so the platforms' exit hook ends every instance, frozen ones included
 * (platform/src/platform.ts). Node's default for these signals would exit without it.
 */
export function exitOnTerminationSignals(say: (line: string) => void): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      say(`${signal}: ending every instance and exiting (${code})`);
      process.exit(code);
    });
  }
}
