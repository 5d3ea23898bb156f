import { CLIENT_EXPIRY_ENV } from '../../../src/lambda/client-expiry/env';
import { isRegisteredClient } from '../../../src/lambda/client-expiry/expire';
import { settingsFromEnv } from '../../../src/lambda/client-expiry/handler';

const env = (over: Record<string, string | undefined> = {}) => ({
  [CLIENT_EXPIRY_ENV.userPoolId]: 'eu-west-1_AbC123',
  [CLIENT_EXPIRY_ENV.clientTtlDays]: '90',
  [CLIENT_EXPIRY_ENV.protectedClientIds]: 'a1,b2',
  ...over,
});

describe('client-expiry settings', () => {
  test('reads the environment the stack sets', () => {
    expect(settingsFromEnv(env())).toEqual({
      userPoolId: 'eu-west-1_AbC123',
      clientTtlDays: 90,
      protectedClientIds: new Set(['a1', 'b2']),
      metricNamespace: 'McpServer/Registration',
    });
    expect(settingsFromEnv(env({ [CLIENT_EXPIRY_ENV.protectedClientIds]: '' })).protectedClientIds.size).toBe(0);
  });

  test.each([
    [CLIENT_EXPIRY_ENV.userPoolId, undefined, 'must be a user pool id'],
    [CLIENT_EXPIRY_ENV.userPoolId, 'x"; rm -rf /', 'must be a user pool id'],
    [CLIENT_EXPIRY_ENV.clientTtlDays, '0', 'must be a whole number of days >= 1'],
    [CLIENT_EXPIRY_ENV.clientTtlDays, '1.5', 'must be a whole number of days >= 1'],
    [CLIENT_EXPIRY_ENV.clientTtlDays, '', 'must be a whole number of days >= 1'],
    [CLIENT_EXPIRY_ENV.clientTtlDays, '-3', 'must be a whole number of days >= 1'],
  ])('refuses %s=%j, naming the variable', (name, value, rule) => {
    expect(() => settingsFromEnv(env({ [name]: value }))).toThrow(`${name} ${rule}`);
  });

  test('recognises only the settings the registration template gives a client', () => {
    const dcr = {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code' as const],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH' as const],
    };
    expect(isRegisteredClient(dcr)).toBe(true);
    expect(isRegisteredClient({ ...dcr, AllowedOAuthFlowsUserPoolClient: false })).toBe(false);
    expect(isRegisteredClient({ ...dcr, AllowedOAuthFlows: ['code', 'implicit'] })).toBe(false);
    expect(isRegisteredClient({ ...dcr, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).toBe(false);
    expect(isRegisteredClient({ ...dcr, ExplicitAuthFlows: undefined })).toBe(false);
    expect(isRegisteredClient({})).toBe(false);
  });
});
