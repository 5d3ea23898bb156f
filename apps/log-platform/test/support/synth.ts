import { EnvironmentConfig } from '@aws-log-mcp/shared';
import { testEnvironment, testStack } from '@aws-log-mcp/shared/testing';
import { Template } from '@aws-log-mcp/testing';
import { Testing } from 'cdktf';
import { LogPlatformStack } from '../../src/stack';

export { decodeJsonencode } from '@aws-log-mcp/testing';
export type Json = Record<string, any>;

export function envConfig(app: Record<string, unknown> = {}, extra: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return testEnvironment({ apps: { 'log-platform': app }, ...extra });
}

export function synthStack(app: Record<string, unknown> = {}, extra: Partial<EnvironmentConfig> = {}) {
  const stack = new LogPlatformStack(Testing.app(), { config: envConfig(app, extra) });
  const t = Template.synth(stack);
  return { stack, t, json: t.json };
}

/** An empty PlatformStack of the log platform's app, for construct tests (account and region from its data sources and config). */
export function constructStack() {
  return testStack(envConfig(), 'log-platform');
}

/** The dev table of construct tests. */
export const DEV_TABLE = {
  tableBucketName: 'acme-dev-log-platform-tables',
  namespace: 'logs',
  tableName: 'some_api_logs',
} as const;

export const ACCOUNT = '${data.aws_caller_identity.current.account_id}';
export const PARTITION = '${data.aws_partition.current.partition}';

/** The only resource of `type` in synthesized `json`. */
export function only(json: Json, type: string): Json {
  return new Template(json).only(type);
}

/** Resources of `type` in synthesized `json`, by address name. */
export function resourcesOf(json: Json, type: string): Record<string, Json> {
  return new Template(json).resources(type);
}
