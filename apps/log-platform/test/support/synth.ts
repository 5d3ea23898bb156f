import { EnvironmentConfig, testEnvironment } from '@aws-log-mcp/shared';
import { Testing } from 'cdktf';
import { LogDeliveryStreamProps } from '../../src/log-delivery-stream';
import { LogPlatformStack } from '../../src/stack';

export type Json = Record<string, any>;

export function envConfig(app: Record<string, unknown> = {}, extra: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return testEnvironment({ apps: { 'log-platform': app }, ...extra });
}

export function synthStack(
  app: Record<string, unknown> = {},
  extra: Partial<EnvironmentConfig> = {},
): { stack: LogPlatformStack; json: Json } {
  const stack = new LogPlatformStack(Testing.app(), { config: envConfig(app, extra) });
  return { stack, json: JSON.parse(Testing.synth(stack)) as Json };
}

/** The only resource of `type` (fails when there is not exactly one). */
export function only(json: Json, type: string): Json {
  const all = Object.values(json.resource[type] ?? {}) as Json[];
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

export function resourcesOf(json: Json, type: string): Record<string, Json> {
  return (json.resource[type] ?? {}) as Record<string, Json>;
}

/** A resource of `type` whose synthesized key starts with `prefix` (construct path). */
export function byPrefix(json: Json, type: string, prefix: string): Json {
  const hits = Object.entries(resourcesOf(json, type)).filter(([k]) => k.startsWith(prefix));
  if (hits.length !== 1)
    throw new Error(`expected one ${type} starting with ${prefix}, found ${hits.map(([k]) => k).join(', ')}`);
  return hits[0][1];
}

/**
 * Turns a synthesized `${jsonencode({...})}` expression back into JSON so tests can compare
 * policies exactly; bare references (`aws_x.y.arn`) become `"${aws_x.y.arn}"` strings.
 */
export function decodeJsonencode(expression: string): Json {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expression);
  if (!m) throw new Error(`not a jsonencode expression: ${expression.slice(0, 80)}`);
  const json = m[1]
    .replace(/base64decode\("([A-Za-z0-9+/=]*)"\)/g, (_, b64: string) =>
      JSON.stringify(Buffer.from(b64, 'base64').toString('utf8')),
    )
    .replace(/" = /g, '": ')
    .replace(/([[:,]\s*)((?:data\.)?aws_[A-Za-z0-9_.-]+)/g, '$1"${$2}"');
  return JSON.parse(json) as Json;
}

/** Props of a LogDeliveryStream in account 111122223333, eu-west-1, for construct tests. */
export const DELIVERY_PROPS: LogDeliveryStreamProps = {
  streamName: 'acme-dev-log-platform-logs',
  roleName: 'acme-dev-log-platform-firehose',
  errorBucketName: 'acme-dev-log-platform-firehose-errors-111122223333',
  accountId: '111122223333',
  region: 'eu-west-1',
  partition: 'aws',
  tableBucketName: 'acme-dev-log-platform-tables',
  namespace: 'logs',
  tableName: 'some_api_logs',
};
