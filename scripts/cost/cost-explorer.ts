/**
 * What the bill says, from Cost Explorer: GetCostAndUsage at daily granularity, grouped by the
 * `runtime` cost-allocation tag and by service, limited to this app's four services and to
 * resources tagged with this project and environment (infra/lib/cost-allocation.ts), usage
 * records only (no credits, refunds or tax). Every page is followed (NextPageToken; each page is
 * a billed request, $0.01). Before that, ListCostAllocationTags says whether the tags are
 * active: a tag that is not yields no cost at all under a tag filter, which would read as $0.
 */
import { GetCostAndUsageCommand, ListCostAllocationTagsCommand, type CostExplorerClient, type Expression, type ResultByTime } from '@aws-sdk/client-cost-explorer';
import { COST_TAG_KEYS, PROJECT_TAG_VALUE } from '../../infra/lib/cost-allocation';
import type { CostWindow } from './window';

/** Cost Explorer's SERVICE dimension values for the services this app uses. */
export const SERVICES = {
  lambda: 'AWS Lambda',
  apiGateway: 'Amazon API Gateway',
  dynamoDb: 'Amazon DynamoDB',
  cloudWatch: 'AmazonCloudWatch',
} as const;
export type ServiceKey = keyof typeof SERVICES;
const SERVICE_BY_NAME = new Map(Object.entries(SERVICES).map(([k, v]) => [v as string, k as ServiceKey]));

/** A problem with the account's set-up (not the command line): exit code 1, the message says what to do. */
export class SetupError extends Error {}

export interface TagActivation {
  key: string;
  /** When the tag was last activated (ISO), if Cost Explorer says. */
  activatedAt?: string;
}

const activateCommand = (keys: string[]) =>
  `aws ce update-cost-allocation-tags-status --cost-allocation-tags-status ${keys.map((k) => `TagKey=${k},Status=Active`).join(' ')}`;

/**
 * The cost-allocation status of project, environment and runtime. Refuses (SetupError) when one
 * has never been seen by Billing or is not active, with the command that activates it.
 */
export async function checkTagActivation(client: CostExplorerClient): Promise<TagActivation[]> {
  const keys = Object.values(COST_TAG_KEYS) as string[];
  const found = new Map<string, { Status?: string; LastUpdatedDate?: string }>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListCostAllocationTagsCommand({ TagKeys: keys, Type: 'UserDefined', NextToken: token }));
    for (const tag of page.CostAllocationTags ?? []) if (tag.TagKey) found.set(tag.TagKey, tag);
    token = page.NextToken;
  } while (token);
  const unseen = keys.filter((k) => !found.has(k));
  if (unseen.length) {
    throw new SetupError(
      `the cost allocation tag key(s) ${unseen.join(', ')} are unknown to Billing: a tag key appears there up to 24 hours after a resource carrying it is created. ` +
        `Deploy the stage (scripts/deploy.sh), wait a day, then activate them: ${activateCommand(unseen)} (docs/aws.md, "Cost allocation tags")`,
    );
  }
  const inactive = keys.filter((k) => found.get(k)!.Status !== 'Active');
  if (inactive.length) {
    throw new SetupError(
      `the cost allocation tag(s) ${inactive.join(', ')} are not active, so Cost Explorer cannot group or filter by them (the report would read $0). ` +
        `Activate them in the Billing console (Cost allocation tags) or with: ${activateCommand(inactive)} — from the management account in an AWS Organization; ` +
        'costs are tagged from activation on (up to 24 hours later); older costs only with a backfill (docs/aws.md)',
    );
  }
  return keys.map((key) => ({ key, activatedAt: found.get(key)!.LastUpdatedDate }));
}

export interface CostItem {
  /** The runtime tag's value; null where the resource had no runtime tag (Cost Explorer's "runtime$"). */
  runtime: string | null;
  service: ServiceKey;
  usd: number;
}

export interface DailyCosts {
  date: string;
  /** Cost Explorer's flag: the month's bill is not final yet. */
  estimated: boolean;
  items: CostItem[];
}

export function costFilter(environment: string): Expression {
  return {
    And: [
      { Tags: { Key: COST_TAG_KEYS.project, Values: [PROJECT_TAG_VALUE], MatchOptions: ['EQUALS'] } },
      { Tags: { Key: COST_TAG_KEYS.environment, Values: [environment], MatchOptions: ['EQUALS'] } },
      { Dimensions: { Key: 'SERVICE', Values: Object.values(SERVICES) } },
      { Dimensions: { Key: 'RECORD_TYPE', Values: ['Usage'] } },
    ],
  };
}

/** `runtime$go` → go; `runtime$` (no such tag on the resource) → null. */
export function tagValue(key: string): string | null {
  const prefix = `${COST_TAG_KEYS.runtime}$`;
  if (!key.startsWith(prefix)) throw new Error(`Cost Explorer returned the group key "${key}", expected ${prefix}<value>`);
  return key.length > prefix.length ? key.slice(prefix.length) : null;
}

/** Every day of the window with its costs; days Cost Explorer returned on several pages are merged. */
export async function dailyCosts(client: CostExplorerClient, window: CostWindow, environment: string): Promise<{ days: DailyCosts[]; pages: number }> {
  const byDay = new Map<string, DailyCosts>();
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: window.since, End: window.endExclusive },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: costFilter(environment),
        GroupBy: [
          { Type: 'TAG', Key: COST_TAG_KEYS.runtime },
          { Type: 'DIMENSION', Key: 'SERVICE' },
        ],
        NextPageToken: token,
      }),
    );
    pages++;
    for (const result of page.ResultsByTime ?? []) addResult(byDay, result);
    token = page.NextPageToken;
  } while (token);
  return { days: [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date)), pages };
}

function addResult(byDay: Map<string, DailyCosts>, result: ResultByTime): void {
  const date = result.TimePeriod?.Start;
  if (!date) throw new Error('Cost Explorer returned a result without TimePeriod.Start');
  const day = byDay.get(date) ?? { date, estimated: false, items: [] };
  day.estimated ||= result.Estimated === true;
  for (const group of result.Groups ?? []) {
    const [tagKey, serviceName] = group.Keys ?? [];
    const service = serviceName === undefined ? undefined : SERVICE_BY_NAME.get(serviceName);
    if (tagKey === undefined || !service) throw new Error(`Cost Explorer returned an unexpected group ${JSON.stringify(group.Keys)}`);
    const metric = group.Metrics?.UnblendedCost;
    if (metric?.Unit && metric.Unit !== 'USD') throw new SetupError(`Cost Explorer reports in ${metric.Unit}; the cost model's prices are USD (bench/prices): compare by hand`);
    const usd = Number(metric?.Amount ?? 'NaN');
    if (!Number.isFinite(usd)) throw new Error(`Cost Explorer returned no amount for ${JSON.stringify(group.Keys)} on ${date}`);
    day.items.push({ runtime: tagValue(tagKey), service, usd });
  }
  byDay.set(date, day);
}
