import { CLIENT_EXPIRY_ENV, DEFAULT_METRIC_NAMESPACE } from './env';
import { expireRegisteredClients, ExpiryReport, ExpirySettings, metricRecord } from './expire';

/** The job's settings from its environment; a missing or malformed value throws, naming the variable. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ExpirySettings & { readonly metricNamespace: string } {
  const userPoolId = env[CLIENT_EXPIRY_ENV.userPoolId];
  if (!userPoolId || !/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) {
    throw new Error(`${CLIENT_EXPIRY_ENV.userPoolId} must be a user pool id (got ${JSON.stringify(userPoolId)})`);
  }
  const ttl = env[CLIENT_EXPIRY_ENV.clientTtlDays] ?? '';
  if (!/^[1-9][0-9]{0,3}$/.test(ttl)) {
    throw new Error(`${CLIENT_EXPIRY_ENV.clientTtlDays} must be a whole number of days >= 1 (got ${JSON.stringify(ttl)})`);
  }
  const ids = (env[CLIENT_EXPIRY_ENV.protectedClientIds] ?? '').split(',').filter(Boolean);
  return {
    userPoolId,
    clientTtlDays: Number(ttl),
    protectedClientIds: new Set(ids),
    metricNamespace: env[CLIENT_EXPIRY_ENV.metricNamespace] || DEFAULT_METRIC_NAMESPACE,
  };
}

/**
 * EventBridge Scheduler target. The SDK comes from the nodejs22.x runtime (NODE_PATH), so it is
 * loaded with `require` and not bundled. Writes the run's counts as one embedded-metric-format
 * line straight to stdout (unprefixed, so CloudWatch Logs recognises it).
 */
export async function handler(): Promise<ExpiryReport> {
  const settings = settingsFromEnv();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-cognito-identity-provider') as typeof import('@aws-sdk/client-cognito-identity-provider');
  const cognito = new sdk.CognitoIdentityProviderClient({});
  const now = new Date();
  const report = await expireRegisteredClients(cognito, sdk, { ...settings, now });
  process.stdout.write(`${JSON.stringify(metricRecord(settings.metricNamespace, settings.userPoolId, report, now))}\n`);
  return report;
}
