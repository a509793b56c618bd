/**
 * Before anything is measured: does `--target` answer as the stage, every selected runtime's
 * GET /{runtime}/health with its own name? If not, say what the answers suggest is wrong
 * (not the stage URL, credentials expired or not allowed, a runtime not deployed).
 */
import type { HttpResult } from '../http';
import { TargetError } from './errors';

/** What an answer other than the runtime's health says about the URL or the credentials. */
export function explainStageAnswer(r: HttpResult, signed: boolean): string {
  if (r.status === 0) return `no answer (${r.error ?? 'connection failed'}): is the URL right and reachable from here?`;
  let message: string;
  try {
    const body = JSON.parse(r.body) as { message?: string; Message?: string };
    message = body.message ?? body.Message ?? '';
  } catch {
    message = r.body.slice(0, 160);
  }
  const said = `${r.status}${message ? ` "${message}"` : ''}`;
  if (r.status === 403 && /expired/i.test(message)) return `${said}: the AWS credentials have expired; refresh them (\`aws sso login\`) and run again`;
  if (r.status === 403 && /not authorized to perform: execute-api:Invoke/i.test(message)) return `${said}: attach the Api stack's BenchRunnerPolicyArn to the principal running the bench`;
  if (r.status === 403 && /signature/i.test(message)) return `${said}: the signature was refused; with a custom domain set AWS_REGION to the stage's region`;
  if (r.status === 403 && /Missing Authentication Token/i.test(message)) {
    return signed
      ? `${said}: no such route here; is --target the StageUrl output including the stage (e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/dev), and is this runtime deployed?`
      : `${said}: an unsigned request was refused (BENCH_AUTH=none, but the stage requires IAM), or no such route here`;
  }
  if (r.status === 200) return `${said}: it answered, but not as this runtime's GET /health (${r.body.slice(0, 120)})`;
  return `${said}: not the runtime's health`;
}

/** Every runtime's GET /health through `get` (which signs when the stage needs it); a TargetError otherwise. */
export async function checkStage(target: string, runtimes: readonly string[], get: (url: string) => Promise<HttpResult>, signed: boolean): Promise<void> {
  const problems: string[] = [];
  for (const rt of runtimes) {
    const r = await get(`${target}/${rt}/health`);
    let runtime: unknown;
    try {
      runtime = (JSON.parse(r.body) as { runtime?: unknown }).runtime;
    } catch {
      runtime = undefined;
    }
    if (r.status !== 200 || runtime !== rt) problems.push(`GET ${target}/${rt}/health → ${explainStageAnswer(r, signed)}`);
  }
  if (problems.length) {
    throw new TargetError(
      `--target ${target} does not answer as the stage for ${problems.length} of ${runtimes.length} runtime(s) ` +
        `(each GET /<runtime>/health should answer 200 with its name; the stage URL is the Api stack's StageUrl output, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/dev):\n  ${problems.join('\n  ')}`,
    );
  }
}
