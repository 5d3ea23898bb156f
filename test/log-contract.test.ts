import { LogPlatformStack } from '@aws-log-mcp/log-platform';
import { McpServerStack } from '@aws-log-mcp/mcp-server';
import { testEnvironment } from '@aws-log-mcp/shared/testing';
import { Template } from '@aws-log-mcp/testing';
import { Testing } from 'cdktf';
import { terraformReading } from './checkout';

/**
 * The two apps meet only through the log contract package: the MCP stack derives where the log
 * platform keeps its table from the contract, without remote state. Both stacks of one
 * environment must therefore name the same table, workgroup and results bucket.
 */
describe('the log contract between the two stacks of one environment', () => {
  const config = testEnvironment({
    apps: {
      'log-platform': { namespace: 'app_logs', tableName: 'api', extraColumns: [{ name: 'http_status', type: 'int' }] },
      'mcp-server': { logTools: { enabled: true } },
    },
  });
  const lp = Template.synth(new LogPlatformStack(Testing.app(), { config }));
  const mcp = Template.synth(new McpServerStack(Testing.app(), { config }));
  // The JSON holds escaped quotes, so it reaches Terraform as base64decode(...) (see hclSafeLiteral).
  const settings = JSON.parse(terraformReading(mcp.resource('aws_lambda_function', 'tools').environment.variables.MCP_LOG_TOOLS));

  it('the MCP log tools query the table, workgroup and columns the log platform creates', () => {
    expect(settings.workgroup).toBe(lp.resource('aws_athena_workgroup', 'athena').name);
    expect(settings.table).toEqual({
      catalog: `s3tablescatalog/${lp.resource('aws_s3tables_table_bucket', 'logs').name}`,
      database: lp.resource('aws_s3tables_namespace', 'logs').namespace,
      table: lp.resource('aws_s3tables_table', 'logs').name,
    });
    const fields = lp.resource('aws_s3tables_table', 'logs').metadata[0].iceberg[0].schema[0].field;
    expect(settings.columns.map(([name, type]: string[]) => ({ name, type }))).toEqual(
      fields.map((f: { name: string; type: string }) => ({ name: f.name, type: f.type })),
    );
  });

  it('the MCP Lambda reads and writes the results prefix of the bucket the log platform creates', () => {
    const bucket = lp.resource('aws_s3_bucket', 'athena_results').bucket as string;
    expect(bucket).toBe('acme-dev-log-platform-athena-results-${data.aws_caller_identity.current.account_id}');
    const arn = `arn:\${data.aws_partition.current.partition}:s3:::${bucket}`;
    expect(mcp.resource('aws_iam_role_policy', 'tools').policy).toContain(`"Resource" = ["${arn}", "${arn}/results/*"]`);
  });
});
