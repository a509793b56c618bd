/**
 * Who may import whom (`npm run lint:deps`, part of `npm test`). Floors, bottom up:
 *   core/                      nothing of the repository (data files such as lambdas/*.json are read, not imported)
 *   platform/, infra/          core/ only (infra never the emulator, the emulator never the CDK app)
 *   conformance/               core/ and platform/
 *   bench/, soak/              core/, platform/, conformance/ (the bench obeys the conformance gate)
 *   scripts/, test/            anything; nothing imports them back
 *   lambdas/<name>/src         its own folder and generated/ (a runtime ships alone)
 * Plus: no cycles anywhere. scripts/dependency-rules.test.ts proves each rule fails on a violation.
 */
const EVERY_FLOOR = ['core', 'platform', 'infra', 'conformance', 'bench', 'soak', 'scripts', 'test', 'lambdas'];

/** A rule forbidding `from` to import any top-level folder outside `allowed` (besides itself). */
function floor(name, from, allowed) {
  const forbidden = EVERY_FLOOR.filter((f) => f !== from && !allowed.includes(f));
  return {
    name,
    severity: 'error',
    comment: `${from}/ may import only ${allowed.length ? allowed.join('/, ') + '/' : 'itself'} of the repository`,
    from: { path: `^${from}/` },
    to: { path: `^(${forbidden.join('|')})/` },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two folders are one floor: move the shared part down.',
      from: {},
      to: { circular: true },
    },
    floor('core-imports-nothing', 'core', []),
    floor('platform-builds-on-core', 'platform', ['core']),
    floor('infra-builds-on-core', 'infra', ['core']),
    floor('conformance-builds-on-platform', 'conformance', ['core', 'platform']),
    floor('bench-builds-on-conformance', 'bench', ['core', 'platform', 'conformance']),
    floor('soak-builds-on-conformance', 'soak', ['core', 'platform', 'conformance']),
    {
      name: 'runtime-source-ships-alone',
      severity: 'error',
      comment: "A runtime's shipped code imports its own folder and generated/ only.",
      from: { path: '^lambdas/([^/]+)/src/' },
      to: { path: '^(?!lambdas/$1/|generated/|node_modules/)[^/]+/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'nothing-imports-tools-or-tests',
      severity: 'error',
      comment: 'scripts/ and test/ sit on top: nothing below imports them.',
      from: { pathNot: '^(scripts|test)/' },
      to: { path: '^(scripts|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|cdk\\.out|dist|\\.venv[^/]*|target|build)/' },
    tsPreCompilationDeps: true,
  },
};
