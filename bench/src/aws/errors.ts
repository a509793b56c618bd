/**
 * What goes wrong against a deployed stage, said so that the reader knows what to fix:
 * credentials missing, expired or not allowed, a function or log group that does not exist,
 * an endpoint that does not answer. A TargetError stops the measuring; what was measured is
 * kept and the run is marked incomplete (bench/src/target.ts).
 */

export class TargetError extends Error {}

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

const CREDENTIALS_FIX =
  'configure credentials for a principal with the Api stack\'s BenchRunnerPolicyArn attached (AWS_PROFILE with `aws sso login`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN])';

/** The error's name, looking through a wrapped cause (network errors arrive wrapped). */
function codeOf(err: AwsLikeError): string {
  const cause = err.cause as AwsLikeError | undefined;
  return err.code ?? cause?.code ?? err.name ?? '';
}

/** Turns an SDK or network error met while `doing` something into a message naming the fix. */
export function explainAwsError(err: unknown, doing: string, endpoint?: string): TargetError {
  if (err instanceof TargetError) return err;
  const e = (err ?? {}) as AwsLikeError;
  const name = codeOf(e);
  const message = e.message ?? String(err);
  const status = e.$metadata?.httpStatusCode;
  const said = `${doing}: ${name ? `${name}: ` : ''}${message}`;
  if (name === 'CredentialsProviderError' || /could not load credentials|credential.*(missing|not found)/i.test(message)) {
    return new TargetError(`${said}. No AWS credentials were found: ${CREDENTIALS_FIX}.`);
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(name) || /token.*expired|expired.*token|session.*expired/i.test(message)) {
    return new TargetError(`${said}. The AWS credentials have expired: refresh them (\`aws sso login\`, or new temporary credentials) and run again.`);
  }
  if (/^(UnrecognizedClientException|InvalidSignatureException|InvalidClientTokenId|SignatureDoesNotMatch)$/.test(name)) {
    return new TargetError(`${said}. AWS does not accept these credentials: ${CREDENTIALS_FIX}; with a custom domain, check AWS_REGION.`);
  }
  if (/^(AccessDenied|AccessDeniedException)$/.test(name) || status === 403) {
    return new TargetError(
      `${said}. The credentials are not allowed to do this: attach the Api stack's BenchRunnerPolicyArn (it grants lambda:GetFunctionConfiguration/UpdateFunctionConfiguration on the functions, logs:StartQuery on their log groups, logs:GetQueryResults); redeploy the Api stack if the policy predates them.`,
    );
  }
  // Network errors may arrive wrapped ("AWS SDK error wrapper for Error: connect ECONNREFUSED …"): the text tells.
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|TimeoutError|NetworkingError)$/.test(name) || /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT)\b|socket hang up/.test(message)) {
    return new TargetError(
      `${said}. ${endpoint ? `Nothing answers at --aws-endpoint ${endpoint}: start the platform with \`npm start -- --aws-endpoint-port <port>\` and pass that endpoint.` : 'AWS could not be reached: check the network and AWS_REGION.'}`,
    );
  }
  return new TargetError(said);
}
