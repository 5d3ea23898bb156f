import { undocumentedMetricReason } from '@aws-log-mcp/shared';
import { cloudWatchMetricReferences, dashboardBody, undocumentedMetrics } from '@aws-log-mcp/testing';
import { synthStack } from './support/synth';

const STREAM = 'acme-dev-log-platform-logs';
const WORKGROUP = 'acme-dev-log-platform-logs';
const alarmsOf = (t: ReturnType<typeof synthStack>['t']) => t.resources('aws_cloudwatch_metric_alarm');

describe('log platform alarms', () => {
  const { t } = synthStack();
  const alarms = alarmsOf(t);

  it('are the four the operator needs, named after the stack, with the documented default thresholds', () => {
    expect(
      Object.fromEntries(
        Object.entries(alarms).map(([k, a]) => [
          k,
          [
            a.alarm_name,
            a.metric_name ?? 'math',
            a.statistic ?? null,
            a.period ?? null,
            a.threshold,
            `${a.datapoints_to_alarm}/${a.evaluation_periods}`,
          ],
        ]),
      ),
    ).toEqual({
      firehose_failed_rows: [
        'acme-dev-log-platform-firehose-failed-rows',
        'DeliveryToIceberg.FailedRowCount',
        'Sum',
        300,
        0,
        '1/1',
      ],
      firehose_throttled_records: ['acme-dev-log-platform-firehose-throttled-records', 'ThrottledRecords', 'Sum', 300, 0, '1/1'],
      firehose_delivery_freshness: [
        'acme-dev-log-platform-firehose-delivery-freshness',
        'DeliveryToIceberg.DataFreshness',
        'Maximum',
        300,
        900,
        '2/3',
      ],
      athena_bytes_scanned: ['acme-dev-log-platform-athena-bytes-scanned', 'math', null, null, 107_374_182_400, '1/1'],
    });
    for (const a of Object.values(alarms)) {
      expect(a.treat_missing_data).toBe('notBreaching');
      expect([a.alarm_actions, a.ok_actions]).toEqual([[], []]);
      // Every description says which config field sets the threshold.
      expect(a.alarm_description).toMatch(/Threshold: alarms\.[a-zA-Z]+/);
    }
    expect(alarms.firehose_failed_rows.dimensions).toEqual({ DeliveryStreamName: STREAM });
    expect(alarms.firehose_failed_rows.alarm_description).toContain('${aws_s3_bucket.firehose_errors.bucket}');
  });

  it('count what every query in the workgroup scanned in an hour, whatever its final state (the data usage control)', () => {
    const q = alarms.athena_bytes_scanned.metric_query;
    expect(q[0]).toEqual({
      id: 'expression',
      expression: 'FILL(succeeded, 0) + FILL(failed, 0) + FILL(cancelled, 0)',
      label: 'Bytes scanned per hour',
      return_data: true,
    });
    expect(
      q
        .slice(1)
        .map((x: { id: string; metric: { dimensions: unknown; period: number; metric_name: string } }) => [
          x.id,
          x.metric.metric_name,
          x.metric.dimensions,
          x.metric.period,
        ]),
    ).toEqual(
      ['SUCCEEDED', 'FAILED', 'CANCELLED'].map((state) => [
        state.toLowerCase(),
        'ProcessedBytes',
        { QueryState: state, QueryType: 'DML', WorkGroup: WORKGROUP },
        3600,
      ]),
    );
    expect(alarms.athena_bytes_scanned.alarm_description).toContain('more than 100 GiB in one hour (about $0.49 at $5 per TB)');
  });

  it('take their thresholds from config', () => {
    const custom = alarmsOf(
      synthStack({
        alarms: {
          failedRowsPerFiveMinutes: 10,
          throttledRecordsPerFiveMinutes: 5,
          deliveryFreshnessSeconds: 1800,
          athenaBytesScannedPerHour: 10 * 1024 ** 3,
        },
      }).t,
    );
    expect([
      custom.firehose_failed_rows.threshold,
      custom.firehose_throttled_records.threshold,
      custom.firehose_delivery_freshness.threshold,
      custom.athena_bytes_scanned.threshold,
    ]).toEqual([10, 5, 1800, 10 * 1024 ** 3]);
  });

  it('refuse a freshness threshold Firehose reaches on every healthy flush, naming the field', () => {
    expect(() => synthStack({ buffering: { intervalSeconds: 900, sizeMiB: 64 } })).toThrow(
      'environments.dev.apps.log-platform.alarms.deliveryFreshnessSeconds: [alarms.deliveryFreshness] must be greater than buffering.intervalSeconds (got 900)',
    );
    expect(() => synthStack({ alarms: { deliveryFreshnessSeconds: 30 } })).toThrow('alarms.deliveryFreshnessSeconds');
    expect(() => synthStack({ alarms: { athenaBytesScannedPerHour: 1024 } })).toThrow('alarms.athenaBytesScannedPerHour');
    expect(() => synthStack({ alarms: { failedRowsPerFiveMinutes: -1 } })).toThrow('alarms.failedRowsPerFiveMinutes');
    expect(() => synthStack({ alarms: { failedRowsPerFiveMinutes: '0' } })).toThrow('alarms.failedRowsPerFiveMinutes');
    expect(() => synthStack({ alarms: { typo: 1 } })).toThrow('alarms');
  });
});

