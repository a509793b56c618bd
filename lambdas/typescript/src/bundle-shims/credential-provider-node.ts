/**
 * Stand-in for @aws-sdk/credential-provider-node in the bundle (see README.md): Lambda
 * hands the function its role's credentials in environment variables, so the default
 * chain's other links (SSO, ini files, processes, container and instance metadata) never
 * apply there; the local platform sets the same variables.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
