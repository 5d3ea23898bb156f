import { undocumentedMetricReason } from '@aws-log-mcp/shared';
import { cloudWatchMetricReferences, dashboardBody, undocumentedMetrics } from '@aws-log-mcp/testing';
import { CLIENT_EXPIRY_METRICS, DEFAULT_METRIC_NAMESPACE } from '../../src/lambda/client-expiry/env';
import { synth } from './helpers';

const NS = 'acme-dev-mcp-server';

describe('MCP server access-log metrics', () => {
  const s = synth();

  it('count 401, 403, 429 and successful registrations from the front access log, 1 per match and 0 otherwise', () => {
    const filters = s.template.resources('aws_cloudwatch_log_metric_filter');
    const group = '${aws_cloudwatch_log_group.front_access.name}';
    expect(
      Object.fromEntries(
        Object.entries(filters).map(([k, f]) => [k, [f.log_group_name, f.pattern, f.metric_transformation.name]]),
      ),
    ).toEqual({
      front_401: [group, '{ $.status = "401" }', 'Responses401'],
      front_403: [group, '{ $.status = "403" }', 'Responses403'],
      front_429: [group, '{ $.status = "429" }', 'Responses429'],
      front_registrations: [group, '{ $.routeKey = "ANY /register" && $.status = "201" }', 'Registrations'],
    });
    for (const f of Object.values(filters)) {
      expect(f.metric_transformation).toMatchObject({ namespace: NS, value: '1', default_value: '0', unit: 'Count' });
    }
  });
});

describe('MCP server alarms', () => {
  const s = synth();
  const alarms = s.template.resources('aws_cloudwatch_metric_alarm');

  it('cover Lambda errors and throttles and the 5xx and 429 rates, with the documented thresholds', () => {
    expect(
      Object.fromEntries(
        Object.entries(alarms).map(([k, a]) => [k, [a.alarm_name, a.metric_name ?? a.metric_query[0].expression, a.threshold]]),
      ),
    ).toEqual({
      lambda_errors: ['acme-dev-mcp-server-lambda-errors', 'Errors', 0],
      lambda_throttles: ['acme-dev-mcp-server-lambda-throttles', 'Throttles', 0],
      api_5xx_rate: ['acme-dev-mcp-server-api-5xx-rate', 'IF(requests >= 20, 100 * matching / requests, 0)', 5],
      api_429_rate: ['acme-dev-mcp-server-api-429-rate', 'IF(requests >= 20, 100 * matching / requests, 0)', 10],
      // The registered-client expiry job's alarm (80% of 1,000 app clients), on the shared topic too.
      client_expiry_app_client_quota: ['acme-dev-mcp-server-app-client-quota', 'AppClients', 800],
    });
    expect(alarms.lambda_errors.dimensions).toEqual({ FunctionName: 'acme-dev-mcp-server-tools' });
    const inputs = (name: string) =>
      alarms[name].metric_query
        .slice(1)
        .map((q: { id: string; metric: { namespace: string; metric_name: string; dimensions: unknown } }) => [
          q.id,
          q.metric.namespace,
          q.metric.metric_name,
          q.metric.dimensions,
        ]);
    const front = { ApiId: '${aws_apigatewayv2_api.front.id}', Stage: '$default' };
    expect(inputs('api_5xx_rate')).toEqual([
      ['requests', 'AWS/ApiGateway', 'Count', front],
      ['matching', 'AWS/ApiGateway', '5xx', front],
    ]);
    expect(inputs('api_429_rate')).toEqual([
      ['requests', 'AWS/ApiGateway', 'Count', front],
      ['matching', NS, 'Responses429', {}],
    ]);
    expect(alarms.lambda_throttles.alarm_description).toContain('reserved concurrency of 10');
    // Every description names the config field of its threshold.
    for (const a of Object.values(alarms)) {
      expect(a.alarm_description).toMatch(/Threshold: (alarms|registration\.clientExpiry)\.[a-zA-Z]+/);
    }
  });

  it('take thresholds from config and notify the configured topic', () => {
    const custom = synth({
      alarms: {
        lambdaErrorsPerFiveMinutes: 3,
        lambdaThrottlesPerFiveMinutes: 7,
        serverErrorPercent: 1.5,
        throttledPercent: 25,
        minRequests: 100,
        notifications: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' },
      },
      lambda: { reservedConcurrency: 4 },
    }).template.resources('aws_cloudwatch_metric_alarm');
    expect(
      [custom.lambda_errors, custom.lambda_throttles, custom.api_5xx_rate, custom.api_429_rate].map((a) => a.threshold),
    ).toEqual([3, 7, 1.5, 25]);
    expect(custom.api_5xx_rate.metric_query[0].expression).toBe('IF(requests >= 100, 100 * matching / requests, 0)');
    expect(custom.lambda_throttles.alarm_description).toContain('reserved concurrency of 4');
    for (const a of Object.values(custom)) expect(a.alarm_actions).toEqual(['arn:aws:sns:eu-west-1:123456789012:ops']);
  });

  it('refuse thresholds out of range or of the wrong type, naming the field', () => {
    for (const [alarmsConfig, field] of [
      [{ serverErrorPercent: 101 }, 'alarms.serverErrorPercent'],
      [{ throttledPercent: -1 }, 'alarms.throttledPercent'],
      [{ minRequests: 0 }, 'alarms.minRequests'],
      [{ lambdaErrorsPerFiveMinutes: '0' }, 'alarms.lambdaErrorsPerFiveMinutes'],
      [{ notifications: { emails: ['x"@example.com'] } }, 'alarms.notifications'],
      [{ notifications: { topicArn: 'arn:aws:sns:us-east-1:123456789012:ops' } }, 'alarms.notifications.topicArn'],
      [{ unknown: true }, 'alarms'],
    ] as const) {
      expect(() => synth({ alarms: alarmsConfig })).toThrow(`environments.dev.apps.mcp-server.${field}`);
    }
  });

  it('create an encrypted topic for e-mail notifications', () => {
    const t = synth({ alarms: { notifications: { emails: ['ops@example.com', 'oncall@example.com'] } } }).template;
    expect(t.addresses().filter((a) => /^aws_(sns|kms)_/.test(a))).toEqual([
      'aws_kms_alias.alarms',
      'aws_kms_key.alarms',
      'aws_sns_topic.alarms',
      'aws_sns_topic_policy.alarms',
      'aws_sns_topic_subscription.alarms_email_0',
      'aws_sns_topic_subscription.alarms_email_1',
    ]);
    expect(t.only('aws_sns_topic').name).toBe('acme-dev-mcp-server-alarms');
  });
});

