import { athenaBytesScanned } from '@aws-log-mcp/log-contract';
import {
  alarmStatusWidget,
  Dashboard,
  DashboardWidget,
  graphWidget,
  IAlarmTopic,
  LogMetricFilter,
  mathExpression,
  Metric,
  metric,
  MetricAlarm,
  textWidget,
} from '@aws-log-mcp/shared';
import { API_PATHS } from '@aws-log-mcp/vtl-templates/http-contract';
import { Construct } from 'constructs';

/** The thresholds of the MCP server's alarms (`alarms` in the app's config). */
export interface McpAlarmThresholds {
  readonly lambdaErrorsPerFiveMinutes: number;
  readonly lambdaThrottlesPerFiveMinutes: number;
  /** Percent of responses that are 5xx. */
  readonly serverErrorPercent: number;
  /** Percent of responses that are 429. */
  readonly throttledPercent: number;
  /** Requests in a period below which the rate alarms do not evaluate to breaching. */
  readonly minRequests: number;
}

export interface McpMonitoringProps {
  /** The HTTP API front: every client request passes it, so its metrics and access log see what clients see. */
  readonly frontApiId: string;
  readonly frontAccessLogGroupName: string;
  /** The REST API's name and stage (`ApiName`, `Stage` dimensions). */
  readonly restApiName: string;
  readonly restStageName: string;
  /** The tools Lambda (`FunctionName` dimension), its reserved concurrency and timeout. */
  readonly functionName: string;
  readonly reservedConcurrency: number;
  readonly timeoutSeconds: number;
  /** The Athena workgroup the log tools query, when they are on. @default no Athena widget */
  readonly logToolsWorkgroup?: string;
  /** `<prefix>-<purpose>` alarm names (`ResourceNames.name`). */
  readonly alarmName: (purpose: string) => string;
  readonly dashboardName: string;
  /** Custom namespace of the access-log metrics (`<project>-<env>-mcp-server`). */
  readonly metricNamespace: string;
  readonly thresholds: McpAlarmThresholds;
  /** @default no notifications */
  readonly topic?: IAlarmTopic;
}

/**
 * The MCP server's alarms, the access-log metrics behind them, and its operations dashboard.
 * API Gateway publishes 4xx/5xx totals only, so 401, 403, 429 and successful registrations are
 * counted from the front's JSON access log by metric filters (each log event adds 1 to its
 * status's metric when it matches, 0 otherwise). Addresses:
 * `aws_cloudwatch_log_metric_filter.{front_401,front_403,front_429,front_registrations}`,
 * `aws_cloudwatch_metric_alarm.{lambda_errors,lambda_throttles,api_5xx_rate,api_429_rate}`,
 * `aws_cloudwatch_dashboard.operations`.
 */
