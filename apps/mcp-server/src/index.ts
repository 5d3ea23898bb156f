import type { AppDefinition } from '@aws-log-mcp/shared';
import { McpServerStack } from './stack';

export * from './stack';

/** Adds one `mcp-server-<env>` stack per environment to `app`. */
export const appDefinition: AppDefinition = {
  name: 'mcp-server',
  addStacks: (app, environments) => environments.map((config) => new McpServerStack(app, { config })),
};
