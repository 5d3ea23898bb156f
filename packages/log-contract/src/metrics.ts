import { MathExpression, mathExpression, metric } from '@aws-log-mcp/shared/core';

/** The query states whose `ProcessedBytes` Athena bills: a query the cutoff cancelled is billed for what it scanned. */
const FINAL_STATES = { succeeded: 'SUCCEEDED', failed: 'FAILED', cancelled: 'CANCELLED' } as const;

/**
 * Bytes that DML queries in `workgroup` scanned per period, whatever their final state (Athena
 * bills them all). Athena publishes `ProcessedBytes` only with the QueryState, QueryType and
 * WorkGroup dimensions together (Athena User Guide, "List of CloudWatch metrics and dimensions for
 * Athena"), so this sums the three final states. The log platform's spend alarm and both stacks'
 * dashboards read it: what the alarm watches is what the dashboards show.
 */
export function athenaBytesScanned(workgroup: string, periodSeconds: number, label: string): MathExpression {
  const usingMetrics = Object.fromEntries(
    Object.entries(FINAL_STATES).map(([id, state]) => [
      id,
      metric({
        namespace: 'AWS/Athena',
        metricName: 'ProcessedBytes',
        dimensions: { QueryState: state, QueryType: 'DML', WorkGroup: workgroup },
        periodSeconds,
      }),
    ]),
  );
  return mathExpression({
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    label,
    periodSeconds,
    usingMetrics,
  });
}
