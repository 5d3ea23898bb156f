import type { AppDefinition } from '@aws-log-mcp/shared';
import { LOG_PLATFORM_APP } from '@aws-log-mcp/log-contract';
import { LogPlatformStack } from './stack';
import { readLogPlatformConfig } from './config';
import { deployedSchemaFor } from './schema-lock';

export * from './addresses';
export * from './config';
export * from './demo-service';
export * from './firelens';
export * from './fluent-bit-config';
export * from './log-analytics';
export * from './log-delivery-stream';
export * from './log-retention';
export * from './log-table';
export * from './log-table-metadata-step';
export * from './record-checker';
export * from './s3-tables-analytics-integration';
export * from './schema-lock';
export * from './stack';

/**
 * Adds one `log-platform-<env>` stack per environment to `app`, each checked against the schema
 * lock beside the config file (`<config>.schema-lock.json`) when it records that environment.
 */
export const appDefinition: AppDefinition = {
  name: LOG_PLATFORM_APP,
  addStacks: (app, environments) =>
    environments.map((config) => {
      const { namespace, tableName } = readLogPlatformConfig(config);
      return new LogPlatformStack(app, { config, deployedSchema: deployedSchemaFor(config, namespace, tableName) });
    }),
};
