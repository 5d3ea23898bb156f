import { athenaBytesScanned } from '@aws-log-mcp/log-contract';
import {
  alarmStatusWidget,
  Dashboard,
  graphWidget,
  IAlarmTopic,
  Metric,
  metric,
  MetricAlarm,
  textWidget,
} from '@aws-log-mcp/shared';
import { Construct } from 'constructs';

/** The thresholds of the log platform's alarms (`alarms` in the app's config). */
export interface LogPlatformAlarmThresholds {
  /** Rows Firehose sent to the error bucket in 5 minutes above which the alarm fires (0: any row). */
  readonly failedRowsPerFiveMinutes: number;
  /** Records Firehose refused (throttled) in 5 minutes above which the alarm fires (0: any record). */
  readonly throttledRecordsPerFiveMinutes: number;
  /** Age in seconds of the oldest undelivered record above which delivery counts as stalled. */
  readonly deliveryFreshnessSeconds: number;
  /** Bytes all queries in the workgroup may scan in one hour before the spend alarm fires. */
  readonly athenaBytesScannedPerHour: number;
}

export interface LogPlatformMonitoringProps {
  /** The Firehose stream (`DeliveryStreamName` dimension). */
  readonly streamName: string;
  /** The Athena workgroup (`WorkGroup` dimension); it publishes CloudWatch metrics. */
  readonly workgroupName: string;
  /** The error bucket's name, for the dashboard's text. */
  readonly errorBucketName: string;
  /** `<prefix>-<purpose>` alarm names (`ResourceNames.name`). */
  readonly alarmName: (purpose: string) => string;
  readonly dashboardName: string;
  readonly thresholds: LogPlatformAlarmThresholds;
  /** @default no notifications */
  readonly topic?: IAlarmTopic;
}

const GIB = 1024 ** 3;

/**
 * The log platform's alarms and its operations dashboard: what lands in the table, what does not,
 * how late delivery is, and what queries scan. Firehose delivery metrics are the Apache Iceberg
 * destination's (`DeliveryToIceberg.*`), not the S3 destination's. Addresses:
 * `aws_cloudwatch_metric_alarm.{firehose_failed_rows,firehose_throttled_records,firehose_delivery_freshness,athena_bytes_scanned}`,
 * `aws_cloudwatch_dashboard.operations`.
 */
