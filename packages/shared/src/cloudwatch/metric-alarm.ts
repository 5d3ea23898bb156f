import {
  CloudwatchMetricAlarm,
  CloudwatchMetricAlarmConfig,
  CloudwatchMetricAlarmMetricQuery,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { AddressableProps, addressNameOf, setAddress } from '../addresses';
import { ValidationError } from '../errors';
import type { IAlarmTopic } from './alarm-topic';
import { EXPRESSION_ID, IMetric, Metric } from './metric';

export type ComparisonOperator =
  'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

/** What a period without data counts as (CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing data"). */
export type TreatMissingData = 'notBreaching' | 'breaching' | 'ignore' | 'missing';

export interface MetricAlarmProps extends AddressableProps {
  /** 1-255 characters without control characters; `ResourceNames.name(purpose)` keeps it unique per stack. */
  readonly alarmName: string;
  /**
   * What the alarm means and what to do when it fires, with the threshold's reason (the
   * notification carries it). 1-1024 characters.
   */
  readonly description: string;
  /** The metric or metric math the alarm evaluates. */
  readonly metric: IMetric;
  readonly threshold: number;
  /** @default 'GreaterThanThreshold' */
  readonly comparison?: ComparisonOperator;
  /** Periods evaluated, 1-100. @default 1 */
  readonly evaluationPeriods?: number;
  /** Of those, how many must breach (M of N). @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /**
   * Most of these metrics are published only when there is traffic, so no data means nothing
   * went wrong. @default 'notBreaching'
   */
  readonly treatMissingData?: TreatMissingData;
  /** Where ALARM and OK transitions are sent. @default no actions (the alarm still shows on the dashboard) */
  readonly topic?: IAlarmTopic;
}

/**
 * A CloudWatch alarm on one metric or on metric math, in the shape of aws-cdk's `cloudwatch.Alarm`.
 * Address: `aws_cloudwatch_metric_alarm.<addressName>`. Metrics come from `metric()` /
 * `mathExpression()`, which refuse an `AWS/*` metric or dimension set AWS does not document.
 */
export class MetricAlarm extends Construct {
  readonly alarm: CloudwatchMetricAlarm;
  readonly threshold: number;
  readonly metric: IMetric;

  constructor(scope: Construct, id: string, props: MetricAlarmProps) {
    super(scope, id);
    if (!/^[^\p{Cc}]{1,255}$/u.test(props.alarmName)) {
      throw new ValidationError(
        `${id}.alarmName`,
        '[cloudwatch.alarmName] 1-255 characters, no control characters',
        props.alarmName,
      );
    }
    if (!/^[^\p{Cc}]{1,1024}$/u.test(props.description)) {
      throw new ValidationError(
        `${id}.description`,
        '[cloudwatch.alarmDescription] 1-1024 characters, no control characters',
        props.description,
      );
    }
    if (!Number.isFinite(props.threshold)) {
      throw new ValidationError(`${id}.threshold`, '[cloudwatch.threshold] a finite number', props.threshold);
    }
    const evaluationPeriods = props.evaluationPeriods ?? 1;
    const datapointsToAlarm = props.datapointsToAlarm ?? evaluationPeriods;
    if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1 || evaluationPeriods > 100) {
      throw new ValidationError(
        `${id}.evaluationPeriods`,
        '[cloudwatch.evaluationPeriods] a whole number 1-100',
        evaluationPeriods,
      );
    }
    if (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
      throw new ValidationError(
        `${id}.datapointsToAlarm`,
        '[cloudwatch.datapointsToAlarm] a whole number from 1 to evaluationPeriods',
        datapointsToAlarm,
      );
    }
    // CloudWatch refuses alarms whose periods times evaluation periods exceed one day.
    if (props.metric.periodSeconds * evaluationPeriods > 86_400) {
      throw new ValidationError(
        `${id}.evaluationPeriods`,
        '[cloudwatch.evaluationRange] period x evaluationPeriods must not exceed 86400 seconds',
        evaluationPeriods,
      );
    }
    this.threshold = props.threshold;
    this.metric = props.metric;
    const actions = props.topic ? [props.topic.topicArn] : [];
    this.alarm = setAddress(
      new CloudwatchMetricAlarm(this, 'alarm', {
        alarmName: props.alarmName,
        alarmDescription: props.description,
        comparisonOperator: props.comparison ?? 'GreaterThanThreshold',
        threshold: props.threshold,
        evaluationPeriods,
        datapointsToAlarm,
        treatMissingData: props.treatMissingData ?? 'notBreaching',
        actionsEnabled: true,
        alarmActions: actions,
        okActions: actions,
        ...alarmMetricConfig(props.metric),
      }),
      addressNameOf(id, props),
    );
  }

  get alarmArn(): string {
    return this.alarm.arn;
  }

  get alarmName(): string {
    return this.alarm.alarmName;
  }
}

const PERCENTILE = /^p\d/;

function statisticFields(m: Metric): Pick<CloudwatchMetricAlarmConfig, 'statistic' | 'extendedStatistic'> {
  return PERCENTILE.test(m.statistic) ? { extendedStatistic: m.statistic } : { statistic: m.statistic };
}

/** The metric part of an `aws_cloudwatch_metric_alarm`: the metric fields, or `metric_query` blocks for math. */
export function alarmMetricConfig(m: IMetric): Partial<CloudwatchMetricAlarmConfig> {
  if (m.kind === 'metric') {
    return {
      namespace: m.namespace,
      metricName: m.metricName,
      dimensions: { ...m.dimensions },
      period: m.periodSeconds,
      ...statisticFields(m),
    };
  }
  const queries: CloudwatchMetricAlarmMetricQuery[] = [
    { id: EXPRESSION_ID, expression: m.expression, label: m.label, returnData: true },
    ...Object.entries(m.usingMetrics).map(([id, used]) => ({
      id,
      returnData: false,
      metric: {
        namespace: used.namespace,
        metricName: used.metricName,
        dimensions: { ...used.dimensions },
        period: used.periodSeconds,
        stat: used.statistic,
      },
    })),
  ];
  return { metricQuery: queries };
}
