import { McpServerConfigSchema } from '../src/config';

describe('McpServerConfigSchema', () => {
  it('makes {} a complete configuration', () => {
    expect(McpServerConfigSchema.parse({})).toEqual({
      alarms: {
        lambdaErrorsPerFiveMinutes: 0,
        lambdaThrottlesPerFiveMinutes: 0,
        serverErrorPercent: 5,
        throttledPercent: 10,
        minRequests: 20,
      },
      lambda: { reservedConcurrency: 10 },
      cognito: {
        mfa: 'OPTIONAL',
        tier: 'ESSENTIALS',
        selfSignUp: false,
        deletionProtection: true,
        resourceServerIdentifier: 'mcp',
        scopes: [{ name: 'tools', description: 'Call the MCP server tools' }],
      },
      tokenValidity: { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 },
      refreshTokenRotation: { retryGracePeriodSeconds: 60 },
      registration: {
        redirectPolicy: {
          https: 'allowList',
          additionalHttpsHosts: [],
          loopbackHosts: ['localhost', '127.0.0.1'],
          reverseDnsSchemes: true,
        },
        clientTtlDays: 90,
        clientExpiry: { enabled: true, scheduleHours: 1, appClientQuota: 1000, alarmThresholdPercent: 80, keepClientIds: [] },
        perSourceRateLimit: { enabled: true, limit: 10, evaluationWindowSeconds: 300 },
        cimd: { enabled: false, mode: 'local-exec', policyName: 'mcp-clients', urlPatterns: [], cacheDurationSeconds: 86400 },
      },
      throttling: {
        default: { rateLimit: 50, burstLimit: 100 },
        register: { rateLimit: 1, burstLimit: 5 },
        mcp: { rateLimit: 10, burstLimit: 20 },
      },
      manageApiGatewayAccountLogging: false,
      logRetentionDays: 30,
      logTools: {
        enabled: false,
        scopeName: 'logs.read',
        maxWindowHours: 24,
        maxLimit: 200,
        queryTimeoutSeconds: 20,
        requireMfa: false,
        source: 'derived',
      },
    });
  });

  it('fills defaults inside partially given sections', () => {
    const c = McpServerConfigSchema.parse({ throttling: { register: { burstLimit: 2 } }, cognito: { mfa: 'ON' } });
    expect(c.throttling).toEqual({
      default: { rateLimit: 50, burstLimit: 100 },
      register: { rateLimit: 1, burstLimit: 2 },
      mcp: { rateLimit: 10, burstLimit: 20 },
    });
    expect(c.cognito.mfa).toBe('ON');
    expect(c.cognito.selfSignUp).toBe(false);
  });

  it('accepts loopback http and https callback URLs and defaults logout URLs', () => {
    const c = McpServerConfigSchema.parse({
      preRegisteredClient: {
        name: 'Inspector',
        callbackUrls: ['http://localhost:6274/oauth/callback', 'http://[::1]:8080/', 'https://app.example/cb'],
      },
    });
    expect(c.preRegisteredClient?.logoutUrls).toEqual([]);
  });

  it('rejects duplicate scope names', () => {
    const r = McpServerConfigSchema.safeParse({
      cognito: {
        scopes: [
          { name: 'a', description: 'x' },
          { name: 'a', description: 'y' },
        ],
      },
    });
    expect(r.success).toBe(false);
  });
});
