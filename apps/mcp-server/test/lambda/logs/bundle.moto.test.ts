import { AthenaClient, CreateWorkGroupCommand, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { LogQueryBuilder } from '@aws-log-mcp/log-contract';
import { describeWithEngines, MOTO_SERVER, MotoServer, startMoto } from '@aws-log-mcp/testing';
import { proxyEvent } from '@aws-log-mcp/testing/proxy-event';
import { LOG_TOOLS_ENV } from '../../../src/lambda/logs/settings';
import { ALL_TOOLS, contractSettings } from './contract';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..', '..');
const settings = contractSettings();

/**
 * The shipped bundle with the log tools, run the way Lambda runs it: the SDK is not in the
 * bundle and is found through NODE_PATH (the nodejs22.x runtime puts its SDK v3 there), the
 * settings come from MCP_LOG_TOOLS, Athena is moto through AWS_ENDPOINT_URL.
 */
describeWithEngines('the Lambda bundle answers log tool calls against Athena on moto', [MOTO_SERVER], () => {
  let moto: MotoServer;
  let dir: string;

  beforeAll(async () => {
    moto = await startMoto();
    dir = mkdtempSync(path.join(tmpdir(), 'mcp-logs-bundle-'));
    await run(process.execPath, ['build.mjs', '--out', dir], { cwd: root });
    const athena = new AthenaClient({
      region: 'eu-west-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    await athena.send(
      new CreateWorkGroupCommand({
        Name: settings.workgroup,
        Configuration: { ResultConfiguration: { OutputLocation: 's3://results/r/' } },
      }),
    );
    athena.destroy();
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  async function invoke(body: unknown): Promise<Record<string, unknown>> {
    const event = proxyEvent({
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
      },
      body,
      claims: { sub: 's', client_id: 'c', token_use: 'access', scope: 'mcp/tools mcp/logs.read' },
    });
    const script = `require(${JSON.stringify(path.join(dir, 'handler.js'))}).handler(${JSON.stringify(event)}).then(r=>process.stdout.write(r.body))`;
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_PATH: path.join(root, '..', '..', 'node_modules'),
      MCP_REQUIRED_SCOPE: 'mcp/tools',
      LOG_LEVEL: 'silent',
      [LOG_TOOLS_ENV]: JSON.stringify(settings),
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const { stdout } = await run(process.execPath, ['-e', script], { env, cwd: dir });
    return JSON.parse(stdout);
  }

  it('does not carry the AWS SDK itself', () => {
    const bundle = readFileSync(path.join(dir, 'handler.js'), 'utf8');
    expect(bundle).toContain('require("@aws-sdk/client-athena")');
    expect(bundle).not.toMatch(/AthenaServiceException|smithy/i);
  });

  it('lists the log tools when MCP_LOG_TOOLS is set', async () => {
    const r = (await invoke({ jsonrpc: '2.0', id: 1, method: 'tools/list' })) as { result: { tools: { name: string }[] } };
    expect(r.result.tools.map((t) => t.name)).toEqual(ALL_TOOLS);
  });

  it('runs search_logs through the runtime SDK and returns the seeded rows', async () => {
    const columns = new LogQueryBuilder(settings).selectedColumns();
    await moto.api('/moto-api/static/athena/query-results', {
      region: 'eu-west-1',
      results: [
        {
          rows: [
            columns,
            columns.map((c) => (c === 'message' ? 'from the bundle' : c === 'timestamp' ? '2026-11-26 11:00:00.000000' : 'x')),
          ].map((r) => ({ Data: r.map((v) => ({ VarCharValue: v })) })),
          column_info: columns.map((Name) => ({ Name, Type: 'varchar' })),
        },
      ],
    });
    const r = (await invoke({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'search_logs', arguments: { last_minutes: 10, request_id: "x' OR '1'='1" } },
    })) as {
      result: { isError?: boolean; structuredContent: { rows: { message: string }[]; query: { query_execution_id: string } } };
    };
    expect(r.result.isError).toBeFalsy();
    expect(r.result.structuredContent.rows.map((row) => row.message)).toEqual(['from the bundle']);
    const athena = new AthenaClient({
      region: 'eu-west-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const execution = (
      await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: r.result.structuredContent.query.query_execution_id }))
    ).QueryExecution!;
    athena.destroy();
    expect(execution.ExecutionParameters?.[2]).toBe("'x'' OR ''1''=''1'");
    expect(execution.Query).toContain('AND "request_id" = ?');
  });
});
