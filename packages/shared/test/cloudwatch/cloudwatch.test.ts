import { cloudWatchMetricReferences, dashboardBody, decodeJsonencode, metricFilterMetrics, Template } from '@aws-log-mcp/testing';
import {
  AlarmNotificationsSchema,
  AlarmTopic,
  alarmStatusWidget,
  alarmTopicFromConfig,
  Dashboard,
  documentedMetrics,
  graphWidget,
  LogMetricFilter,
  mathExpression,
  metric,
  MetricAlarm,
  PlatformStack,
  stackAlarmTopic,
  textWidget,
  undocumentedMetricReason,
  ValidationError,
} from '../../src';
import { testEnvironment, testStack } from '../helpers';

const ACCOUNT = '${data.aws_caller_identity.current.account_id}';
const PARTITION = '${data.aws_partition.current.partition}';

function synth(build: (stack: PlatformStack) => void): Template {
  const stack = testStack();
  build(stack);
  return Template.synth(stack);
}

const incoming = () =>
  metric({ namespace: 'AWS/Firehose', metricName: 'IncomingRecords', dimensions: { DeliveryStreamName: 'acme-dev-logs' } });

describe('the documented metric catalogue (data/cloudwatch-metrics.json)', () => {
  const namespaces = documentedMetrics();

  it('names for every family the AWS page it comes from, when it was read and through which copy', () => {
    for (const [namespace, families] of Object.entries(namespaces)) {
      expect(namespace).toMatch(/^AWS\/[A-Za-z]+$/);
      for (const f of families) {
        expect(f.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/[a-z0-9-]+\/latest\/[a-z]+\/[a-z0-9-]+\.html$/);
        expect(f.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(f.via.length).toBeGreaterThan(10);
        expect(f.dimensionSets.length).toBeGreaterThan(0);
        expect(Object.keys(f.metrics).length).toBeGreaterThan(0);
        for (const m of Object.values(f.metrics)) expect(['Bytes', 'Count', 'Seconds', 'Milliseconds']).toContain(m.unit);
      }
    }
  });

  it('holds the Iceberg-destination delivery metrics of Firehose, not the S3-destination ones', () => {
    const names = namespaces['AWS/Firehose'].flatMap((f) => Object.keys(f.metrics));
    expect(names).toEqual(
      expect.arrayContaining([
        'DeliveryToIceberg.SuccessfulRowCount',
        'DeliveryToIceberg.FailedRowCount',
        'DeliveryToIceberg.DataFreshness',
        'ThrottledRecords',
      ]),
    );
    expect(names.filter((n) => n.startsWith('DeliveryToS3'))).toEqual([]);
  });

  it('explains why a metric is not documented: unknown namespace, name, or dimension set', () => {
    expect(undocumentedMetricReason('AWS/Firehose', 'IncomingRecords', ['DeliveryStreamName'])).toBeUndefined();
    expect(undocumentedMetricReason('AWS/Nope', 'X', [])).toMatch(/namespace AWS\/Nope is not in cloudwatch-metrics.json/);
    expect(undocumentedMetricReason('AWS/Firehose', 'DeliveryToS3.Records', ['DeliveryStreamName'])).toMatch(
      /documents no metric/,
    );
    expect(undocumentedMetricReason('AWS/Athena', 'ProcessedBytes', ['WorkGroup'])).toMatch(
      /published with dimensions \[QueryState, QueryType, WorkGroup\], not \[WorkGroup\]/,
    );
    // The same namespace, two families: REST APIs (ApiName) and HTTP APIs (ApiId).
    expect(undocumentedMetricReason('AWS/ApiGateway', '5xx', ['ApiId', 'Stage'])).toBeUndefined();
    expect(undocumentedMetricReason('AWS/ApiGateway', '5XXError', ['ApiName', 'Stage'])).toBeUndefined();
    expect(undocumentedMetricReason('AWS/ApiGateway', '5xx', ['ApiName', 'Stage'])).toMatch(/not \[ApiName, Stage\]/);
  });
});

describe('metric() and mathExpression()', () => {
  it('defaults to Sum over 5 minutes', () => {
    expect(incoming()).toEqual({
      kind: 'metric',
      namespace: 'AWS/Firehose',
      metricName: 'IncomingRecords',
      dimensions: { DeliveryStreamName: 'acme-dev-logs' },
      statistic: 'Sum',
      periodSeconds: 300,
    });
  });

  it.each([
    [
      { namespace: 'AWS/Firehose', metricName: 'DeliveryToS3.Records', dimensions: { DeliveryStreamName: 's' } },
      'cloudwatch.documentedMetric',
    ],
    [{ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { Function: 'f' } }, 'cloudwatch.documentedMetric'],
    [
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'f' }, periodSeconds: 45 },
      'cloudwatch.period',
    ],
    [
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'f' }, statistic: 'Median' as never },
      'cloudwatch.statistic',
    ],
    [{ namespace: 'Custom', metricName: 'a"b' }, 'cloudwatch.metricName'],
    [{ namespace: 'Cust"om', metricName: 'ab' }, 'cloudwatch.namespace'],
    [{ namespace: 'Custom', metricName: 'ab', dimensions: { k: '' } }, 'cloudwatch.dimensions'],
  ])('refuses %j with [%s]', (props, rule) => {
    expect(() => metric(props)).toThrow(ValidationError);
    expect(() => metric(props)).toThrow(`[${rule}]`);
  });

  it('accepts custom namespaces and percentiles', () => {
    expect(
      metric({ namespace: 'acme-dev-mcp-server', metricName: 'Responses429', statistic: 'p99', periodSeconds: 60 }).statistic,
    ).toBe('p99');
  });

  const requests = metric({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiId: 'x', Stage: '$default' } });
  const errors = metric({ namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: 'x', Stage: '$default' } });

  it('checks math: ids used, no quotes, one period', () => {
    expect(
      mathExpression({
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        label: '5xx %',
        periodSeconds: 300,
        usingMetrics: { requests, errors },
      }).kind,
    ).toBe('math');
    const bad =
      (expression: string, usingMetrics = { requests, errors }, periodSeconds = 300) =>
      () =>
        mathExpression({ expression, label: 'x', periodSeconds, usingMetrics });
    expect(bad('100 * errors')).toThrow('[cloudwatch.mathExpression] metric id "requests" is not used');
    expect(bad('SEARCH(\'{AWS/Lambda} Errors\', "Sum", 300)')).toThrow('[cloudwatch.mathExpression]');
    expect(bad('errors / requests', { requests, errors }, 60)).toThrow('every metric uses the expression period');
    expect(bad('Errors / requests', { Errors: errors, requests } as never)).toThrow('[cloudwatch.metricId]');
    expect(bad('expression / requests', { expression: errors, requests } as never)).toThrow('[cloudwatch.metricId]');
  });
});

