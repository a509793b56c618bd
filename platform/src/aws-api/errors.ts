/** An AWS service error as the local endpoints answer it: HTTP status, error type (the SDK's exception name), message. */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new AwsError(404, 'ResourceNotFoundException', message);
export const invalidParameter = (message: string) => new AwsError(400, 'InvalidParameterValueException', message);
