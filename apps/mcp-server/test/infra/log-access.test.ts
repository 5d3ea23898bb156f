import { LogSchema, ROLE_COLUMNS } from '@aws-log-mcp/log-contract';
import { ValidationError } from '@aws-log-mcp/shared';
import { LOG_TOOLS_ENV, LogToolsSettingsSchema } from '../../src/lambda/logs/settings';
import { EXPLICIT_LOCATION, synth } from './helpers';

const P = '${data.aws_partition.current.partition}';
const A = '${data.aws_caller_identity.current.account_id}';
const ROLE = 'aws_iam_role.tools';

/** A stack of the dev environment with the log tools on and a log-platform section. */
function withLogTools(logTools: Record<string, unknown> = {}, logPlatform: Record<string, unknown> = {}, overrides = {}) {
  return synth(
    {},
    { apps: { 'mcp-server': { logTools: { enabled: true, ...logTools } }, 'log-platform': logPlatform }, ...overrides },
  );
}

const toolsEnv = (s: ReturnType<typeof synth>) =>
  (s.template.resource('aws_lambda_function', 'tools').environment as { variables: Record<string, string> }).variables;

describe('log tools infrastructure (logTools.enabled)', () => {
  const s = withLogTools();

  it('gives the Lambda role exactly the query path: workgroup, Glue read of the table, GetDataAccess, the results prefix', () => {
    const policy = s.of('aws_iam_role_policy').find((p) => p.role === `\${${ROLE}.id}`)!.policy;
    const glue = `arn:${P}:glue:eu-west-1:${A}`;
    const results = `arn:${P}:s3:::acme-dev-log-platform-athena-results-${A}`;
    expect(policy).toBe(
      '${jsonencode({"Version" = "2012-10-17", "Statement" = [' +
        '{"Sid" = "WriteLogs", "Effect" = "Allow", "Action" = ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource" = "${aws_cloudwatch_log_group.tools.arn}:*"}, ' +
        `{"Sid" = "AthenaWorkgroupQueries", "Effect" = "Allow", "Action" = ["athena:GetQueryExecution", "athena:GetQueryResults", "athena:StartQueryExecution", "athena:StopQueryExecution"], "Resource" = "arn:${P}:athena:eu-west-1:${A}:workgroup/acme-dev-log-platform-logs"}, ` +
        `{"Sid" = "AthenaResults", "Effect" = "Allow", "Action" = ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"], "Resource" = ["${results}", "${results}/results/*"]}, ` +
        `{"Sid" = "GlueReadLogTable", "Effect" = "Allow", "Action" = ["glue:GetCatalog", "glue:GetDatabase", "glue:GetTable"], "Resource" = ["${glue}:catalog", "${glue}:catalog/s3tablescatalog", "${glue}:catalog/s3tablescatalog/acme-dev-log-platform-tables", "${glue}:database/s3tablescatalog/acme-dev-log-platform-tables/logs", "${glue}:table/s3tablescatalog/acme-dev-log-platform-tables/logs/some_api_logs"]}, ` +
        '{"Sid" = "LakeFormationDataAccess", "Effect" = "Allow", "Action" = "lakeformation:GetDataAccess", "Resource" = "*"}' +
        ']})}',
    );
    expect(s.of('aws_iam_role_policy_attachment')).toEqual([]);
  });

  it('grants SELECT and DESCRIBE on the table to the Lambda role with the shared grant construct (local-exec)', () => {
    expect(Object.keys(s.json.resource.null_resource)).toEqual(['tools_lakeformation_grant']);
    const grants = Object.values(s.json.resource.null_resource);
    expect(grants[0].triggers).toEqual({
      principal_arn: `\${${ROLE}.arn}`,
      catalog_id: `${A}:s3tablescatalog/acme-dev-log-platform-tables`,
      database_name: 'logs',
      table_name: 'some_api_logs',
      permissions: 'SELECT,DESCRIBE',
      region: 'eu-west-1',
      endpoint_url: '',
    });
    const provisioners = grants[0].provisioner as { 'local-exec': { command: string; when?: string } }[];
    expect(provisioners.map((p) => p['local-exec'].when)).toEqual([undefined, 'destroy']);
    expect(provisioners[0]['local-exec'].command).toContain('lakeformation grant-permissions');
    expect(Object.keys((s.json as unknown as { provider: Record<string, unknown> }).provider).sort()).toEqual(['aws', 'null']);
    expect(s.json.resource.aws_lakeformation_permissions).toBeUndefined();
  });

  it('passes the contract and limits to the Lambda in MCP_LOG_TOOLS and gives it the query budget plus 4 s', () => {
    const fn = s.template.resource('aws_lambda_function', 'tools');
    expect(fn.timeout).toBe(24);
    const settings = JSON.parse(toolsEnv(s)[LOG_TOOLS_ENV]);
    expect(LogToolsSettingsSchema.parse(settings)).toEqual(settings);
    expect(settings).toEqual({
      scope: 'mcp/logs.read',
      workgroup: 'acme-dev-log-platform-logs',
      table: { catalog: 's3tablescatalog/acme-dev-log-platform-tables', database: 'logs', table: 'some_api_logs' },
      columns: LogSchema.withExtraColumns([]).columns.map((c) => [c.name, c.type, c.description]),
      roles: { ...ROLE_COLUMNS },
      maxWindowHours: 24,
      maxLimit: 200,
      queryTimeoutSeconds: 20,
    });
    expect(toolsEnv(s).MCP_REQUIRED_SCOPE).toBe('mcp/tools');
  });

  it('adds the logs scope to the resource server, the /mcp authorizer and the metadata, but not to DCR defaults', () => {
    expect(s.of('aws_cognito_resource_server').find((r) => r.identifier === 'mcp')!.scope).toEqual([
      { scope_name: 'tools', scope_description: 'Call the MCP server tools' },
      { scope_name: 'logs.read', scope_description: 'Search and read application logs with the MCP log tools' },
    ]);
    const mcpMethods = s.of('aws_api_gateway_method').filter((m) => m.authorization === 'COGNITO_USER_POOLS');
    expect(mcpMethods.map((m) => m.http_method).sort()).toEqual(['DELETE', 'GET', 'POST']);
    for (const m of mcpMethods) expect(m.authorization_scopes).toEqual(['mcp/tools', 'mcp/logs.read']);
    const vars = s.of('aws_api_gateway_stage')[0].variables as Record<string, string>;
    expect(vars.scopes).toBe('mcp/tools,mcp/logs.read');
    expect(vars.defaultScopes).toBe('mcp/tools');
  });

  it('uses the native aws_lakeformation_permissions when the log platform does', () => {
    const n = withLogTools({}, { lakeFormationGrant: 'native' });
    expect(n.json.resource.null_resource).toBeUndefined();
    expect(n.of('aws_lakeformation_permissions')).toEqual([
      {
        principal: `\${${ROLE}.arn}`,
        permissions: ['SELECT', 'DESCRIBE'],
        table: { catalog_id: `${A}:s3tablescatalog/acme-dev-log-platform-tables`, database_name: 'logs', name: 'some_api_logs' },
      },
    ]);
  });

  it('passes the emulator endpoint to the grant and the log platform extra columns to the Lambda', () => {
    const e = withLogTools(
      {},
      { extraColumns: [{ name: 'http_status', type: 'int', description: 'HTTP status' }] },
      { emulatorEndpoint: 'http://127.0.0.1:5000' },
    );
    expect(Object.values(e.json.resource.null_resource)[0].triggers).toMatchObject({ endpoint_url: 'http://127.0.0.1:5000' });
    expect(JSON.parse(toolsEnv(e)[LOG_TOOLS_ENV]).columns.at(-1)).toEqual(['http_status', 'int', 'HTTP status']);
  });

  it('drops column descriptions when the contract would not fit the Lambda environment, and refuses what still does not fit', () => {
    const extra = (n: number, name: (i: number) => string) =>
      Array.from({ length: n }, (_, i) => ({ name: name(i), type: 'string', description: 'd'.repeat(200) }));
    const trimmed = withLogTools({}, { extraColumns: extra(20, (i) => `extra_${i}`) });
    const cols = JSON.parse(toolsEnv(trimmed)[LOG_TOOLS_ENV]).columns as string[][];
    expect(cols).toHaveLength(31);
    expect(cols.every((c) => c[2] === '')).toBe(true);
    expect(() => withLogTools({}, { extraColumns: extra(60, (i) => `a_rather_long_extra_column_name_${i}`) })).toThrow(
      'environments.dev.apps.mcp-server.logTools: [logTools.environmentSize] the log table contract does not fit the Lambda environment (3072 bytes); use fewer extra columns',
    );
  });
});

