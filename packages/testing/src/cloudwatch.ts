import { decodeJsonencode, Json, Template } from './template';

/** One metric a dashboard widget or an alarm reads, and where. */
export interface MetricReference {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** e.g. `aws_cloudwatch_dashboard.operations widget 3 "Records in"` or `aws_cloudwatch_metric_alarm.lambda_errors`. */
  readonly where: string;
}

/** The `dashboard_body` of `aws_cloudwatch_dashboard.<name>` as JSON (the synthesized `jsonencode` decoded). */
export function dashboardBody(t: Template, name: string): Json {
  return decodeJsonencode(t.resource('aws_cloudwatch_dashboard', name).dashboard_body as string);
}

/**
 * Every metric the stack's dashboards (metric rows of metric widgets; math expressions skipped,
 * their inputs included) and alarms (`metric_name` or `metric_query[].metric`) read.
 */
export function cloudWatchMetricReferences(t: Template): MetricReference[] {
  const refs: MetricReference[] = [];
  for (const name of Object.keys(t.resources('aws_cloudwatch_dashboard'))) {
    const body = dashboardBody(t, name);
    (body.widgets as Json[]).forEach((w, i) => {
      if (w.type !== 'metric') return;
      for (const row of w.properties.metrics as unknown[][]) {
        if (typeof row[0] !== 'string') continue;
        const values = row.filter((v): v is string => typeof v === 'string');
        const dims: Record<string, string> = {};
        for (let d = 2; d + 1 < values.length; d += 2) dims[values[d]] = values[d + 1];
        refs.push({
          namespace: values[0],
          metricName: values[1],
          dimensions: dims,
          where: `aws_cloudwatch_dashboard.${name} widget ${i} ${JSON.stringify(w.properties.title)}`,
        });
      }
    });
  }
  for (const [name, alarm] of Object.entries(t.resources('aws_cloudwatch_metric_alarm'))) {
    const where = `aws_cloudwatch_metric_alarm.${name}`;
    if (alarm.metric_name)
      refs.push({ namespace: alarm.namespace, metricName: alarm.metric_name, dimensions: alarm.dimensions ?? {}, where });
    for (const q of (alarm.metric_query ?? []) as Json[]) {
      if (q.metric)
        refs.push({
          namespace: q.metric.namespace,
          metricName: q.metric.metric_name,
          dimensions: q.metric.dimensions ?? {},
          where,
        });
    }
  }
  return refs;
}

/** `<namespace>/<metric name>` of every metric the stack's `aws_cloudwatch_log_metric_filter`s publish. */
export function metricFilterMetrics(t: Template): Set<string> {
  return new Set(
    t.resourceList('aws_cloudwatch_log_metric_filter').map((f) => {
      const m = (Array.isArray(f.metric_transformation) ? f.metric_transformation[0] : f.metric_transformation) as Json;
      return `${m.namespace}/${m.name}`;
    }),
  );
}

/**
 * The metrics the stack's dashboards and alarms read that are neither documented by AWS (per
 * `reasonOf`, e.g. shared's `undocumentedMetricReason`, for `AWS/*` namespaces) nor published by one
 * of the stack's own metric filters or listed in `published` (`<namespace>/<metric name>` the stack
 * publishes otherwise, e.g. embedded metric format records of its functions, which a test of that
 * function must show), each as `<where>: <metric>: <why>`. Empty when all are.
 */
export function undocumentedMetrics(
  t: Template,
  reasonOf: (namespace: string, metricName: string, dimensionNames: readonly string[]) => string | undefined,
  published: Iterable<string> = [],
): string[] {
  const filters = new Set([...metricFilterMetrics(t), ...published]);
  return cloudWatchMetricReferences(t).flatMap((r) => {
    const reason = r.namespace.startsWith('AWS/')
      ? reasonOf(r.namespace, r.metricName, Object.keys(r.dimensions))
      : filters.has(`${r.namespace}/${r.metricName}`)
        ? undefined
        : `no metric filter of the stack (nor a listed publisher) publishes ${r.namespace}/${r.metricName}`;
    return reason ? [`${r.where}: ${r.metricName}: ${reason}`] : [];
  });
}
