/**
 * Cost allocation tags: every resource of the app carries `project` and `environment`, and
 * `runtime` — the manifest's name on a runtime's stack, `shared` on the data, API and
 * monitoring stacks (their cost is not one runtime's). Once activated as cost-allocation tags
 * (Billing console or `aws ce update-cost-allocation-tags-status`, docs/aws.md), Cost Explorer
 * groups the bill by them: `npm run cost -- --actual` reads it back. No imports: the cost
 * script (scripts/cost/) reads the same keys.
 */
export const COST_TAG_KEYS = { project: 'project', environment: 'environment', runtime: 'runtime' } as const;

/** The `project` tag's value on every resource. */
export const PROJECT_TAG_VALUE = 'multi-runtime-benchmark';

/** The `runtime` tag's value on resources every runtime shares (table, API, dashboard, alarms, topic). */
export const SHARED_RUNTIME_TAG_VALUE = 'shared';
