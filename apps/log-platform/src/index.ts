import type { AppDefinition } from '@aws-log-mcp/shared';
import { LOG_PLATFORM_APP } from '@aws-log-mcp/log-contract';
import { LogPlatformStack } from './stack';

export * from './addresses';
export * from './config';
export * from './demo-service';
export * from './firelens';
export * from './fluent-bit-config';
export * from './log-analytics';
export * from './log-delivery-stream';
export * from './log-table';
export * from './record-checker';
export * from './s3-tables-analytics-integration';
export * from './stack';

/** Adds one `log-platform-<env>` stack per environment to `app`. */
export const appDefinition: AppDefinition = {
  name: LOG_PLATFORM_APP,
  addStacks: (app, environments) => environments.map((config) => new LogPlatformStack(app, { config })),
};
