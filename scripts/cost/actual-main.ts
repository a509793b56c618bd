/** `npm run cost -- --actual …` with the real AWS clients (scripts/cost-estimate.ts loads this only for --actual). */
import * as path from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { discoverRuntimes } from '../../core/src/runtimes';
import { runActual } from './actual';

export function main(argv: string[]): Promise<number> {
  return runActual(argv, {
    // Cost Explorer has one endpoint, in us-east-1, whatever the stage's region.
    costExplorer: () => new CostExplorerClient({ region: 'us-east-1' }),
    // The stage's region: AWS_REGION or the profile's.
    cloudWatch: () => new CloudWatchClient({}),
    now: new Date(),
    resultsDir: path.resolve(__dirname, '..', '..', 'results'),
    deployedMemoryMb: () => Object.fromEntries(discoverRuntimes().map((r) => [r.name, r.aws.memoryMb])),
    print: (line) => console.log(line),
    printError: (line) => console.error(line),
    env: process.env,
  });
}
