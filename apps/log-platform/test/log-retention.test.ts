import { retentionDeleteStatement } from '@aws-log-mcp/log-contract';
import { Template } from '@aws-log-mcp/testing';
import { ACCOUNT, decodeJsonencode, PARTITION, synthStack } from './support/synth';

describe('LogRetention', () => {
  const { json } = synthStack({ retentionDays: 7 });
  const t = new Template(json);

  test('a daily EventBridge Scheduler universal target runs the contract DELETE in its own workgroup', () => {
    const schedule = t.resource('aws_scheduler_schedule', 'retention');
    expect(schedule.schedule_expression).toBe('cron(15 0 * * ? *)');
    expect(schedule.schedule_expression_timezone).toBe('UTC');
    expect(schedule.target.arn).toBe(`arn:${PARTITION}:scheduler:::aws-sdk:athena:startQueryExecution`);
    expect(decodeJsonencode(schedule.target.input)).toEqual({
      QueryString: retentionDeleteStatement('"s3tablescatalog/acme-dev-log-platform-tables"."logs"."some_api_logs"', 7),
      WorkGroup: t.resource('aws_athena_workgroup', 'retention').name,
      QueryExecutionContext: { Catalog: 's3tablescatalog/acme-dev-log-platform-tables', Database: 'logs' },
    });
    expect(schedule.depends_on).toEqual(['null_resource.retention_lakeformation_grant']);
    expect(t.resource('aws_athena_workgroup', 'retention').configuration.result_configuration.output_location).toMatch(
      /\/retention\/$/,
    );
  });

  test('the role trusts the scheduler for this schedule only; its Lake Formation grant follows the table ARN', () => {
    const role = t.resource('aws_iam_role', 'retention');
    const trust = decodeJsonencode(role.assume_role_policy);
    expect(JSON.stringify(trust)).toContain('scheduler.amazonaws.com');
    expect(JSON.stringify(trust)).toContain(`schedule/default/`);
    const grant = t.resource('null_resource', 'retention_lakeformation_grant');
    expect(grant.triggers.permissions).toBe('SELECT,INSERT,DELETE,DESCRIBE');
    expect(grant.triggers.table_arn).toBeUndefined();
    expect(grant.lifecycle).toEqual({ replace_triggered_by: ['aws_s3tables_table.logs.arn'] });
    expect(grant.triggers.catalog_id).toBe(`${ACCOUNT}:s3tablescatalog/acme-dev-log-platform-tables`);
  });

  test('retentionDays reaches the statement', () => {
    expect(retentionDeleteStatement('"t"', 7)).toBe(
      `DELETE FROM "t"\nWHERE "timestamp" < date_trunc('day', CAST(current_timestamp AT TIME ZONE 'UTC' AS timestamp)) - INTERVAL '7' DAY`,
    );
    expect(() => retentionDeleteStatement('"t"', 0)).toThrow('[retention.days]');
    expect(() => retentionDeleteStatement('"t"', 1.5)).toThrow('[retention.days]');
  });
});
