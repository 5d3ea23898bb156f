import type { AppDefinition } from '@aws-log-mcp/shared';
import { LogPlatformStack } from './stack';

export * from './stack';

/** Adds one `log-platform-<env>` stack per environment to `app`. */
export const appDefinition: AppDefinition = {
  name: 'log-platform',
  addStacks: (app, environments) => environments.map((config) => new LogPlatformStack(app, { config })),
};