describe('MCP server dashboard', () => {
  const s = synth();
  const body = dashboardBody(s.template, 'operations');
  const titles = (b: typeof body) =>
    b.widgets.map((w: { type: string; properties: { title?: string } }) => `${w.type}: ${w.properties.title ?? ''}`);

  it('shows requests, refusals, 5xx, registrations, Lambda duration and concurrency', () => {
    expect(s.template.only('aws_cloudwatch_dashboard').dashboard_name).toBe('acme-dev-mcp-server');
    expect(titles(body)).toEqual([
      'text: ',
      'alarm: Alarms',
      'metric: Requests',
      'metric: Refused: 401 / 403 / 429',
      'metric: Server errors (5xx)',
      'metric: Registrations (POST /register answered 201)',
      'metric: Lambda duration (ms)',
      'metric: Lambda concurrency, errors and throttles',
    ]);
    expect(body.widgets[6].properties.annotations).toEqual({ horizontal: [{ label: 'timeout', value: 10_000 }] });
    expect(body.widgets[7].properties.annotations).toEqual({ horizontal: [{ label: 'reserved concurrency', value: 10 }] });
  });

  it('adds the log tools’ Athena bytes scanned when they are on', () => {
    const withTools = synth({ logTools: { enabled: true } });
    const b = dashboardBody(withTools.template, 'operations');
    expect(titles(b).at(-1)).toBe(
      'metric: Athena bytes scanned per hour (workgroup acme-dev-log-platform-logs, shared with the log platform)',
    );
    expect(b.widgets[6].properties.annotations).toEqual({ horizontal: [{ label: 'timeout', value: 24_000 }] });
  });

  it.each([
    ['defaults', {}],
    ['log tools', { logTools: { enabled: true } }],
  ])('reads only documented AWS metrics and metrics its own filters publish (%s)', (_name, app) => {
    const t = synth(app).template;
    expect(cloudWatchMetricReferences(t).length).toBeGreaterThan(20);
    // The expiry job's EMF record (its moto test checks the line the zipped handler prints).
    const emf = Object.values(CLIENT_EXPIRY_METRICS).map((m) => `${DEFAULT_METRIC_NAMESPACE}/${m}`);
    expect(undocumentedMetrics(t, undocumentedMetricReason, emf)).toEqual([]);
  });
});
