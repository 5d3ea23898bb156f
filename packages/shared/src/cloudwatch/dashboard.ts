import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { AddressableProps, addressNameOf, setAddress } from '../addresses';
import { jsonencodeSafe } from '../cdktf-compat/jsonencode';
import { ValidationError } from '../errors';
import { PlatformStack } from '../platform-stack';
import type { MetricAlarm } from './metric-alarm';
import { IMetric, Metric } from './metric';

/**
 * CloudWatch dashboards as code, rendered to the JSON the `PutDashboard` API takes (CloudWatch API
 * Reference, "Dashboard Body Structure and Syntax"). Widgets are values; the {@link Dashboard}
 * construct lays rows out left to right, top to bottom, on the 24-column grid.
 */

/** A horizontal line on a graph, e.g. an alarm threshold. */
export interface HorizontalAnnotation {
  readonly label: string;
  readonly value: number;
}

export interface GraphWidgetProps {
  readonly title: string;
  /** Metrics on the left Y axis, drawn in order. */
  readonly left: readonly IMetric[];
  /** Metrics on the right Y axis. @default none */
  readonly right?: readonly IMetric[];
  /** Lines on the left axis (alarm thresholds, limits). @default none */
  readonly annotations?: readonly HorizontalAnnotation[];
  /** `timeSeries` graphs, `singleValue` shows the latest value, `bar` totals per metric. @default 'timeSeries' */
  readonly view?: 'timeSeries' | 'singleValue' | 'bar';
  /** Stack the series on each other (areas) instead of drawing them as lines. @default false */
  readonly stacked?: boolean;
  /** Label of the left axis, e.g. the unit. @default none */
  readonly leftLabel?: string;
  /** Columns, 1-24. @default 12 */
  readonly width?: number;
  /** Rows. @default 6 */
  readonly height?: number;
}

/** A widget before layout: `x` and `y` are set by {@link Dashboard}. */
export interface DashboardWidget {
  readonly type: 'metric' | 'text' | 'alarm';
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

/** The widget's `metrics` rows: one per metric, and per math expression its hidden inputs plus the expression. */
export function widgetMetricRows(metrics: readonly IMetric[], axis: 'left' | 'right', idPrefix: string): unknown[][] {
  return metrics.flatMap((m, i) => {
    const yAxis = axis === 'right' ? { yAxis: 'right' } : {};
    if (m.kind === 'metric') return [metricRow(m, { id: `${idPrefix}${i}`, label: m.label ?? m.metricName, ...yAxis })];
    // Ids are unique per widget: every expression's inputs get the expression's index as a suffix.
    const rename = (id: string) => `${id}_${idPrefix}${i}`;
    const expression = Object.keys(m.usingMetrics).reduce(
      (text, id) => text.replace(new RegExp(`\\b${id}\\b`, 'g'), rename(id)),
      m.expression,
    );
    return [
      ...Object.entries(m.usingMetrics).map(([id, used]) => metricRow(used, { id: rename(id), visible: false })),
      [{ expression, label: m.label, id: `${idPrefix}${i}`, ...yAxis }],
    ];
  });
}

function metricRow(m: Metric, rendering: Record<string, unknown>): unknown[] {
  return [
    m.namespace,
    m.metricName,
    ...Object.entries(m.dimensions).flat(),
    { stat: m.statistic, period: m.periodSeconds, ...rendering },
  ];
}

/** A graph (or single-value / bar) widget. */
export function graphWidget(props: GraphWidgetProps): DashboardWidget {
  if (props.left.length + (props.right?.length ?? 0) === 0) {
    throw new ValidationError(`graphWidget(${props.title})`, '[cloudwatch.widgetMetrics] a graph needs at least one metric');
  }
  return {
    type: 'metric',
    width: props.width ?? 12,
    height: props.height ?? 6,
    properties: {
      title: props.title,
      view: props.view ?? 'timeSeries',
      stacked: props.stacked ?? false,
      metrics: [...widgetMetricRows(props.left, 'left', 'l'), ...widgetMetricRows(props.right ?? [], 'right', 'r')],
      ...(props.annotations?.length ? { annotations: { horizontal: props.annotations.map((a) => ({ ...a })) } } : {}),
      yAxis: { left: { min: 0, ...(props.leftLabel ? { label: props.leftLabel, showUnits: false } : {}) } },
    },
  };
}

/** A Markdown text widget (what the dashboard shows and how to read it). */
export function textWidget(markdown: string, width = 24, height = 3): DashboardWidget {
  return { type: 'text', width, height, properties: { markdown } };
}

/** The state of each alarm, sorted by state (ALARM first). */
export function alarmStatusWidget(title: string, alarms: readonly MetricAlarm[], width = 24, height = 3): DashboardWidget {
  if (alarms.length === 0 || alarms.length > 100) {
    throw new ValidationError(`alarmStatusWidget(${title})`, '[cloudwatch.alarmWidget] 1-100 alarms');
  }
  return {
    type: 'alarm',
    width,
    height,
    properties: { title, alarms: alarms.map((a) => a.alarmArn), sortBy: 'stateUpdatedTimestamp' },
  };
}

export interface DashboardProps extends AddressableProps {
  /** 1-255 of letters, digits, `-` and `_` (CloudWatch PutDashboard). */
  readonly dashboardName: string;
  /** Widgets row by row; a row's widgets sit side by side, at most 24 columns in all. */
  readonly rows: readonly (readonly DashboardWidget[])[];
  /** Default time range. @default '-PT24H' (the last day) */
  readonly start?: string;
}

/**
 * A CloudWatch dashboard. The body is built with `jsonencode(...)` so ARNs and ids of resources in
 * the stack resolve at plan time. Address: `aws_cloudwatch_dashboard.<addressName>`.
 */
export class Dashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;
  /** The body as a value, before Terraform renders it (widgets with their `x`/`y`). */
  readonly body: {
    readonly start: string;
    readonly periodOverride: string;
    readonly widgets: readonly Record<string, unknown>[];
  };

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.dashboardName)) {
      throw new ValidationError(
        `${id}.dashboardName`,
        '[cloudwatch.dashboardName] 1-255 of letters, digits, - and _',
        props.dashboardName,
      );
    }
    const region = PlatformStack.of(this).region;
    const widgets: Record<string, unknown>[] = [];
    let y = 0;
    props.rows.forEach((row, r) => {
      let x = 0;
      for (const w of row) {
        if (!Number.isInteger(w.width) || w.width < 1 || w.width > 24 || !Number.isInteger(w.height) || w.height < 1) {
          throw new ValidationError(`${id}.rows[${r}]`, '[cloudwatch.widgetSize] widths are 1-24 columns, heights at least 1', w);
        }
        if (x + w.width > 24)
          throw new ValidationError(`${id}.rows[${r}]`, '[cloudwatch.widgetRow] a row holds at most 24 columns');
        widgets.push({
          type: w.type,
          x,
          y,
          width: w.width,
          height: w.height,
          properties: w.type === 'metric' || w.type === 'alarm' ? { region, ...w.properties } : w.properties,
        });
        x += w.width;
      }
      y += Math.max(0, ...row.map((w) => w.height));
    });
    this.body = { start: props.start ?? '-PT24H', periodOverride: 'inherit', widgets };
    this.dashboard = setAddress(
      new CloudwatchDashboard(this, 'dashboard', {
        dashboardName: props.dashboardName,
        dashboardBody: Fn.jsonencode(jsonencodeSafe(this.body)),
      }),
      addressNameOf(id, props),
    );
  }

  get dashboardName(): string {
    return this.dashboard.dashboardName;
  }
}
