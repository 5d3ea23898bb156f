import { decodeJsonencode } from '@aws-log-mcp/testing';
import { synth } from './helpers';

const FIELD = 'environments.dev.apps.mcp-server';
const pool = (app: Record<string, unknown>) => synth(app).template.only('aws_cognito_user_pool');

describe('Cognito threat protection', () => {
  it('is off on the default ESSENTIALS tier, and nothing is written for it (existing pools plan no change)', () => {
    const s = synth();
    expect(s.template.only('aws_cognito_user_pool').user_pool_add_ons).toBeUndefined();
    expect(s.template.resourceList('aws_cognito_risk_configuration')).toEqual([]);
  });

  it('is ENFORCED by default on PLUS, with compromised credentials blocked and risky sign-ins challenged', () => {
    const s = synth({ cognito: { tier: 'PLUS' } });
    expect(s.template.only('aws_cognito_user_pool')).toMatchObject({
      user_pool_tier: 'PLUS',
      user_pool_add_ons: { advanced_security_mode: 'ENFORCED' },
    });
    expect(s.template.resource('aws_cognito_risk_configuration', 'this')).toEqual({
      user_pool_id: '${aws_cognito_user_pool.this.id}',
      compromised_credentials_risk_configuration: {
        event_filter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
        actions: { event_action: 'BLOCK' },
      },
      account_takeover_risk_configuration: {
        actions: {
          low_action: { event_action: 'NO_ACTION', notify: false },
          medium_action: { event_action: 'MFA_IF_CONFIGURED', notify: false },
          high_action: { event_action: 'MFA_REQUIRED', notify: false },
        },
      },
    });
  });

  it('can be AUDIT (no risk configuration: audit mode takes no action) or OFF on PLUS', () => {
    const audit = synth({ cognito: { tier: 'PLUS', threatProtection: 'AUDIT' } });
    expect(audit.template.only('aws_cognito_user_pool').user_pool_add_ons).toEqual({ advanced_security_mode: 'AUDIT' });
    expect(audit.template.resourceList('aws_cognito_risk_configuration')).toEqual([]);
    expect(pool({ cognito: { tier: 'PLUS', threatProtection: 'OFF' } }).user_pool_add_ons).toBeUndefined();
  });

  it.each([
    ['ESSENTIALS', 'ENFORCED'],
    ['ESSENTIALS', 'AUDIT'],
    ['LITE', 'ENFORCED'],
  ])('is refused on %s when %s is asked for, naming the field and the rule', (tier, mode) => {
    expect(() => synth({ cognito: { tier, threatProtection: mode } })).toThrow(
      `${FIELD}.cognito.threatProtection: [cognito.threatProtectionTier] threat protection needs cognito.tier "PLUS" (Cognito feature plans); this pool is ${tier} (got "${mode}")`,
    );
  });

  it('accepts only the three modes', () => {
    for (const bad of ['on', 'FULL_FUNCTION', true, '']) {
      expect(() => synth({ cognito: { tier: 'PLUS', threatProtection: bad } })).toThrow(`${FIELD}.cognito.threatProtection`);
    }
  });
});

describe('logTools.requireMfa', () => {
  const withMfa = (extra: Record<string, unknown> = {}, cognito: Record<string, unknown> = {}) =>
    synth({ logTools: { enabled: true, requireMfa: true, ...extra }, cognito });

  it('adds a pre token generation trigger (V2_0) that withholds the log scope from users without MFA', () => {
    const s = withMfa();
    const t = s.template;
    expect(t.addresses().filter((a) => a.includes('mfa_scope_trigger'))).toEqual([
      'aws_cloudwatch_log_group.mfa_scope_trigger',
      'aws_iam_role.mfa_scope_trigger',
      'aws_iam_role_policy.mfa_scope_trigger',
      'aws_lambda_function.mfa_scope_trigger',
      'aws_lambda_permission.mfa_scope_trigger_cognito',
    ]);
    expect(t.only('aws_cognito_user_pool').lambda_config).toEqual({
      pre_token_generation_config: { lambda_arn: '${aws_lambda_function.mfa_scope_trigger.arn}', lambda_version: 'V2_0' },
    });
    const fn = t.resource('aws_lambda_function', 'mfa_scope_trigger');
    expect(fn).toMatchObject({
      function_name: 'acme-dev-mcp-server-mfa-scope',
      handler: 'mfa-scope-trigger.handler',
      runtime: 'nodejs22.x',
      timeout: 5,
      memory_size: 128,
      reserved_concurrent_executions: 10,
      environment: { variables: { MFA_GUARDED_SCOPES: '["mcp/logs.read"]' } },
    });
    // The function must not wait for its role policy: the policy names the pool, which names the function.
    expect(fn.depends_on).toEqual(['aws_cloudwatch_log_group.mfa_scope_trigger']);
    const policy = decodeJsonencode(t.resource('aws_iam_role_policy', 'mfa_scope_trigger').policy);
    expect(policy.Statement).toContainEqual({
      Sid: 'ReadUserMfaSettings',
      Effect: 'Allow',
      Action: 'cognito-idp:AdminGetUser',
      Resource: '${aws_cognito_user_pool.this.arn}',
    });
    expect(t.resource('aws_lambda_permission', 'mfa_scope_trigger_cognito')).toMatchObject({
      principal: 'cognito-idp.amazonaws.com',
      source_arn: '${aws_cognito_user_pool.this.arn}',
      action: 'lambda:InvokeFunction',
    });
  });

  it('guards the configured log scope name', () => {
    const fn = withMfa({ scopeName: 'logs.search' }).template.resource('aws_lambda_function', 'mfa_scope_trigger');
    expect(fn.environment.variables.MFA_GUARDED_SCOPES).toBe('["mcp/logs.search"]');
  });

  it('needs no trigger when every user must have MFA (cognito.mfa ON)', () => {
    const s = withMfa({}, { mfa: 'ON' });
    expect(s.template.only('aws_cognito_user_pool').lambda_config).toBeUndefined();
    expect(Object.keys(s.template.resources('aws_lambda_function')).sort()).toEqual(['client_expiry', 'tools']);
  });

  it.each([
    [{ logTools: { requireMfa: true } }, 'needs logTools.enabled'],
    [{ logTools: { enabled: true, requireMfa: true }, cognito: { mfa: 'OFF' } }, 'needs cognito.mfa "OPTIONAL" or "ON"'],
    [{ logTools: { enabled: true, requireMfa: true }, cognito: { tier: 'LITE' } }, 'needs cognito.tier "ESSENTIALS" or "PLUS"'],
  ])('is refused for %j: %s', (app, rule) => {
    expect(() => synth(app)).toThrow(`${FIELD}.logTools.requireMfa: [logTools.requireMfa] ${rule}`);
  });

  it('is allowed on LITE when every user must have MFA anyway', () => {
    expect(withMfa({}, { tier: 'LITE', mfa: 'ON' }).template.only('aws_cognito_user_pool').user_pool_tier).toBe('LITE');
  });
});
