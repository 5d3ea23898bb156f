import { LogSchema } from '@aws-log-mcp/log-contract';
import { logToolsSettings } from '../../../src/infra/log-access';
import type { LogToolsSettings } from '../../../src/lambda/logs/settings';
import { LogToolsConfigSchema } from '../../../src/log-tools-config';

/** The table the tests query: the log platform's real schema contract, dev naming. */
export const TABLE_SQL = '"s3tablescatalog/acme-dev-log-platform-tables"."logs"."some_api_logs"';

/** Settings exactly as the stack derives them for `acme`/`dev` (the contract's default columns). */
export function contractSettings(overrides: Record<string, unknown> = {}): LogToolsSettings {
  return logToolsSettings(
    {
      tableBucketName: 'acme-dev-log-platform-tables',
      namespace: 'logs',
      tableName: 'some_api_logs',
      workgroup: 'acme-dev-log-platform-logs',
      resultsBucket: 'acme-dev-log-platform-athena-results-123456789012',
      lakeFormationGrant: 'local-exec',
      schema: LogSchema.withExtraColumns([]),
    },
    LogToolsConfigSchema.parse({ enabled: true, ...overrides }),
    'mcp/logs.read',
  );
}

/** Every tool the server lists with the log tools on, in order. */
export const ALL_TOOLS = ['get_uuid', 'whoami', 'search_logs', 'get_request_trace', 'log_stats', 'describe_log_schema'];
