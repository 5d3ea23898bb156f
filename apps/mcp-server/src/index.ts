import type { AppDefinition } from '@aws-log-mcp/shared';
import { McpServerStack } from './stack';

export * from './addresses';
export * from './stack';
export * from './config';
export * from './infra/mcp-user-pool';
export * from './infra/mcp-function';
export * from './infra/oauth-rest-api';
export * from './infra/http-api-front';
export * from './infra/deployment-fingerprint';
export * from './infra/api-gateway-account-logging';
export * from './infra/log-access';

/** Adds one `mcp-server-<env>` stack per environment to `app`. */
export const appDefinition: AppDefinition = {
  name: 'mcp-server',
  addStacks: (app, environments) => environments.map((config) => new McpServerStack(app, { config })),
};
