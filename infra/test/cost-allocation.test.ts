/**
 * Cost allocation tags: every taggable resource of every stack carries project, environment and
 * runtime (the runtime's name in its own stack, `shared` elsewhere), read from the synthesized
 * templates, in the default settings and with every switch flipped. What cannot carry a tag is
 * named, with why it does not matter to the bill.
 */
import { App, CfnResource, Stack, TagManager } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildBenchmarkApp } from '../lib/app';
import { COST_TAG_KEYS, PROJECT_TAG_VALUE, SHARED_RUNTIME_TAG_VALUE } from '../lib/cost-allocation';
import { FIXTURE_LAMBDAS } from './helpers';

/**
 * Resource types of this app that CloudFormation cannot tag, and why that leaves no cost
 * unallocated: each is free, or its usage is billed on a resource that is tagged.
 */
const UNTAGGABLE: Record<string, string> = {
  'AWS::ApiGateway::Account': 'an account setting, free',
  'AWS::ApiGateway::Deployment': 'a snapshot of the API, free; requests bill on the tagged stage',
  'AWS::IAM::ManagedPolicy': 'IAM is free',
  'AWS::IAM::Policy': 'IAM is free',
  'AWS::Lambda::Alias': 'invocations through an alias bill on the tagged function',
  'AWS::Lambda::Permission': 'a resource policy entry, free',
  'AWS::Lambda::Version': 'invocations of a version bill on the tagged function',
  'AWS::Logs::MetricFilter':
    'free itself; the custom metrics it emits are billed untagged (CloudWatch metrics cannot carry tags), so they are outside `npm run cost -- --actual` (docs/aws.md)',
  'AWS::SNS::Subscription': 'free; deliveries bill on the tagged topic',
  'AWS::SNS::TopicPolicy': 'a resource policy, free',
  'AWS::CDK::Metadata': "CDK's version report, not an AWS resource",
};
const untaggableTypes = Object.keys(UNTAGGABLE);

/** Tags as written in a template: a list of {Key, Value} (most types) or a map (a few). */
function templateTags(value: unknown): Record<string, string> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
  return (value ?? {}) as Record<string, string>;
}

interface Row {
  stack: string;
  logicalId: string;
  type: string;
  taggable: boolean;
  tags: Record<string, string>;
}

/** Every CloudFormation resource of every stack: its construct says whether it is taggable, its template what it carries. */
function resources(app: App): Row[] {
  const rows: Row[] = [];
  for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
    const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    const constructs = new Map(stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c)).map((c) => [stack.resolve(c.logicalId) as string, c]));
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const manager = constructs.get(logicalId) && TagManager.of(constructs.get(logicalId));
      rows.push({
        stack: stack.stackName,
        logicalId,
        type: resource.Type,
        taggable: manager !== undefined,
        // The manager names the construct property (`tags`); the template's is capitalized (`Tags`).
        tags: manager ? templateTags(resource.Properties?.[manager.tagPropertyName.replace(/^./, (c) => c.toUpperCase())]) : {},
      });
    }
  }
  return rows;
}

/** The runtime tag a stack's resources must carry. */
function expectedRuntime(stackName: string): string {
  const runtime = /-Runtime(\w+)$/.exec(stackName)?.[1];
  return runtime ? runtime.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase() : SHARED_RUNTIME_TAG_VALUE;
}

const SETTINGS: Record<string, { context: Record<string, string>; lambdasDir?: string }> = {
  'dev, fixture manifests': { context: { environment: 'dev' }, lambdasDir: FIXTURE_LAMBDAS },
  'prod, the real manifests': { context: { environment: 'prod', allowMissingArtifacts: 'true' } },
  'every switch flipped, the real manifests': {
    context: {
      environment: 'dev',
      allowMissingArtifacts: 'true',
      snapStart: 'kotlin',
      kotlinNative: 'true',
      apiAuth: 'none',
      apiGatewayAccountRole: 'true',
      tracing: 'false',
      reservedConcurrency: 'false',
      githubOidc: 'example-org/multi-runtime-api-benchmark',
      benchRunnerRole: 'multi-runtime-benchmark-github-bench',
    },
  },
};

describe.each(Object.entries(SETTINGS))('cost allocation tags: %s', (_name, setting) => {
  const app = new App({ context: setting.context });
  const built = buildBenchmarkApp(app, { lambdasDir: setting.lambdasDir, nag: false });
  const rows = resources(app);
  const environment = setting.context.environment!;

  test('every taggable resource in every stack carries project, environment and runtime', () => {
    // Prepare
    const taggable = rows.filter((r) => r.taggable);
    // Act
    const wrong = taggable
      .map((r) => ({ at: `${r.stack}/${r.logicalId} (${r.type})`, tags: r.tags, want: { project: PROJECT_TAG_VALUE, environment, runtime: expectedRuntime(r.stack) } }))
      .filter((r) => r.tags[COST_TAG_KEYS.project] !== r.want.project || r.tags[COST_TAG_KEYS.environment] !== r.want.environment || r.tags[COST_TAG_KEYS.runtime] !== r.want.runtime);
    // Assess: the billed kinds are among them (functions, log groups, table, stage, dashboard, alarms, topic, key).
    expect(wrong).toEqual([]);
    const types = new Set(taggable.map((r) => r.type));
    for (const billed of ['AWS::Lambda::Function', 'AWS::Logs::LogGroup', 'AWS::DynamoDB::Table', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::RestApi', 'AWS::CloudWatch::Dashboard', 'AWS::CloudWatch::Alarm', 'AWS::SNS::Topic', 'AWS::KMS::Key']) {
      expect(types).toContain(billed);
    }
  });

  test('each runtime stack is tagged with its manifest name, the others with shared', () => {
    // Assess: stack-level tags too (CloudFormation also propagates them to what it creates).
    for (const stack of built.runtimes) expect(stack.tags.tagValues()).toMatchObject({ runtime: stack.runtimeFunction.name, environment, project: PROJECT_TAG_VALUE });
    for (const stack of [built.data, built.api, built.monitoring, ...(built.githubOidc ? [built.githubOidc] : [])]) {
      expect(stack.tags.tagValues()).toMatchObject({ runtime: SHARED_RUNTIME_TAG_VALUE, environment, project: PROJECT_TAG_VALUE });
    }
    const runtimeTags = new Set(rows.filter((r) => r.taggable).map((r) => r.tags.runtime));
    expect([...runtimeTags].sort()).toEqual([...built.runtimes.map((s) => s.runtimeFunction.name), SHARED_RUNTIME_TAG_VALUE].sort());
  });

  test('what cannot carry a tag is a known, unbilled (or billed-elsewhere) type', () => {
    // Act
    const unknown = rows.filter((r) => !r.taggable && !untaggableTypes.includes(r.type)).map((r) => `${r.stack}/${r.logicalId} (${r.type})`);
    // Assess
    expect(unknown).toEqual([]);
  });
});

test('every untaggable type listed carries its reason', () => {
  for (const type of untaggableTypes) expect(UNTAGGABLE[type]!.length).toBeGreaterThan(10);
});
