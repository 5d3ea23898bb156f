import { decodeJsonencode } from '@aws-log-mcp/testing';
import { CLIENT_EXPIRY_ENV } from '../../src/lambda/client-expiry/env';
import { synth } from './helpers';

type Json = Record<string, unknown>;

describe('registered clients expire (synthesized)', () => {
  const s = synth({ preRegisteredClient: { name: 'vscode', callbackUrls: ['https://vscode.dev/redirect'] } });
  const r = s.json.resource;

  test('a Lambda on Node.js 22 whose environment names the pool, the TTL and the clients it must keep', () => {
    const fn = r.aws_lambda_function.client_expiry as Json;
    expect(fn).toMatchObject({
      function_name: 'acme-dev-mcp-server-client-expiry',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'client-expiry.handler',
      timeout: 300,
      role: '${aws_iam_role.client_expiry.arn}',
      logging_config: { log_format: 'Text', log_group: '${aws_cloudwatch_log_group.client_expiry.name}' },
    });
    expect((fn.environment as { variables: Json }).variables).toMatchObject({
      [CLIENT_EXPIRY_ENV.userPoolId]: '${aws_cognito_user_pool.this.id}',
      [CLIENT_EXPIRY_ENV.clientTtlDays]: '90',
      [CLIENT_EXPIRY_ENV.protectedClientIds]: '${join(",", [aws_cognito_user_pool_client.pre_registered.id])}',
      [CLIENT_EXPIRY_ENV.metricNamespace]: 'McpServer/Registration',
    });
  });

  test('least privilege: list, describe and delete app clients of this pool; write its own logs; nothing else', () => {
    const policy = decodeJsonencode((r.aws_iam_role_policy.client_expiry as Json).policy as string) as { Statement: Json[] };
    expect(policy.Statement).toEqual([
      {
        Sid: 'WriteLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '${aws_cloudwatch_log_group.client_expiry.arn}:*',
      },
      {
        Sid: 'ExpireRegisteredClients',
        Effect: 'Allow',
        Action: ['cognito-idp:ListUserPoolClients', 'cognito-idp:DescribeUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
        Resource: '${aws_cognito_user_pool.this.arn}',
      },
    ]);
    const scheduler = decodeJsonencode((r.aws_iam_role_policy.client_expiry_scheduler as Json).policy as string) as {
      Statement: Json[];
    };
    expect(scheduler.Statement).toEqual([
      {
        Sid: 'InvokeClientExpiry',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: '${aws_lambda_function.client_expiry.arn}',
      },
    ]);
    const trust = decodeJsonencode((r.aws_iam_role.client_expiry_scheduler as Json).assume_role_policy as string) as {
      Statement: Json[];
    };
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole' });
  });

  test('runs hourly from EventBridge Scheduler and alarms at 80% of the 1,000-client quota', () => {
    expect(r.aws_scheduler_schedule.client_expiry).toMatchObject({
      name: 'acme-dev-mcp-server-client-expiry',
      schedule_expression: 'rate(1 hour)',
      flexible_time_window: { mode: 'OFF' },
      target: {
        arn: '${aws_lambda_function.client_expiry.arn}',
        role_arn: '${aws_iam_role.client_expiry_scheduler.arn}',
        retry_policy: { maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 },
      },
    });
    expect(r.aws_cloudwatch_metric_alarm.client_expiry_app_client_quota).toMatchObject({
      alarm_name: 'acme-dev-mcp-server-app-client-quota',
      namespace: 'McpServer/Registration',
      metric_name: 'AppClients',
      dimensions: { UserPoolId: '${aws_cognito_user_pool.this.id}' },
      statistic: 'Maximum',
      period: 3600,
      evaluation_periods: 1,
      threshold: 800,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('config drives TTL, schedule, quota, threshold and kept clients', () => {
    const c = synth({
      registration: {
        clientTtlDays: 7,
        clientExpiry: { scheduleHours: 6, appClientQuota: 5000, alarmThresholdPercent: 90, keepClientIds: ['1abc2def3ghi'] },
      },
    }).json.resource;
    expect((c.aws_lambda_function.client_expiry.environment as { variables: Json }).variables).toMatchObject({
      [CLIENT_EXPIRY_ENV.clientTtlDays]: '7',
      [CLIENT_EXPIRY_ENV.protectedClientIds]: '${join(",", ["1abc2def3ghi"])}',
    });
    expect(c.aws_scheduler_schedule.client_expiry.schedule_expression).toBe('rate(6 hours)');
    expect(c.aws_cloudwatch_metric_alarm.client_expiry_app_client_quota).toMatchObject({ threshold: 4500, period: 21600 });
    const disabled = synth({ registration: { clientExpiry: { enabled: false } } }).json.resource;
    expect(disabled.aws_lambda_function.client_expiry).toBeUndefined();
    // The registration response states the lifetime only when clients really expire.
    expect((disabled.aws_api_gateway_stage.this.variables as Json).clientLifetimeSeconds).toBe('0');
    expect((c.aws_api_gateway_stage.this.variables as Json).clientLifetimeSeconds).toBe(String(7 * 86400));
    expect((r.aws_api_gateway_stage.this.variables as Json).clientLifetimeSeconds).toBe('7776000');
  });

  test.each([
    [{ clientTtlDays: 0 }, /registration\.clientTtlDays/],
    [{ clientTtlDays: 3651 }, /registration\.clientTtlDays/],
    [{ clientExpiry: { scheduleHours: 25 } }, /registration\.clientExpiry\.scheduleHours/],
    [{ clientExpiry: { alarmThresholdPercent: 0 } }, /registration\.clientExpiry\.alarmThresholdPercent/],
    [{ clientExpiry: { keepClientIds: ['a b'] } }, /registration\.clientExpiry\.keepClientIds\.0: must be a Cognito client id/],
    [{ clientExpiry: { keepClientIds: ['x", "y'] } }, /keepClientIds\.0/],
    [{ clientTtlDays: '90' }, /registration\.clientTtlDays/],
    [{ unknown: true }, /registration/],
  ])('refuses %j, naming the field', (registration, error) => {
    expect(() => synth({ registration })).toThrow(error);
  });
});

describe('Client ID Metadata Documents (synthesized)', () => {
  const on = synth({
    registration: { cimd: { enabled: true, urlPatterns: ['https://vscode.dev/oauth/*', "https://x.example/$(id);'"] } },
  });
  const r = on.json.resource;

  test('a public PKCE app client, the policy bridge pointing at it, the metadata flag and an output', () => {
    expect(r.aws_cognito_user_pool_client.cimd).toMatchObject({
      name: 'mcp-cimd-clients',
      generate_secret: false,
      allowed_oauth_flows: ['code'],
      allowed_oauth_flows_user_pool_client: true,
      allowed_oauth_scopes: ['openid', 'mcp/tools'],
    });
    expect((r.null_resource.cimd as Json).triggers).toEqual({
      user_pool_id: '${aws_cognito_user_pool.this.id}',
      client_id: '${aws_cognito_user_pool_client.cimd.id}',
      policy_name: 'mcp-clients',
      url_patterns: JSON.stringify(['https://vscode.dev/oauth/*', "https://x.example/$(id);'"]),
      cache_duration: '86400',
      region: 'eu-west-1',
      endpoint_url: '',
    });
    expect((r.aws_api_gateway_stage.this.variables as Json).clientIdMetadataDocumentSupported).toBe('true');
    expect(on.json.output.cimd_client_id.value).toBe('${aws_cognito_user_pool_client.cimd.id}');
    // The expiry job never touches the CIMD client.
    expect(
      (r.aws_lambda_function.client_expiry.environment as { variables: Json }).variables[CLIENT_EXPIRY_ENV.protectedClientIds],
    ).toBe('${join(",", [aws_cognito_user_pool_client.cimd.id])}');
  });

  test('off by default: no client, no policy, the flag false', () => {
    const off = synth().json;
    expect(off.resource.aws_cognito_user_pool_client).toBeUndefined();
    expect(off.resource.null_resource).toBeUndefined();
    expect((off.resource.aws_api_gateway_stage.this.variables as Json).clientIdMetadataDocumentSupported).toBe('false');
  });

  test.each([
    [{ enabled: true }, /registration\.cimd\.urlPatterns: at least one pattern is required when CIMD is enabled/],
    [{ enabled: true, urlPatterns: ['http://a.example/x'] }, /registration\.cimd\.urlPatterns\.0: must be https:\/\//],
    [{ enabled: true, urlPatterns: ['https://a.example/x y'] }, /urlPatterns\.0/],
    [{ enabled: true, urlPatterns: Array.from({ length: 6 }, (_, i) => `https://a${i}.example/x`) }, /urlPatterns/],
    [{ enabled: true, urlPatterns: ['https://a.example/x', 'https://a.example/x'] }, /URL patterns must be unique/],
    [{ enabled: true, urlPatterns: ['https://a.example/x'], cacheDurationSeconds: 3600 }, /cacheDurationSeconds/],
    [{ enabled: true, urlPatterns: ['https://a.example/x'], policyName: 'x'.repeat(33) }, /policyName/],
    [{ enabled: true, urlPatterns: ['https://a.example/x'], mode: 'native' }, /\[cimd\.native\]/],
  ])('refuses %j, naming the field', (cimd, error) => {
    expect(() => synth({ registration: { cimd } })).toThrow(error);
  });
});
