import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ValidationError } from '../errors';

/**
 * CloudWatch metrics and metric math as plain values (no cdktf), in the shape of aws-cdk's
 * `cloudwatch.Metric` and `MathExpression`: alarms (`MetricAlarm`) and dashboards (`Dashboard`)
 * render the same value, so what an operator sees on the dashboard is what the alarm watches.
 */

/** A statistic CloudWatch computes; `pNN` / `pNN.N` percentiles become `extended_statistic` in alarms. */
export type MetricStatistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount' | `p${number}`;

/** One metric: namespace, name, the exact dimension set it is published with, statistic and period. */
export interface Metric {
  readonly kind: 'metric';
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension name -> value; must be one of the sets the namespace is published with. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: MetricStatistic;
  /** Seconds: 10, 30 or a multiple of 60. */
  readonly periodSeconds: number;
  /** Legend label on dashboards. @default the metric name */
  readonly label?: string;
}

/** Metric math over named metrics (CloudWatch User Guide, "Using math expressions with CloudWatch metrics"). */
export interface MathExpression {
  readonly kind: 'math';
  /** e.g. `IF(requests >= 20, 100 * errors / requests, 0)`; ids are those of {@link MathExpression.usingMetrics}. */
  readonly expression: string;
  readonly label: string;
  /** Seconds: 10, 30 or a multiple of 60; every metric in `usingMetrics` uses it. */
  readonly periodSeconds: number;
  /** id (lowercase first letter, letters, digits, _) -> metric. */
  readonly usingMetrics: Readonly<Record<string, Metric>>;
}

export type IMetric = Metric | MathExpression;

export interface MetricProps {
  readonly namespace: string;
  readonly metricName: string;
  /** @default no dimensions */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** @default 'Sum' */
  readonly statistic?: MetricStatistic;
  /** @default 300 */
  readonly periodSeconds?: number;
  /** Legend label on dashboards. @default the metric name */
  readonly label?: string;
}

