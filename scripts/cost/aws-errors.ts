/**
 * AWS's refusals, turned into what to do. Each maps an SDK error (by its name, and for
 * AccessDenied by its message) to one sentence with the fix; anything else is reported as it came.
 */

export const REQUIRED_PERMISSIONS = ['ce:GetCostAndUsage', 'ce:ListCostAllocationTags', 'cloudwatch:GetMetricData'];

export function explainAwsError(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { name, message } = error;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'no AWS credentials: sign in (aws sso login --profile <p> && export AWS_PROFILE=<p>) or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then rerun';
  }
  if (/ExpiredToken|TokenRefreshRequired/i.test(name) || /security token included in the request is expired/i.test(message)) {
    return 'the AWS credentials have expired: sign in again (aws sso login --profile <p>), then rerun';
  }
  if (/Region is missing/i.test(message)) {
    return "no AWS region for CloudWatch: export AWS_REGION=<the stage's region> (Cost Explorer itself is always queried in us-east-1)";
  }
  if (/not enabled for cost explorer/i.test(message)) {
    return 'Cost Explorer is not enabled for this account: open the Billing and Cost Management console → Cost Explorer → Launch Cost Explorer (in an AWS Organization, the management account enables it for all); data appears within about 24 hours, then rerun';
  }
  if (/Linked account doesn't have access to cost allocation tags/i.test(message)) {
    return 'this is a member account of an AWS Organization: cost allocation tags are listed and activated by the management account; ask its owner to activate project, environment and runtime (docs/aws.md, "Cost allocation tags"), or run from the management account';
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized to perform/i.test(message)) {
    return `AWS refused the call (${message}): the principal needs ${REQUIRED_PERMISSIONS.join(', ')} (docs/aws.md, "The first --actual report")`;
  }
  if (name === 'DataUnavailableException') {
    return 'Cost Explorer has no data for this account yet (the first data arrives up to 24 hours after Cost Explorer is enabled): rerun later';
  }
  if (name === 'RequestChangedException' || name === 'InvalidNextTokenException') {
    return "Cost Explorer's data changed while its pages were being read: rerun";
  }
  if (name === 'LimitExceededException' || name === 'ThrottlingException') {
    return 'AWS throttled the requests: wait a minute and rerun';
  }
  if (name === 'BillExpirationException') {
    return 'Cost Explorer no longer has that period: choose a more recent --since';
  }
  if (name === 'ValidationException') {
    return `AWS refused the request: ${message} (check --since/--until)`;
  }
  return null;
}
