import type { EnvironmentConfig } from '@aws-log-mcp/shared';
import { loadPlatformConfig } from '@aws-log-mcp/shared';
import * as path from 'node:path';

/**
 * The configurations the state contract is pinned for: the checked-in one, the defaults, and
 * variants that switch on every optional resource of each stack.
 */
const base: EnvironmentConfig = {
  project: 'acme',
  name: 'dev',
  region: 'eu-west-1',
  tags: {},
  backend: { type: 'local' },
  apps: {},
};

const checkedIn = (): EnvironmentConfig =>
  loadPlatformConfig({ rootDir: path.resolve(__dirname, '..'), env: {} }).find((e) => e.name === 'dev')!;

export const VARIANTS: Record<'log-platform' | 'mcp-server', Record<string, () => EnvironmentConfig>> = {
  'log-platform': {
    'checked-in': checkedIn,
    defaults: () => base,
    'native-existing': () => ({
      ...base,
      apps: { 'log-platform': { lakeFormationGrant: 'native', analyticsIntegration: 'existing' } },
    }),
    demo: () => ({
      ...base,
      apps: {
        'log-platform': {
          demo: { cluster: 'acme-dev', subnets: ['subnet-0123456789abcdef0'] },
          alarms: { notifications: { emails: ['ops@example.com'] } },
        },
      },
    }),
  },
  'mcp-server': {
    'checked-in': checkedIn,
    defaults: () => base,
    all: () => ({
      ...base,
      apps: {
        'mcp-server': {
          manageApiGatewayAccountLogging: true,
          preRegisteredClient: { name: 'vscode', callbackUrls: ['https://vscode.dev/redirect'] },
          logTools: { enabled: true, requireMfa: true },
          cognito: { tier: 'PLUS' },
          alarms: { notifications: { emails: ['ops@example.com'] } },
          registration: { cimd: { enabled: true, urlPatterns: ['https://vscode.dev/oauth/*'] } },
        },
        'log-platform': { lakeFormationGrant: 'native' },
      },
    }),
  },
};