export class LogPlatformMonitoring extends Construct {
  readonly alarms: {
    readonly failedRows: MetricAlarm;
    readonly throttledRecords: MetricAlarm;
    readonly deliveryFreshness: MetricAlarm;
    readonly athenaBytesScanned: MetricAlarm;
  };
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: LogPlatformMonitoringProps) {
    super(scope, id);
    const t = props.thresholds;
    const stream = (metricName: string, statistic: Metric['statistic'] = 'Sum', label?: string) =>
      metric({ namespace: 'AWS/Firehose', metricName, dimensions: { DeliveryStreamName: props.streamName }, statistic, label });

    const topic = props.topic;
    const failedRows = stream('DeliveryToIceberg.FailedRowCount', 'Sum', 'Rows sent to the error bucket');
    const throttled = stream('ThrottledRecords', 'Sum', 'Records throttled');
    const freshness = stream('DeliveryToIceberg.DataFreshness', 'Maximum', 'Oldest undelivered record (s)');

    this.alarms = {
      failedRows: new MetricAlarm(this, 'failed-rows', {
        addressName: 'firehose_failed_rows',
        alarmName: props.alarmName('firehose-failed-rows'),
        description:
          `Firehose wrote more than ${t.failedRowsPerFiveMinutes} rows in 5 minutes to the error bucket ${props.errorBucketName} ` +
          '(errors/ and table-errors/): they are not in the table. Read the errorCode of a few objects there and the ' +
          'DestinationDelivery log stream; run the record checker on a sample. Threshold: alarms.failedRowsPerFiveMinutes.',
        metric: failedRows,
        threshold: t.failedRowsPerFiveMinutes,
        topic,
      }),
      throttledRecords: new MetricAlarm(this, 'throttled', {
        addressName: 'firehose_throttled_records',
        alarmName: props.alarmName('firehose-throttled-records'),
        description:
          `Firehose throttled more than ${t.throttledRecordsPerFiveMinutes} records in 5 minutes: the stream's ingestion quota ` +
          '(records, requests or bytes per second) is exceeded; FireLens retries, then drops. Request a higher quota or add ' +
          'streams. Threshold: alarms.throttledRecordsPerFiveMinutes (Firehose guide: alarm on ThrottledRecords).',
        metric: throttled,
        threshold: t.throttledRecordsPerFiveMinutes,
        topic,
      }),
      deliveryFreshness: new MetricAlarm(this, 'freshness', {
        addressName: 'firehose_delivery_freshness',
        alarmName: props.alarmName('firehose-delivery-freshness'),
        description:
          `The oldest record not yet in the table is older than ${t.deliveryFreshnessSeconds} s in 2 of 3 five-minute periods: ` +
          'delivery to the Iceberg table is failing or retrying (Lake Formation grant, Glue table, S3 Tables). Check the ' +
          'DestinationDelivery log stream. Threshold: alarms.deliveryFreshnessSeconds (Firehose guide: above the 15-minute buffering maximum).',
        metric: freshness,
        threshold: t.deliveryFreshnessSeconds,
        topic,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      }),
      athenaBytesScanned: new MetricAlarm(this, 'athena-bytes', {
        addressName: 'athena_bytes_scanned',
        alarmName: props.alarmName('athena-bytes-scanned'),
        description:
          `Queries in the Athena workgroup ${props.workgroupName} scanned more than ${formatBytes(t.athenaBytesScannedPerHour)} ` +
          `in one hour (about $${((t.athenaBytesScannedPerHour / 1024 ** 4) * 5).toFixed(2)} at $5 per TB): the workgroup data ` +
          'usage control. Find the queries in the workgroup history; disable the workgroup to stop all queries. ' +
          'Threshold: alarms.athenaBytesScannedPerHour.',
        metric: athenaBytesScanned(props.workgroupName, 3600, 'Bytes scanned per hour'),
        threshold: t.athenaBytesScannedPerHour,
        topic,
      }),
    };

    const text =
      `# Log platform ${props.dashboardName}\n` +
      `ECS → FireLens → Firehose \`${props.streamName}\` → Iceberg table in S3 Tables → Athena workgroup \`${props.workgroupName}\`. ` +
      `Records in should equal rows delivered plus rows sent to the error bucket \`${props.errorBucketName}\`. ` +
      'Firehose publishes its metrics every 5 minutes; Athena publishes per query when it finishes.';
    this.dashboard = new Dashboard(this, 'dashboard', {
      addressName: 'operations',
      dashboardName: props.dashboardName,
      rows: [
        [textWidget(text, 24, 2)],
        [alarmStatusWidget('Alarms', Object.values(this.alarms), 24, 2)],
        [
          graphWidget({
            title: 'Records in',
            left: [stream('IncomingRecords', 'Sum', 'Records in')],
            right: [stream('IncomingBytes', 'Sum', 'Bytes in')],
          }),
          graphWidget({
            title: 'Delivered to the table',
            left: [stream('DeliveryToIceberg.SuccessfulRowCount', 'Sum', 'Rows delivered')],
            right: [stream('DeliveryToIceberg.Success', 'Sum', 'Iceberg commits')],
          }),
        ],
        [
          graphWidget({
            title: 'Failed: error bucket and throttled',
            left: [failedRows, throttled],
            annotations: [{ label: 'alarm: failed rows', value: t.failedRowsPerFiveMinutes }],
          }),
          graphWidget({
            title: 'Delivery freshness',
            left: [freshness],
            leftLabel: 'seconds',
            annotations: [{ label: 'alarm', value: t.deliveryFreshnessSeconds }],
          }),
        ],
        [
          graphWidget({
            title: 'Athena bytes scanned per day',
            left: [athenaBytesScanned(props.workgroupName, 86_400, 'Bytes scanned per day')],
            view: 'bar',
          }),
          graphWidget({
            title: 'Athena bytes scanned per hour',
            left: [this.alarms.athenaBytesScanned.metric],
            annotations: [{ label: 'alarm', value: t.athenaBytesScannedPerHour }],
          }),
        ],
      ],
    });
  }
}

function formatBytes(bytes: number): string {
  return bytes >= GIB ? `${(bytes / GIB).toLocaleString('en-US', { maximumFractionDigits: 2 })} GiB` : `${bytes} bytes`;
}