const STATISTIC = /^(Sum|Average|Maximum|Minimum|SampleCount|p(\d{1,2}(\.\d{1,2})?|100))$/;
/** CloudWatch: custom namespaces are 1-255 of these characters and may not start with `AWS/`. */
const CUSTOM_NAMESPACE = /^[A-Za-z0-9._/#:\- ]{1,255}$/;
const METRIC_NAME = /^[A-Za-z0-9._/#:\- ]{1,255}$/;
const MATH_ID = /^[a-z][A-Za-z0-9_]{0,254}$/;
/** The id alarms and dashboards give the expression itself. */
export const EXPRESSION_ID = 'expression';
/** The metric math this repository writes: functions, operators, numbers and ids; no quotes (SEARCH is not used). */
const MATH_EXPRESSION = /^[A-Za-z0-9_ ()+\-*/.,<>=!&|]{1,1024}$/;

/** `props` as a {@link Metric}, after checking CloudWatch's rules and, for `AWS/*`, that AWS documents it. */
export function metric(props: MetricProps, field = 'metric'): Metric {
  const m: Metric = {
    kind: 'metric',
    namespace: props.namespace,
    metricName: props.metricName,
    dimensions: { ...(props.dimensions ?? {}) },
    statistic: props.statistic ?? 'Sum',
    periodSeconds: props.periodSeconds ?? 300,
    ...(props.label ? { label: props.label } : {}),
  };
  checkPeriod(m.periodSeconds, field);
  if (!STATISTIC.test(m.statistic)) {
    throw new ValidationError(
      `${field}.statistic`,
      '[cloudwatch.statistic] Sum, Average, Maximum, Minimum, SampleCount or pNN',
      m.statistic,
    );
  }
  if (!METRIC_NAME.test(m.metricName)) {
    throw new ValidationError(
      `${field}.metricName`,
      '[cloudwatch.metricName] 1-255 of letters, digits and . _ / # : - space',
      m.metricName,
    );
  }
  const dims = Object.entries(m.dimensions);
  if (dims.length > 30 || dims.some(([k, v]) => !k || !v)) {
    throw new ValidationError(
      `${field}.dimensions`,
      '[cloudwatch.dimensions] at most 30 dimensions, each with a non-empty name and value',
      m.dimensions,
    );
  }
  if (m.namespace.startsWith('AWS/')) {
    assertDocumentedMetric(m, field);
  } else if (!CUSTOM_NAMESPACE.test(m.namespace)) {
    throw new ValidationError(
      `${field}.namespace`,
      '[cloudwatch.namespace] 1-255 of letters, digits and . _ / # : - space',
      m.namespace,
    );
  }
  return m;
}

/** Metric math; every id must be used in the expression and every metric must share the period. */
export function mathExpression(props: Omit<MathExpression, 'kind'>, field = 'expression'): MathExpression {
  checkPeriod(props.periodSeconds, field);
  if (!MATH_EXPRESSION.test(props.expression)) {
    throw new ValidationError(
      `${field}.expression`,
      '[cloudwatch.mathExpression] 1-1024 characters of metric math: ids, numbers, functions, operators (no quotes)',
      props.expression,
    );
  }
  const ids = Object.keys(props.usingMetrics);
  if (ids.length === 0) throw new ValidationError(`${field}.usingMetrics`, '[cloudwatch.mathExpression] at least one metric');
  for (const id of ids) {
    if (!MATH_ID.test(id) || id === EXPRESSION_ID) {
      throw new ValidationError(
        `${field}.usingMetrics`,
        `[cloudwatch.metricId] ids start with a lowercase letter, then letters, digits and _, and are not "${EXPRESSION_ID}"`,
        id,
      );
    }
    if (!new RegExp(`\\b${id}\\b`).test(props.expression)) {
      throw new ValidationError(
        `${field}.expression`,
        `[cloudwatch.mathExpression] metric id "${id}" is not used in the expression`,
        props.expression,
      );
    }
    if (props.usingMetrics[id].periodSeconds !== props.periodSeconds) {
      throw new ValidationError(
        `${field}.usingMetrics.${id}`,
        '[cloudwatch.mathExpression] every metric uses the expression period',
        props.usingMetrics[id].periodSeconds,
      );
    }
  }
  return { kind: 'math', ...props };
}

function checkPeriod(seconds: number, field: string): void {
  if (!(seconds === 10 || seconds === 30 || (Number.isInteger(seconds) && seconds >= 60 && seconds % 60 === 0))) {
    throw new ValidationError(`${field}.periodSeconds`, '[cloudwatch.period] 10, 30 or a multiple of 60 seconds', seconds);
  }
}

/** One entry of `data/cloudwatch-metrics.json`: a family of metrics one AWS page documents. */
export interface DocumentedMetricFamily {
  readonly family: string;
  readonly source: string;
  readonly section: string;
  readonly read: string;
  readonly via: string;
  readonly dimensionSets: readonly (readonly string[])[];
  readonly metrics: Readonly<Record<string, { readonly unit: string; readonly description: string }>>;
}

/** Where the catalogue lives: `packages/shared/data/`, two levels above both `src/cloudwatch` and `dist/cloudwatch`. */
export const DOCUMENTED_METRICS_FILE = path.resolve(__dirname, '..', '..', 'data', 'cloudwatch-metrics.json');

let catalogue: Readonly<Record<string, readonly DocumentedMetricFamily[]>> | undefined;

/** The documented AWS metrics by namespace (read once). */
export function documentedMetrics(): Readonly<Record<string, readonly DocumentedMetricFamily[]>> {
  catalogue ??= (
    JSON.parse(readFileSync(DOCUMENTED_METRICS_FILE, 'utf8')) as { namespaces: Record<string, DocumentedMetricFamily[]> }
  ).namespaces;
  return catalogue;
}

/**
 * Why `namespace`/`metricName` with exactly `dimensionNames` is not a metric AWS documents, or
 * `undefined` when it is. An alarm on a metric or dimension set that is never published stays in
 * INSUFFICIENT_DATA (or, with missing data treated as not breaching, OK) forever.
 */
export function undocumentedMetricReason(
  namespace: string,
  metricName: string,
  dimensionNames: readonly string[],
): string | undefined {
  const families = documentedMetrics()[namespace];
  if (!families) return `namespace ${namespace} is not in ${path.basename(DOCUMENTED_METRICS_FILE)}`;
  const key = [...dimensionNames].sort().join(',');
  const withMetric = families.filter((f) => metricName in f.metrics);
  if (withMetric.length === 0) return `${namespace} documents no metric named ${metricName}`;
  if (!withMetric.some((f) => f.dimensionSets.some((set) => [...set].sort().join(',') === key))) {
    const sets = withMetric.flatMap((f) => f.dimensionSets.map((s) => `[${s.join(', ')}]`)).join(' or ');
    return `${namespace} ${metricName} is published with dimensions ${sets}, not [${dimensionNames.join(', ')}]`;
  }
  return undefined;
}

function assertDocumentedMetric(m: Metric, field: string): void {
  const reason = undocumentedMetricReason(m.namespace, m.metricName, Object.keys(m.dimensions));
  if (reason) throw new ValidationError(field, `[cloudwatch.documentedMetric] ${reason}`);
}

/** The metrics an {@link IMetric} reads. */
export function metricsOf(m: IMetric): Metric[] {
  return m.kind === 'metric' ? [m] : Object.values(m.usingMetrics);
}