export class McpMonitoring extends Construct {
  readonly filters: {
    readonly unauthorized: LogMetricFilter;
    readonly forbidden: LogMetricFilter;
    readonly throttled: LogMetricFilter;
    readonly registrations: LogMetricFilter;
  };
  readonly alarms: {
    readonly lambdaErrors: MetricAlarm;
    readonly lambdaThrottles: MetricAlarm;
    readonly serverErrors: MetricAlarm;
    readonly throttled: MetricAlarm;
  };
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: McpMonitoringProps) {
    super(scope, id);
    const t = props.thresholds;
    const topic = props.topic;
    const accessLog = (filterId: string, metricName: string, pattern: string) =>
      new LogMetricFilter(this, `filter-${filterId}`, {
        addressName: `front_${filterId}`,
        logGroupName: props.frontAccessLogGroupName,
        filterName: `${props.dashboardName}-${filterId}`,
        pattern,
        namespace: props.metricNamespace,
        metricName,
      });
    this.filters = {
      unauthorized: accessLog('401', 'Responses401', '{ $.status = "401" }'),
      forbidden: accessLog('403', 'Responses403', '{ $.status = "403" }'),
      throttled: accessLog('429', 'Responses429', '{ $.status = "429" }'),
      registrations: accessLog(
        'registrations',
        'Registrations',
        `{ $.routeKey = "ANY ${API_PATHS.register}" && $.status = "201" }`,
      ),
    };

    const fn = (metricName: string, statistic: Metric['statistic'] = 'Sum', label?: string) =>
      metric({ namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName: props.functionName }, statistic, label });
    const front = (metricName: string, label: string) =>
      metric({ namespace: 'AWS/ApiGateway', metricName, dimensions: { ApiId: props.frontApiId, Stage: '$default' }, label });
    const rest = (metricName: string, label: string) =>
      metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensions: { ApiName: props.restApiName, Stage: props.restStageName },
        label,
      });
    const requests = front('Count', 'Requests');
    const percentOf = (numerator: Metric, label: string) =>
      mathExpression({
        expression: `IF(requests >= ${t.minRequests}, 100 * matching / requests, 0)`,
        label,
        periodSeconds: 300,
        usingMetrics: { requests, matching: numerator },
      });
    const errors = fn('Errors', 'Sum', 'Function errors');
    const throttles = fn('Throttles', 'Sum', 'Throttled invocations');
    const serverErrorRate = percentOf(front('5xx', '5xx'), '5xx % of requests');
    const throttledRate = percentOf(this.filters.throttled.metric({ label: '429' }), '429 % of requests');

    this.alarms = {
      lambdaErrors: new MetricAlarm(this, 'lambda-errors', {
        addressName: 'lambda_errors',
        alarmName: props.alarmName('lambda-errors'),
        description:
          `The tools Lambda ${props.functionName} failed more than ${t.lambdaErrorsPerFiveMinutes} invocations in 5 minutes ` +
          '(crash, out of memory or timeout: the handler answers every other failure itself). Read its log group. ' +
          'Threshold: alarms.lambdaErrorsPerFiveMinutes.',
        metric: errors,
        threshold: t.lambdaErrorsPerFiveMinutes,
        topic,
      }),
      lambdaThrottles: new MetricAlarm(this, 'lambda-throttles', {
        addressName: 'lambda_throttles',
        alarmName: props.alarmName('lambda-throttles'),
        description:
          `More than ${t.lambdaThrottlesPerFiveMinutes} invocations of ${props.functionName} in 5 minutes were refused at its ` +
          `reserved concurrency of ${props.reservedConcurrency}; those clients got a 5xx. Slow log queries hold executions: ` +
          'raise lambda.reservedConcurrency or lower throttling.mcp. Threshold: alarms.lambdaThrottlesPerFiveMinutes.',
        metric: throttles,
        threshold: t.lambdaThrottlesPerFiveMinutes,
        topic,
      }),
      serverErrors: new MetricAlarm(this, 'alarm-5xx', {
        addressName: 'api_5xx_rate',
        alarmName: props.alarmName('api-5xx-rate'),
        description:
          `More than ${t.serverErrorPercent}% of responses in 5 minutes were 5xx (with at least ${t.minRequests} requests). ` +
          'Compare the REST API 5XXError and the Lambda errors and throttles on the dashboard. ' +
          'Threshold: alarms.serverErrorPercent, alarms.minRequests.',
        metric: serverErrorRate,
        threshold: t.serverErrorPercent,
        topic,
      }),
      throttled: new MetricAlarm(this, 'alarm-429', {
        addressName: 'api_429_rate',
        alarmName: props.alarmName('api-429-rate'),
        description:
          `More than ${t.throttledPercent}% of responses in 5 minutes were 429 (with at least ${t.minRequests} requests): ` +
          'clients exceed throttling.mcp, throttling.register or throttling.default. A flood of registrations also fills ' +
          "the pool's app-client quota. Threshold: alarms.throttledPercent, alarms.minRequests.",
        metric: throttledRate,
        threshold: t.throttledPercent,
        topic,
      }),
    };

    const text =
      `# MCP server ${props.dashboardName}\n` +
      'Every request passes the HTTP API front, so its counts are what clients see; 401, 403, 429 and registrations are ' +
      `counted from its access log. \`/mcp\` runs the tools Lambda \`${props.functionName}\` ` +
      `(at most ${props.reservedConcurrency} at once, ${props.timeoutSeconds} s each).`;
    const rows: DashboardWidget[][] = [
      [textWidget(text, 24, 2)],
      [alarmStatusWidget('Alarms', Object.values(this.alarms), 24, 2)],
      [
        graphWidget({ title: 'Requests', left: [requests, rest('Count', 'Reached the REST API')] }),
        graphWidget({
          title: 'Refused: 401 / 403 / 429',
          left: [
            this.filters.unauthorized.metric({ label: '401 (no or bad token)' }),
            this.filters.forbidden.metric({ label: '403 (missing scope)' }),
            this.filters.throttled.metric({ label: '429 (throttled)' }),
          ],
        }),
      ],
      [
        graphWidget({
          title: 'Server errors (5xx)',
          left: [front('5xx', '5xx to clients'), rest('5XXError', '5xx from the REST API')],
          right: [serverErrorRate],
        }),
        graphWidget({
          title: 'Registrations (POST /register answered 201)',
          left: [this.filters.registrations.metric({ label: 'Registrations' })],
          view: 'bar',
        }),
      ],
      [
        graphWidget({
          title: 'Lambda duration (ms)',
          left: [fn('Duration', 'p50', 'p50'), fn('Duration', 'p99', 'p99'), fn('Duration', 'Maximum', 'max')],
          annotations: [{ label: 'timeout', value: props.timeoutSeconds * 1000 }],
        }),
        graphWidget({
          title: 'Lambda concurrency, errors and throttles',
          left: [fn('ConcurrentExecutions', 'Maximum', 'Concurrent executions (max)')],
          right: [errors, throttles],
          annotations: [{ label: 'reserved concurrency', value: props.reservedConcurrency }],
        }),
      ],
    ];
    if (props.logToolsWorkgroup) {
      rows.push([
        graphWidget({
          title: `Athena bytes scanned per hour (workgroup ${props.logToolsWorkgroup}, shared with the log platform)`,
          left: [athenaBytesScanned(props.logToolsWorkgroup, 3600, 'Bytes scanned per hour')],
          width: 24,
        }),
      ]);
    }
    this.dashboard = new Dashboard(this, 'dashboard', { addressName: 'operations', dashboardName: props.dashboardName, rows });
  }
}
