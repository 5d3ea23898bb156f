/**
 * Environment variables of the client-expiry Lambda, shared by the stack (which sets them) and
 * the handler (which reads them). No imports: synth loads this file.
 */
export const CLIENT_EXPIRY_ENV = {
  /** The user pool whose app clients are counted and expired. */
  userPoolId: 'MCP_USER_POOL_ID',
  /** Days a client registered through POST /register lives, a whole number >= 1. */
  clientTtlDays: 'MCP_CLIENT_TTL_DAYS',
  /** Comma-separated app client ids never deleted (pre-registered, CIMD, configured). */
  protectedClientIds: 'MCP_PROTECTED_CLIENT_IDS',
  /** CloudWatch namespace of the published metrics. */
  metricNamespace: 'MCP_METRIC_NAMESPACE',
} as const;

/** Metric names the job publishes, with dimension `UserPoolId`. */
export const CLIENT_EXPIRY_METRICS = {
  /** App clients in the pool after this run's deletions (what the quota counts). */
  appClients: 'AppClients',
  /** App clients this run deleted because their registration expired. */
  expiredClientsDeleted: 'ExpiredClientsDeleted',
} as const;

/** The default CloudWatch namespace of the registration metrics. */
export const DEFAULT_METRIC_NAMESPACE = 'McpServer/Registration';