describe('MetricAlarm', () => {
  const t = synth((s) => {
    new MetricAlarm(s, 'throttled', {
      alarmName: 'acme-dev-test-throttled',
      description: 'Records were throttled: FireLens retries, raise the stream quota if it persists.',
      metric: metric({ namespace: 'AWS/Firehose', metricName: 'ThrottledRecords', dimensions: { DeliveryStreamName: 's' } }),
      threshold: 0,
    });
    new MetricAlarm(s, 'duration', {
      alarmName: 'acme-dev-test-duration',
      description: 'p99 duration',
      metric: metric({
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: { FunctionName: 'f' },
        statistic: 'p99',
        periodSeconds: 60,
      }),
      threshold: 20_000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      topic: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' },
    });
    const requests = metric({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiId: 'x', Stage: '$default' } });
    const errors = metric({ namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: 'x', Stage: '$default' } });
    new MetricAlarm(s, 'server-errors', {
      alarmName: 'acme-dev-test-5xx',
      description: '5xx rate',
      metric: mathExpression({
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        label: '5xx %',
        periodSeconds: 300,
        usingMetrics: { requests, errors },
      }),
      threshold: 5,
    });
  });

  it('alarms on one metric with the documented statistic, treating no data as not breaching', () => {
    expect(t.resource('aws_cloudwatch_metric_alarm', 'throttled')).toEqual({
      alarm_name: 'acme-dev-test-throttled',
      alarm_description: 'Records were throttled: FireLens retries, raise the stream quota if it persists.',
      namespace: 'AWS/Firehose',
      metric_name: 'ThrottledRecords',
      dimensions: { DeliveryStreamName: 's' },
      statistic: 'Sum',
      period: 300,
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
      treat_missing_data: 'notBreaching',
      actions_enabled: true,
      alarm_actions: [],
      ok_actions: [],
    });
  });

  it('writes percentiles as extended_statistic, M of N, and sends ALARM and OK to the topic', () => {
    const a = t.resource('aws_cloudwatch_metric_alarm', 'duration');
    expect(a).toMatchObject({ extended_statistic: 'p99', evaluation_periods: 5, datapoints_to_alarm: 3 });
    expect(a.statistic).toBeUndefined();
    expect(a.alarm_actions).toEqual(['arn:aws:sns:eu-west-1:123456789012:ops']);
    expect(a.ok_actions).toEqual(['arn:aws:sns:eu-west-1:123456789012:ops']);
  });

  it('writes metric math as metric_query blocks, only the expression returning data', () => {
    const q = t.resource('aws_cloudwatch_metric_alarm', 'server_errors').metric_query;
    expect(q).toEqual([
      { id: 'expression', expression: 'IF(requests >= 20, 100 * errors / requests, 0)', label: '5xx %', return_data: true },
      {
        id: 'requests',
        return_data: false,
        metric: {
          namespace: 'AWS/ApiGateway',
          metric_name: 'Count',
          dimensions: { ApiId: 'x', Stage: '$default' },
          period: 300,
          stat: 'Sum',
        },
      },
      {
        id: 'errors',
        return_data: false,
        metric: {
          namespace: 'AWS/ApiGateway',
          metric_name: '5xx',
          dimensions: { ApiId: 'x', Stage: '$default' },
          period: 300,
          stat: 'Sum',
        },
      },
    ]);
  });

  it.each([
    [{ alarmName: 'a\nb' }, 'cloudwatch.alarmName'],
    [{ alarmName: 'x'.repeat(256) }, 'cloudwatch.alarmName'],
    [{ description: '' }, 'cloudwatch.alarmDescription'],
    [{ threshold: Number.NaN }, 'cloudwatch.threshold'],
    [{ evaluationPeriods: 0 }, 'cloudwatch.evaluationPeriods'],
    [{ evaluationPeriods: 2, datapointsToAlarm: 3 }, 'cloudwatch.datapointsToAlarm'],
    [
      {
        evaluationPeriods: 25,
        metric: metric({ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'f' }, periodSeconds: 3600 }),
      },
      'cloudwatch.evaluationRange',
    ],
  ])('refuses %j with [%s]', (override, rule) => {
    const build = () =>
      new MetricAlarm(testStack(), 'a', {
        alarmName: 'acme-dev-a',
        description: 'd',
        metric: incoming(),
        threshold: 1,
        ...override,
      });
    expect(build).toThrow(`[${rule}]`);
  });
});

