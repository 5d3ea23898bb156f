import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { Construct } from 'constructs';
import { AddressableProps, addressNameOf, setAddress } from '../addresses';
import { ValidationError } from '../errors';
import { Metric, metric, MetricStatistic } from './metric';

export interface LogMetricFilterProps extends AddressableProps {
  /** The log group whose events are counted (a name or a reference to one). */
  readonly logGroupName: string;
  /** Filter name, 1-512 characters without `:` or `*`. */
  readonly filterName: string;
  /**
   * A CloudWatch Logs filter pattern; for JSON log events e.g. `{ $.status = "429" }`
   * (CloudWatch Logs User Guide, "Filter pattern syntax for metric filters").
   */
  readonly pattern: string;
  /** Custom namespace of the metric (not `AWS/...`). */
  readonly namespace: string;
  readonly metricName: string;
}

/**
 * Counts log events that match a pattern as a custom metric: every matching event adds 1 and
 * every other event 0, so `Sum` is the number of matches and `SampleCount` the number of events
 * in the period. Address: `aws_cloudwatch_log_metric_filter.<addressName>`.
 */
export class LogMetricFilter extends Construct {
  readonly filter: CloudwatchLogMetricFilter;
  private readonly spec: { namespace: string; metricName: string };

  constructor(scope: Construct, id: string, props: LogMetricFilterProps) {
    super(scope, id);
    if (!/^[^:*\p{Cc}]{1,512}$/u.test(props.filterName)) {
      throw new ValidationError(`${id}.filterName`, '[logs.metricFilterName] 1-512 characters without : or *', props.filterName);
    }
    if (props.pattern.length > 1024 || /\p{Cc}/u.test(props.pattern)) {
      throw new ValidationError(
        `${id}.pattern`,
        '[logs.filterPattern] at most 1024 characters, no control characters',
        props.pattern,
      );
    }
    // Validates the namespace and name (and refuses AWS/ namespaces, which only AWS publishes to).
    if (props.namespace.startsWith('AWS/')) {
      throw new ValidationError(
        `${id}.namespace`,
        '[cloudwatch.customNamespace] metric filters publish to a custom namespace, not AWS/*',
        props.namespace,
      );
    }
    metric({ namespace: props.namespace, metricName: props.metricName }, id);
    this.spec = { namespace: props.namespace, metricName: props.metricName };
    this.filter = setAddress(
      new CloudwatchLogMetricFilter(this, 'filter', {
        name: props.filterName,
        logGroupName: props.logGroupName,
        pattern: props.pattern,
        metricTransformation: {
          namespace: props.namespace,
          name: props.metricName,
          value: '1',
          defaultValue: '0',
          unit: 'Count',
        },
      }),
      addressNameOf(id, props),
    );
  }

  /** The metric this filter publishes. @param statistic default `Sum` (matches in the period) */
  metric(options: { statistic?: MetricStatistic; periodSeconds?: number; label?: string } = {}): Metric {
    return metric({
      ...this.spec,
      statistic: options.statistic ?? 'Sum',
      periodSeconds: options.periodSeconds,
      label: options.label,
    });
  }
}
