/**
 * Assembles the stacks: data → one stack per runtime manifest → API → monitoring (and, opt-in,
 * the GitHub OIDC role of the scheduled pipeline).
 * References only point forward (functions get the table, the API gets the functions and
 * the table, monitoring gets all three), so there is no cycle. Runtimes come from discovery alone.
 */
import { Tags, Validations, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTRACT_PATH, LAMBDAS_DIR } from '../../core/src/paths';
import { loadContract, mountedRoutes } from '../../core/src/routes';
import { discoverRuntimes } from '../../core/src/runtimes';
import { BenchmarkChecks } from './benchmark-checks';
import { flag, loadConfig, pascal, stackName, type BenchmarkConfig } from './config';
import { COST_TAG_KEYS, PROJECT_TAG_VALUE, SHARED_RUNTIME_TAG_VALUE } from './cost-allocation';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { GithubOidcStack } from './stacks/github-oidc-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { RuntimeStack } from './stacks/runtime-stack';
import { checkVariantArtifact, selectVariants } from './variants';

export interface BenchmarkAppOptions {
  /** Where runtime manifests are discovered (tests point at fixtures). */
  lambdasDir?: string;
  contractPath?: string;
  env?: Environment;
  /** Run cdk-nag's AwsSolutions pack over every stack (default true). */
  nag?: boolean;
}

export interface BenchmarkApp {
  config: BenchmarkConfig;
  data: DataStack;
  runtimes: RuntimeStack[];
  api: ApiStack;
  monitoring: MonitoringStack;
  /** Only with `--context githubOidc=owner/repo`. */
  githubOidc?: GithubOidcStack;
}

export function buildBenchmarkApp(app: App, options: BenchmarkAppOptions = {}): BenchmarkApp {
  const config = loadConfig((key) => app.node.tryGetContext(key));
  const discovered = discoverRuntimes(options.lambdasDir ?? LAMBDAS_DIR);
  if (discovered.length === 0) throw new Error(`no runtime manifests under ${options.lambdasDir ?? LAMBDAS_DIR}`);
  // Manifest variants (e.g. kotlin-native) join as more runtimes: own stacks, prefixes, dashboard lines and alarms.
  const variants = selectVariants(discovered, config.variantNames, (key) => flag(app.node.tryGetContext(key)));
  for (const variant of variants) checkVariantArtifact(variant, config.allowMissingArtifacts);
  const runtimes = [...discovered, ...variants];
  const unknownSnapStart = config.snapStartRuntimes.filter((n) => !runtimes.some((r) => r.name === n));
  if (unknownSnapStart.length) throw new Error(`snapStart names unknown runtime(s): ${unknownSnapStart.join(', ')}`);
  const contract = loadContract(options.contractPath ?? CONTRACT_PATH);
  const env = options.env;

  const data = new DataStack(app, stackName(config, 'Data'), { env, config, description: 'Multi-runtime benchmark: the items table' });
  const runtimeStacks = runtimes.map(
    (runtime) =>
      new RuntimeStack(app, stackName(config, `Runtime${pascal(runtime.name)}`), {
        env,
        config,
        runtime,
        table: data.table,
        description: `Multi-runtime benchmark: the ${runtime.name} function (${runtime.language})`,
      }),
  );
  const functions = runtimeStacks.map((s) => s.runtimeFunction);
  const api = new ApiStack(app, stackName(config, 'Api'), {
    env,
    config,
    contract,
    runtimes: functions,
    table: data.table,
    description: 'Multi-runtime benchmark: the contract-driven REST API',
  });
  const monitoring = new MonitoringStack(app, stackName(config, 'Monitoring'), {
    env,
    config,
    runtimes: functions,
    api: { apiName: api.restApiName, stageName: config.envName, routes: mountedRoutes(contract, runtimes.map((r) => r.name)) },
    table: data.table,
    description: 'Multi-runtime benchmark: dashboard, alarms, alarm topic',
  });

  // Account-wide, not per environment: deployed once, on its own (docs/aws.md, "Scheduled pipeline").
  const githubOidc = config.githubOidc
    ? new GithubOidcStack(app, 'MultiRuntimeBenchmark-GithubOidc', {
        env,
        github: config.githubOidc,
        description: 'Multi-runtime benchmark: the role GitHub Actions assume by OIDC to run the AWS pipeline',
      })
    : undefined;

  // Cost allocation (lib/cost-allocation.ts): applied to each stack and every taggable resource in it.
  Tags.of(app).add(COST_TAG_KEYS.project, PROJECT_TAG_VALUE);
  Tags.of(app).add(COST_TAG_KEYS.environment, config.envName);
  runtimeStacks.forEach((stack, i) => Tags.of(stack).add(COST_TAG_KEYS.runtime, runtimes[i]!.name));
  for (const shared of [data, api, monitoring, ...(githubOidc ? [githubOidc] : [])]) Tags.of(shared).add(COST_TAG_KEYS.runtime, SHARED_RUNTIME_TAG_VALUE);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new BenchmarkChecks(app, { verbose: true }));
  return { config, data, runtimes: runtimeStacks, api, monitoring, githubOidc };
}