describe('log tools configuration', () => {
  it('creates nothing for the log tools when disabled (the default)', () => {
    const s = synth();
    expect(toolsEnv(s)[LOG_TOOLS_ENV]).toBeUndefined();
    expect(s.json.resource.null_resource).toBeUndefined();
    expect(s.template.resource('aws_lambda_function', 'tools').timeout).toBe(10);
    expect(s.of('aws_cognito_resource_server').find((r) => r.identifier === 'mcp')!.scope).toHaveLength(1);
    for (const m of s.of('aws_api_gateway_method').filter((x) => x.authorization === 'COGNITO_USER_POOLS')) {
      expect(m.authorization_scopes).toEqual(['mcp/tools']);
    }
    expect(s.of('aws_iam_role_policy').find((p) => p.role === `\${${ROLE}.id}`)!.policy).not.toContain('athena');
  });

  it('takes explicit names from config, checked against the naming rules', () => {
    const explicit = EXPLICIT_LOCATION;
    const s = withLogTools({ source: 'explicit', explicit });
    const settings = JSON.parse(toolsEnv(s)[LOG_TOOLS_ENV]);
    expect(settings.workgroup).toBe('shared-logs');
    expect(settings.table).toEqual({ catalog: 's3tablescatalog/shared-logs-tables', database: 'prod_logs', table: 'api_logs' });
    expect(s.of('aws_iam_role_policy').find((p) => p.role === `\${${ROLE}.id}`)!.policy).toContain(
      `"arn:${P}:s3:::shared-athena-results-111122223333/results/*"`,
    );
    expect(s.of('aws_lakeformation_permissions')[0].table).toEqual({
      catalog_id: `${A}:s3tablescatalog/shared-logs-tables`,
      database_name: 'prod_logs',
      name: 'api_logs',
    });
    expect(() => withLogTools({ source: 'explicit', explicit: { ...explicit, namespace: 'Bad-Name' } })).toThrow(
      /^environments\.dev\.apps\.mcp-server\.logTools\.explicit\.namespace: \[/,
    );
    expect(() => withLogTools({ source: 'explicit', explicit: { ...explicit, workgroup: 'a b' } })).toThrow(ValidationError);
  });

  it.each([
    [{ source: 'explicit' }, /logTools\.explicit/],
    [{ maxLimit: 201 }, /logTools\.maxLimit/],
    [{ queryTimeoutSeconds: 26 }, /logTools\.queryTimeoutSeconds/],
    [{ maxWindowHours: 0 }, /logTools\.maxWindowHours/],
    [{ scopeName: 'logs/read' }, /logTools\.scopeName/],
    [
      { scopeName: 'tools' },
      /^environments\.dev\.apps\.mcp-server\.logTools\.scopeName: \[logTools\.scope\] the log tools scope must differ/,
    ],
  ])('rejects %j', (logTools, message) => {
    expect(() => withLogTools(logTools)).toThrow(message);
  });
});
