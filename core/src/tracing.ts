/**
 * X-Ray active tracing on the stage and the functions, by default: one value for the CDK app,
 * which deploys it (infra/lib/config.ts), and the local platform, which then samples requests as
 * API Gateway does (platform/src/xray-sampling.ts), so a trace sent here is one sent there.
 */
export const ACTIVE_TRACING_BY_DEFAULT = true;