describe('AlarmTopic', () => {
  const t = synth(
    (s) =>
      new AlarmTopic(s, 'alarms', {
        topicName: 'acme-dev-test-alarms',
        alarmNamePattern: 'acme-dev-test-*',
        emails: ['ops@example.com', 'oncall@example.org'],
      }),
  );

  it('creates a rotated customer managed key, its alias, the encrypted topic, its policy and one subscription per address', () => {
    expect(t.addresses()).toEqual([
      'aws_kms_alias.alarms',
      'aws_kms_key.alarms',
      'aws_sns_topic.alarms',
      'aws_sns_topic_policy.alarms',
      'aws_sns_topic_subscription.alarms_email_0',
      'aws_sns_topic_subscription.alarms_email_1',
    ]);
    expect(t.only('aws_kms_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(t.only('aws_kms_alias')).toMatchObject({
      name: 'alias/acme-dev-test-alarms',
      target_key_id: '${aws_kms_key.alarms.key_id}',
    });
    expect(t.only('aws_sns_topic')).toEqual({ name: 'acme-dev-test-alarms', kms_master_key_id: '${aws_kms_key.alarms.arn}' });
    expect(t.resource('aws_sns_topic_subscription', 'alarms_email_1')).toEqual({
      topic_arn: '${aws_sns_topic.alarms.arn}',
      protocol: 'email',
      endpoint: 'oncall@example.org',
    });
  });

  const fromOurAlarms = {
    StringEquals: { 'aws:SourceAccount': ACCOUNT },
    ArnLike: { 'aws:SourceArn': `arn:${PARTITION}:cloudwatch:eu-west-1:${ACCOUNT}:alarm:acme-dev-test-*` },
  };

  it('lets CloudWatch use the key and publish only for this stack’s alarms in this account and region', () => {
    const key = decodeJsonencode(t.only('aws_kms_key').policy);
    expect(key.Statement).toEqual([
      {
        Sid: 'AccountAdministersThroughIam',
        Effect: 'Allow',
        Principal: { AWS: `arn:${PARTITION}:iam::${ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: fromOurAlarms,
      },
    ]);
    const topic = decodeJsonencode(t.only('aws_sns_topic_policy').policy);
    expect(topic.Statement).toEqual([
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: '${aws_sns_topic.alarms.arn}',
        Condition: fromOurAlarms,
      },
    ]);
  });

  it.each([
    [{ topicName: 'a b' }, 'sns.topicName'],
    [{ alarmNamePattern: 'a"*' }, 'cloudwatch.alarmNamePattern'],
    [{ emails: ['ops@example.com"}'] }, 'sns.email'],
    [{ emails: ['a@b.c\nBcc: x@y.z'] }, 'sns.email'],
    [{ emails: ['${file("/etc/passwd")}@example.com'] }, 'sns.email'],
  ])('refuses %j with [%s]', (override, rule) => {
    expect(() => new AlarmTopic(testStack(), 't', { topicName: 'acme', alarmNamePattern: 'acme-*', ...override })).toThrow(
      `[${rule}]`,
    );
  });
});

describe('alarms.notifications in config', () => {
  it('is either e-mail addresses or an existing topic ARN', () => {
    expect(AlarmNotificationsSchema.parse({ emails: ['ops@example.com'] })).toEqual({ emails: ['ops@example.com'] });
    expect(AlarmNotificationsSchema.parse({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' })).toEqual({
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops',
    });
    for (const bad of [
      {},
      { emails: [] },
      { emails: ['OPS@example.com', 'ops@example.com'] },
      { emails: ['ops@example.com'], topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' },
      { emails: 'ops@example.com' },
      { topicArn: 'arn:aws:sqs:eu-west-1:123456789012:ops' },
      { topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops"' },
      { emails: ['a@b.c', 'x@${var.y}.com'] },
    ]) {
      expect([bad, AlarmNotificationsSchema.safeParse(bad).success]).toEqual([bad, false]);
    }
  });

  it('names a stack’s topic after the stack and lets only the stack’s alarms publish (stackAlarmTopic)', () => {
    const stack = testStack(testEnvironment(), 'log-platform');
    expect(stackAlarmTopic(stack, undefined)).toBeUndefined();
    stackAlarmTopic(stack, { emails: ['ops@example.com'] });
    const t = Template.synth(stack);
    expect(t.resource('aws_sns_topic', 'alarms').name).toBe('acme-dev-log-platform-alarms');
    expect(t.resource('aws_kms_alias', 'alarms').name).toBe('alias/acme-dev-log-platform-alarms');
    expect(t.resource('aws_sns_topic_policy', 'alarms').policy).toContain(':alarm:acme-dev-log-platform-*');
    expect(() => stackAlarmTopic(testStack(), { topicArn: 'arn:aws:sns:us-east-1:123456789012:ops' })).toThrow(
      'environments.dev.apps.test.alarms.notifications.topicArn: [cloudwatch.alarmActionRegion]',
    );
  });

  it('creates the topic for e-mails, uses an existing one, and refuses a topic in another region', () => {
    const stack = testStack();
    const created = alarmTopicFromConfig(
      stack,
      'alarms',
      { emails: ['ops@example.com'] },
      { topicName: 'acme-dev-test-alarms', alarmNamePattern: 'acme-dev-test-*', field: 'f' },
    );
    expect(created).toBeInstanceOf(AlarmTopic);
    expect(alarmTopicFromConfig(stack, 'x', undefined, { topicName: 'n', alarmNamePattern: 'p', field: 'f' })).toBeUndefined();
    expect(
      alarmTopicFromConfig(
        stack,
        'y',
        { topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' },
        { topicName: 'n', alarmNamePattern: 'p', field: 'f' },
      ),
    ).toEqual({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' });
    expect(() =>
      alarmTopicFromConfig(
        stack,
        'z',
        { topicArn: 'arn:aws:sns:us-east-1:123456789012:ops' },
        { topicName: 'n', alarmNamePattern: 'p', field: 'environments.dev.apps.x.alarms.notifications' },
      ),
    ).toThrow(
      'environments.dev.apps.x.alarms.notifications.topicArn: [cloudwatch.alarmActionRegion] alarms in eu-west-1 can only notify a topic in eu-west-1',
    );
  });
});

describe('LogMetricFilter', () => {
  it('counts matching events as 1 and others as 0 in a custom namespace', () => {
    const t = synth((s) => {
      const f = new LogMetricFilter(s, 'throttled-requests', {
        logGroupName: '/aws/apigateway/acme',
        filterName: 'acme-429',
        pattern: '{ $.status = "429" }',
        namespace: 'acme-dev-test',
        metricName: 'Responses429',
      });
      expect(f.metric({ periodSeconds: 60 })).toMatchObject({
        namespace: 'acme-dev-test',
        metricName: 'Responses429',
        statistic: 'Sum',
        periodSeconds: 60,
      });
    });
    expect(t.resource('aws_cloudwatch_log_metric_filter', 'throttled_requests')).toEqual({
      name: 'acme-429',
      log_group_name: '/aws/apigateway/acme',
      pattern: '{ $.status = "429" }',
      metric_transformation: { namespace: 'acme-dev-test', name: 'Responses429', value: '1', default_value: '0', unit: 'Count' },
    });
    expect([...metricFilterMetrics(t)]).toEqual(['acme-dev-test/Responses429']);
  });

  it.each([
    [{ namespace: 'AWS/Logs' }, 'cloudwatch.customNamespace'],
    [{ filterName: 'a:b' }, 'logs.metricFilterName'],
    [{ pattern: 'a\nb' }, 'logs.filterPattern'],
  ])('refuses %j with [%s]', (override, rule) => {
    expect(
      () =>
        new LogMetricFilter(testStack(), 'f', {
          logGroupName: 'g',
          filterName: 'n',
          pattern: 'p',
          namespace: 'ns',
          metricName: 'm',
          ...override,
        }),
    ).toThrow(`[${rule}]`);
  });
});

describe('Dashboard', () => {
  const t = synth((s) => {
    const alarm = new MetricAlarm(s, 'throttled', {
      alarmName: 'acme-dev-test-throttled',
      description: 'd',
      metric: incoming(),
      threshold: 0,
    });
    const requests = metric({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiId: 'x', Stage: '$default' } });
    const errors = metric({ namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: 'x', Stage: '$default' } });
    new Dashboard(s, 'operations', {
      dashboardName: 'acme-dev-test',
      rows: [
        [textWidget('# Test\nWhat "this" shows')],
        [
          graphWidget({ title: 'Records in', left: [incoming()], annotations: [{ label: 'limit', value: 5000 }] }),
          graphWidget({
            title: 'Errors',
            left: [requests],
            right: [
              mathExpression({
                expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
                label: '5xx %',
                periodSeconds: 300,
                usingMetrics: { requests, errors },
              }),
            ],
            width: 8,
          }),
        ],
        [alarmStatusWidget('Alarms', [alarm])],
      ],
    });
  });
  const body = dashboardBody(t, 'operations');

  it('lays rows out on the 24-column grid and sets the region on metric and alarm widgets', () => {
    expect(
      body.widgets.map((w: { type: string; x: number; y: number; width: number; height: number }) => [
        w.type,
        w.x,
        w.y,
        w.width,
        w.height,
      ]),
    ).toEqual([
      ['text', 0, 0, 24, 3],
      ['metric', 0, 3, 12, 6],
      ['metric', 12, 3, 8, 6],
      ['alarm', 0, 9, 24, 3],
    ]);
    expect(body.widgets[1].properties.region).toBe('eu-west-1');
    expect(body.widgets[3].properties).toEqual({
      region: 'eu-west-1',
      title: 'Alarms',
      alarms: ['${aws_cloudwatch_metric_alarm.throttled.arn}'],
      sortBy: 'stateUpdatedTimestamp',
    });
    expect(body.widgets[0].properties.markdown).toBe('# Test\nWhat "this" shows');
    expect(body.start).toBe('-PT24H');
  });

  it('writes metric rows with their dimensions and hides the inputs of math, ids unique per widget', () => {
    expect(body.widgets[1].properties.metrics).toEqual([
      [
        'AWS/Firehose',
        'IncomingRecords',
        'DeliveryStreamName',
        'acme-dev-logs',
        { stat: 'Sum', period: 300, id: 'l0', label: 'IncomingRecords' },
      ],
    ]);
    expect(body.widgets[1].properties.annotations).toEqual({ horizontal: [{ label: 'limit', value: 5000 }] });
    expect(body.widgets[2].properties.metrics).toEqual([
      ['AWS/ApiGateway', 'Count', 'ApiId', 'x', 'Stage', '$default', { stat: 'Sum', period: 300, id: 'l0', label: 'Count' }],
      [
        'AWS/ApiGateway',
        'Count',
        'ApiId',
        'x',
        'Stage',
        '$default',
        { stat: 'Sum', period: 300, id: 'requests_r0', visible: false },
      ],
      ['AWS/ApiGateway', '5xx', 'ApiId', 'x', 'Stage', '$default', { stat: 'Sum', period: 300, id: 'errors_r0', visible: false }],
      [{ expression: 'IF(requests_r0 >= 20, 100 * errors_r0 / requests_r0, 0)', label: '5xx %', id: 'r0', yAxis: 'right' }],
    ]);
  });

  it('reads only documented metrics (what the apps’ dashboard tests check)', () => {
    const refs = cloudWatchMetricReferences(t);
    expect(refs.map((r) => `${r.where}: ${r.metricName}`)).toEqual([
      'aws_cloudwatch_dashboard.operations widget 1 "Records in": IncomingRecords',
      'aws_cloudwatch_dashboard.operations widget 2 "Errors": Count',
      'aws_cloudwatch_dashboard.operations widget 2 "Errors": Count',
      'aws_cloudwatch_dashboard.operations widget 2 "Errors": 5xx',
      'aws_cloudwatch_metric_alarm.throttled: IncomingRecords',
    ]);
    for (const r of refs) expect(undocumentedMetricReason(r.namespace, r.metricName, Object.keys(r.dimensions))).toBeUndefined();
  });

  it.each([
    [[[textWidget('a', 20), textWidget('b', 8)]], 'cloudwatch.widgetRow'],
    [[[textWidget('a', 0)]], 'cloudwatch.widgetSize'],
  ])('refuses rows %j with [%s]', (rows, rule) => {
    expect(() => new Dashboard(testStack(), 'd', { dashboardName: 'd', rows })).toThrow(`[${rule}]`);
  });

  it('refuses a bad name, an empty graph and an empty alarm widget', () => {
    expect(() => new Dashboard(testStack(), 'd', { dashboardName: 'a b', rows: [] })).toThrow('[cloudwatch.dashboardName]');
    expect(() => graphWidget({ title: 't', left: [] })).toThrow('[cloudwatch.widgetMetrics]');
    expect(() => alarmStatusWidget('t', [])).toThrow('[cloudwatch.alarmWidget]');
  });
});
