import { createMfaScopeTrigger, GUARDED_SCOPES_ENV, guardedScopesFromEnv } from '../../../src/lambda/mfa-scope-trigger';
import { preTokenEvent } from './events';

const LOGS = 'mcp/logs.read';

describe('the log scope MFA trigger', () => {
  const logs: Record<string, unknown>[] = [];
  const calls: string[] = [];
  const trigger = (methods: readonly string[] | Error) =>
    createMfaScopeTrigger({
      guardedScopes: [LOGS],
      lookup: async (pool, user) => {
        calls.push(`${pool}/${user}`);
        if (methods instanceof Error) throw methods;
        return methods;
      },
      log: (e) => logs.push(e),
    });
  beforeEach(() => {
    logs.length = 0;
    calls.length = 0;
  });

  it('leaves tokens without the log scope alone and does not look the user up', async () => {
    const event = preTokenEvent(['openid', 'mcp/tools']);
    expect(await trigger([])(event)).toEqual(preTokenEvent(['openid', 'mcp/tools']));
    expect(await trigger([])(preTokenEvent(undefined))).toEqual(preTokenEvent(undefined));
    expect(calls).toEqual([]);
  });

  it('keeps the log scope for a user with an MFA method set up', async () => {
    const out = await trigger(['SOFTWARE_TOKEN_MFA'])(preTokenEvent(['mcp/tools', LOGS]));
    expect(out.response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect(calls).toEqual(['eu-west-1_abc/user-1']);
    expect(logs).toEqual([
      {
        trigger: 'mfa-scope',
        triggerSource: 'TokenGeneration_HostedAuth',
        suppressed: [],
        reason: 'MFA set up (SOFTWARE_TOKEN_MFA)',
      },
    ]);
  });

  it('suppresses only the log scope for a user without MFA, on sign-in and on refresh', async () => {
    for (const triggerSource of [
      'TokenGeneration_HostedAuth',
      'TokenGeneration_RefreshTokens',
      'TokenGeneration_Authentication',
    ]) {
      const out = await trigger([])(preTokenEvent(['openid', 'mcp/tools', LOGS], { triggerSource }));
      expect(out.response.claimsAndScopeOverrideDetails).toEqual({ accessTokenGeneration: { scopesToSuppress: [LOGS] } });
    }
  });

  it('fails closed for the log scope when the user cannot be looked up, without failing the sign-in', async () => {
    const denied = Object.assign(new Error('User: arn:aws:sts::1:assumed-role/x is not authorized'), {
      name: 'AccessDeniedException',
    });
    const out = await trigger(denied)(preTokenEvent(['mcp/tools', LOGS]));
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({ accessTokenGeneration: { scopesToSuppress: [LOGS] } });
    expect(logs[0]).toMatchObject({
      suppressed: [LOGS],
      reason: expect.stringMatching(/^user lookup failed: AccessDeniedException: User: arn/),
    });
  });

  it('keeps what an earlier customization suppressed or added', async () => {
    const event = preTokenEvent([LOGS]);
    event.response.claimsAndScopeOverrideDetails = {
      accessTokenGeneration: { scopesToSuppress: ['mcp/other', LOGS] },
    };
    const out = await trigger([])(event);
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({
      accessTokenGeneration: { scopesToSuppress: ['mcp/other', LOGS] },
    });
  });

  it('guards several scopes, suppressing only those requested', async () => {
    const t = createMfaScopeTrigger({ guardedScopes: [LOGS, 'mcp/admin'], lookup: async () => [], log: () => undefined });
    const out = await t(preTokenEvent(['mcp/admin', 'mcp/tools']));
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({ accessTokenGeneration: { scopesToSuppress: ['mcp/admin'] } });
  });

  it('ignores a request whose scopes are not a list (treated as no scopes)', async () => {
    const event = preTokenEvent(undefined);
    (event.request as Record<string, unknown>).scopes = LOGS;
    expect((await trigger([])(event)).response).toEqual({ claimsAndScopeOverrideDetails: null });
  });
});

describe(`${GUARDED_SCOPES_ENV}`, () => {
  it('is a non-empty JSON array of full scopes', () => {
    expect(guardedScopesFromEnv({ [GUARDED_SCOPES_ENV]: '["mcp/logs.read"]' })).toEqual(['mcp/logs.read']);
    for (const bad of [
      undefined,
      '',
      'mcp/logs.read',
      '[]',
      '["logs.read"]',
      '[1]',
      '["mcp/logs read"]',
      '["mcp/\\"x"]',
      '{"a":1}',
    ]) {
      expect(() => guardedScopesFromEnv({ [GUARDED_SCOPES_ENV]: bad })).toThrow(GUARDED_SCOPES_ENV);
    }
  });
});