describe('log platform alarm notifications', () => {
  it('create an encrypted topic for e-mail addresses and send ALARM and OK there', () => {
    const { t } = synthStack({ alarms: { notifications: { emails: ['ops@example.com'] } } });
    expect(t.addresses().filter((a) => /^aws_(sns|kms)_/.test(a))).toEqual([
      'aws_kms_alias.alarms',
      'aws_kms_key.alarms',
      'aws_sns_topic.alarms',
      'aws_sns_topic_policy.alarms',
      'aws_sns_topic_subscription.alarms_email_0',
    ]);
    expect(t.only('aws_sns_topic')).toEqual({
      name: 'acme-dev-log-platform-alarms',
      kms_master_key_id: '${aws_kms_key.alarms.arn}',
    });
    for (const a of Object.values(alarmsOf(t))) {
      expect([a.alarm_actions, a.ok_actions]).toEqual([['${aws_sns_topic.alarms.arn}'], ['${aws_sns_topic.alarms.arn}']]);
    }
    expect(t.only('aws_kms_key').policy).toContain(':alarm:acme-dev-log-platform-*');
  });

  it('use an existing topic in the stack’s region, and refuse one elsewhere or a malformed address', () => {
    const arn = 'arn:aws:sns:eu-west-1:123456789012:ops';
    const { t } = synthStack({ alarms: { notifications: { topicArn: arn } } });
    expect(t.resourceList('aws_sns_topic')).toEqual([]);
    expect(alarmsOf(t).firehose_failed_rows.alarm_actions).toEqual([arn]);
    expect(() => synthStack({ alarms: { notifications: { topicArn: 'arn:aws:sns:us-east-1:123456789012:ops' } } })).toThrow(
      'environments.dev.apps.log-platform.alarms.notifications.topicArn: [cloudwatch.alarmActionRegion]',
    );
    for (const emails of [['ops@example.com"'], ['${file("/etc/passwd")}'], ['a@b.c\nx'], 'ops@example.com']) {
      expect(() => synthStack({ alarms: { notifications: { emails } } })).toThrow(
        'environments.dev.apps.log-platform.alarms.notifications',
      );
    }
  });
});

describe('log platform dashboard', () => {
  const { t } = synthStack();
  const body = dashboardBody(t, 'operations');
  const titles = body.widgets.map(
    (w: { type: string; properties: { title?: string } }) => `${w.type}: ${w.properties.title ?? ''}`,
  );

  it('is one dashboard named after the stack with what an operator opens first', () => {
    expect(t.only('aws_cloudwatch_dashboard').dashboard_name).toBe('acme-dev-log-platform');
    expect(titles).toEqual([
      'text: ',
      'alarm: Alarms',
      'metric: Records in',
      'metric: Delivered to the table',
      'metric: Failed: error bucket and throttled',
      'metric: Delivery freshness',
      'metric: Athena bytes scanned per day',
      'metric: Athena bytes scanned per hour',
    ]);
    expect(body.widgets[1].properties.alarms).toEqual([
      '${aws_cloudwatch_metric_alarm.firehose_failed_rows.arn}',
      '${aws_cloudwatch_metric_alarm.firehose_throttled_records.arn}',
      '${aws_cloudwatch_metric_alarm.firehose_delivery_freshness.arn}',
      '${aws_cloudwatch_metric_alarm.athena_bytes_scanned.arn}',
    ]);
  });

  it('reads only metrics AWS documents, with the dimensions they are published with (data/cloudwatch-metrics.json)', () => {
    const refs = cloudWatchMetricReferences(t);
    // 13 on the dashboard (math inputs included), 6 in the alarms.
    expect(refs.length).toBe(19);
    expect(undocumentedMetrics(t, undocumentedMetricReason)).toEqual([]);
    // Firehose delivery to an Iceberg table reports DeliveryToIceberg.*, never the S3 destination's DeliveryToS3.*.
    const firehose = [...new Set(refs.filter((r) => r.namespace === 'AWS/Firehose').map((r) => r.metricName))].sort();
    expect(firehose).toEqual([
      'DeliveryToIceberg.DataFreshness',
      'DeliveryToIceberg.FailedRowCount',
      'DeliveryToIceberg.Success',
      'DeliveryToIceberg.SuccessfulRowCount',
      'IncomingBytes',
      'IncomingRecords',
      'ThrottledRecords',
    ]);
  });

  it('shows bytes scanned per day as one bar per day and the alarm thresholds as lines', () => {
    const perDay = body.widgets[6].properties;
    expect(perDay.view).toBe('bar');
    expect(perDay.metrics.slice(0, 3).map((row: unknown[]) => (row[row.length - 1] as { period: number }).period)).toEqual([
      86_400, 86_400, 86_400,
    ]);
    expect(body.widgets[5].properties.annotations).toEqual({ horizontal: [{ label: 'alarm', value: 900 }] });
    expect(body.widgets[7].properties.annotations).toEqual({ horizontal: [{ label: 'alarm', value: 107_374_182_400 }] });
    expect(body.widgets[0].properties.markdown).toContain(`Firehose \`${STREAM}\``);
  });
});
