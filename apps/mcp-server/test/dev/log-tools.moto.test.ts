import {
  AthenaClient,
  CreateWorkGroupCommand,
  GetQueryExecutionCommand,
  ListQueryExecutionsCommand,
  QueryExecution,
} from '@aws-sdk/client-athena';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { writeFileSync } from 'node:fs';
import { RunningDevServer, startDevServer } from '../../src/dev/dev-server';
import { AthenaQueryRunner } from '../../src/lambda/logs/athena-client';
import { LogQueryBuilder, LogSchema } from '@aws-log-mcp/log-contract';
import { ALL_TOOLS, contractSettings } from '../lambda/logs/contract';
import { describeWithEngines, MOTO_SERVER, MotoServer, startMoto } from '@aws-log-mcp/testing';

/**
 * The log tools end to end: the official MCP SDK client over HTTP -> the dev server -> the same
 * handler the Lambda runs -> the real AWS SDK Athena client -> moto (via AWS_ENDPOINT_URL).
 * moto does not execute SQL; results are queued through its `/moto-api/static/athena/query-results`
 * API, and the SQL text and ExecutionParameters moto received are read back with the SDK.
 */
const REGION = 'eu-west-1';
const NOW = new Date('2026-11-26T12:00:00.000Z');
const settings = contractSettings({ queryTimeoutSeconds: 10 });
const builder = new LogQueryBuilder(settings);
const ROW_COLUMNS = builder.selectedColumns();

type Cell = string | null;
const header = (names: readonly string[]) => ({ Data: names.map((n) => ({ VarCharValue: n })) });
const dataRow = (cells: readonly Cell[]) => ({ Data: cells.map((c) => (c === null ? {} : { VarCharValue: c })) });

function line(ts: string, level: string, container: string, message: string, requestId: string | null): Cell[] {
  const byName: Record<string, Cell> = {
    container_id: 'c0ffee',
    container_name: container,
    source: 'stdout',
    ecs_cluster: 'demo',
    ecs_task_arn: 'arn:aws:ecs:eu-west-1:123456789012:task/demo/abc',
    ecs_task_definition: 'demo:3',
    timestamp: ts,
    level,
    message,
    request_id: requestId,
  };
  return ROW_COLUMNS.map((c) => byName[c] ?? null);
}

describeWithEngines('log tools through the MCP SDK client, the dev server and Athena on moto', [MOTO_SERVER], () => {
  let moto: MotoServer;
  let athena: AthenaClient;
  let dev: RunningDevServer;
  let client: Client;
  const saved: Record<string, string | undefined> = {};
  const sample: Record<string, unknown> = {};

  const seed = (columns: readonly string[], rows: Cell[][], types: Record<string, string> = {}) =>
    moto.api('/moto-api/static/athena/query-results', {
      account_id: '123456789012',
      region: REGION,
      results: [
        {
          rows: [header(columns), ...rows.map(dataRow)],
          column_info: columns.map((Name) => ({ Name, Type: types[Name] ?? 'varchar' })),
        },
      ],
    });

  /** The executions moto recorded, newest last (moto keeps insertion order). */
  async function executions(): Promise<QueryExecution[]> {
    const ids = (await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [];
    const out: QueryExecution[] = [];
    for (const id of ids) out.push((await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!);
    return out;
  }

  const connect = async (server: RunningDevServer) => {
    const c = new Client({ name: 'jest-log-tools', version: '1.0.0' });
    await c.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl)));
    return c;
  };
  const text = (result: object) => ((result as { content?: unknown }).content as { type: string; text: string }[])[0].text;

  beforeAll(async () => {
    moto = await startMoto();
    for (const k of [
      'AWS_ENDPOINT_URL',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_REGION',
      'AWS_EC2_METADATA_DISABLED',
    ]) {
      saved[k] = process.env[k];
    }
    // The runner finds moto only through AWS_ENDPOINT_URL, as the Lambda would in emulator mode.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    athena = new AthenaClient({ region: REGION, endpoint: moto.endpoint });
    await athena.send(
      new CreateWorkGroupCommand({
        Name: settings.workgroup,
        Configuration: {
          EnforceWorkGroupConfiguration: true,
          ResultConfiguration: { OutputLocation: 's3://acme-dev-log-platform-athena-results-123456789012/results/' },
        },
      }),
    );
    dev = await startDevServer({
      port: 0,
      logTools: {
        settings,
        runner: new AthenaQueryRunner({ workgroup: settings.workgroup, timeoutMs: 10_000, region: REGION, initialPollMs: 20 }),
        now: () => NOW,
      },
    });
    client = await connect(dev);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await dev?.close();
    athena?.destroy();
    await moto?.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (process.env.MCP_LOG_TOOLS_SAMPLE) writeFileSync(process.env.MCP_LOG_TOOLS_SAMPLE, `${JSON.stringify(sample, null, 2)}\n`);
  });

  it('lists the log tools next to get_uuid and whoami, with strict, bounded input schemas and output schemas', async () => {
    const { tools } = await client.listTools();
    sample.toolsList = tools;
    expect(tools.map((t) => t.name)).toEqual(ALL_TOOLS);
    const search = tools.find((t) => t.name === 'search_logs')!;
    expect(search.inputSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        last_minutes: { type: 'integer', minimum: 1, maximum: 1440 },
        from: { type: 'string', format: 'date-time' },
        limit: { type: 'integer', minimum: 1, maximum: 200 },
        message_contains: { type: 'string', minLength: 1, maxLength: 256 },
        level: { type: 'string', maxLength: 32 },
      },
    });
    expect(search.description).toMatch(/at most 24 h/);
    expect(tools.find((t) => t.name === 'get_request_trace')!.inputSchema.required).toEqual(['request_id']);
    for (const name of ['search_logs', 'get_request_trace', 'log_stats', 'describe_log_schema']) {
      const t = tools.find((x) => x.name === name)!;
      expect(t.outputSchema).toMatchObject({ type: 'object' });
      expect(t.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    }
  });

  it('describe_log_schema returns the schema contract without querying Athena', async () => {
    const before = (await executions()).length;
    const result = await client.callTool({ name: 'describe_log_schema', arguments: {} });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent as { table: string; columns: { name: string; type: string; filterable_by: string[] }[] };
    expect(s.table).toBe('s3tablescatalog/acme-dev-log-platform-tables.logs.some_api_logs');
    expect(s.columns.map((c) => [c.name, c.type])).toEqual(LogSchema.withExtraColumns([]).columns.map((c) => [c.name, c.type]));
    expect(s.columns.find((c) => c.name === 'message')!.filterable_by).toEqual(['message_contains']);
    expect(text(result)).toContain('- level (string) [filter: level]: Log level from the application log');
    expect((await executions()).length).toBe(before);
  });

  it('search_logs sends the contract SQL with every value as an execution parameter and returns typed rows', async () => {
    await seed(ROW_COLUMNS, [
      line('2026-11-26 11:59:58.123000', 'ERROR', 'app', "payment failed: it's 'declined'", 'req-7'),
      line('2026-11-26 11:59:01.000000', 'ERROR', 'app', "payment failed: it's 'declined' again", null),
    ]);
    const args = { last_minutes: 30, level: 'error', container_name: 'app', message_contains: "' OR 1=1; --", limit: 5 };
    const result = await client.callTool({ name: 'search_logs', arguments: args });
    sample.searchLogs = { arguments: args, result };
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent as {
      rows: Record<string, unknown>[];
      row_count: number;
      truncated: boolean;
      window: unknown;
      query: { query_execution_id: string };
    };
    expect(s.row_count).toBe(2);
    expect(s.truncated).toBe(false);
    expect(s.window).toEqual({ from: '2026-11-26T11:30:00.000Z', to: '2026-11-26T12:00:00.000Z' });
    expect(s.rows[0]).toEqual({
      container_id: 'c0ffee',
      container_name: 'app',
      source: 'stdout',
      ecs_cluster: 'demo',
      ecs_task_arn: 'arn:aws:ecs:eu-west-1:123456789012:task/demo/abc',
      ecs_task_definition: 'demo:3',
      timestamp: '2026-11-26 11:59:58.123000',
      level: 'ERROR',
      message: "payment failed: it's 'declined'",
      request_id: 'req-7',
    });
    expect(s.rows[1].request_id).toBeNull();
    expect(text(result)).toMatch(/^2 log lines between 2026-11-26T11:30:00.000Z and 2026-11-26T12:00:00.000Z\.\n\[/);

    const execution = (await executions()).find((e) => e.QueryExecutionId === s.query.query_execution_id)!;
    const expected = builder.searchLogs(args, NOW);
    expect(execution.Query).toBe(expected.sql);
    expect(execution.ExecutionParameters).toEqual([
      "'2026-11-26 11:30:00.000'",
      "'2026-11-26 12:00:00.000'",
      "'error'",
      "'app'",
      "''' OR 1=1; --'",
    ]);
    expect(execution.Query).toMatch(/\nLIMIT 6$/);
    expect(execution.WorkGroup).toBe('acme-dev-log-platform-logs');
    expect(execution.Query).not.toContain('OR 1=1');
  });

  it('get_request_trace returns the lines oldest first and says when the limit cut them', async () => {
    await seed(ROW_COLUMNS, [
      line('2026-11-26 10:00:00.000000', 'INFO', 'app', 'start', 'req-9'),
      line('2026-11-26 10:00:00.500000', 'WARN', 'worker', 'slow', 'req-9'),
      line('2026-11-26 10:00:01.000000', 'INFO', 'app', 'done', 'req-9'),
    ]);
    const result = await client.callTool({ name: 'get_request_trace', arguments: { request_id: 'req-9', limit: 2 } });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent as {
      rows: { message: string }[];
      truncated: boolean;
      query: { query_execution_id: string };
    };
    expect(s.rows.map((r) => r.message)).toEqual(['start', 'slow']);
    expect(s.truncated).toBe(true);
    expect(text(result)).toMatch(/^2 log lines of request "req-9" \(more matched; limit 2\)/);
    const execution = (await executions()).find((e) => e.QueryExecutionId === s.query.query_execution_id)!;
    expect(execution.ExecutionParameters).toEqual(["'req-9'", "'2026-11-25 12:00:00.000'", "'2026-11-26 12:00:00.000'"]);
    expect(execution.Query).toMatch(/\nLIMIT 3$/);
  });

  it('log_stats sums the (level, container) groups per level and per container', async () => {
    await seed(
      ['level', 'container_name', 'events'],
      [
        ['INFO', 'app', '120'],
        ['ERROR', 'app', '7'],
        ['INFO', 'worker', '30'],
        [null, 'log_router', '2'],
      ],
      { events: 'bigint' },
    );
    const result = await client.callTool({ name: 'log_stats', arguments: { from: '2026-11-26T06:00:00Z' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      total: 159,
      by_level: { INFO: 150, ERROR: 7, '(none)': 2 },
      by_container: { app: 127, worker: 30, log_router: 2 },
      groups: [
        { level: 'INFO', container_name: 'app', events: 120 },
        { level: 'ERROR', container_name: 'app', events: 7 },
        { level: 'INFO', container_name: 'worker', events: 30 },
        { level: null, container_name: 'log_router', events: 2 },
      ],
      truncated: false,
      window: { from: '2026-11-26T06:00:00.000Z', to: '2026-11-26T12:00:00.000Z' },
    });
    expect(text(result)).toMatch(/^159 log lines between .*; by level: INFO 150, ERROR 7, \(none\) 2\./);
  });

  it('polls with backoff until a slow query succeeds', async () => {
    // moto keeps each execution QUEUED/RUNNING for 4 GetQueryExecution calls.
    await moto.api('/moto-api/state-manager/set-transition', {
      model_name: 'athena::execution',
      transition: { progression: 'manual', times: 4 },
    });
    try {
      await seed(ROW_COLUMNS, [line('2026-11-26 11:00:00.000000', 'INFO', 'app', 'late', 'r')]);
      const result = await client.callTool({ name: 'search_logs', arguments: { last_minutes: 60 } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { row_count: number }).row_count).toBe(1);
    } finally {
      await moto.api('/moto-api/state-manager/unset-transition', { model_name: 'athena::execution' });
    }
  });

  it('a query that does not finish in time is stopped and reported as a tool error, not a hang', async () => {
    await moto.api('/moto-api/state-manager/set-transition', {
      model_name: 'athena::execution',
      transition: { progression: 'manual', times: 1_000_000 },
    });
    const slow = await startDevServer({
      port: 0,
      logTools: {
        settings,
        runner: new AthenaQueryRunner({ workgroup: settings.workgroup, timeoutMs: 1_200, region: REGION, initialPollMs: 50 }),
        now: () => NOW,
      },
    });
    const c = await connect(slow);
    try {
      // The query never finishes (manual progression): without the runner's deadline this call would
      // hang until jest's timeout.
      const result = await c.callTool({ name: 'log_stats', arguments: { last_minutes: 5 } });
      expect(result.isError).toBe(true);
      const message = text(result);
      expect(message).toMatch(
        /^Athena query [0-9a-f-]{36} did not finish within 1 s and was cancelled; narrow the time window or add filters$/,
      );
      const id = /query ([0-9a-f-]{36})/.exec(message)![1];
      const state = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!.Status!.State;
      expect(state).toBe('CANCELLED');
    } finally {
      await c.close();
      await slow.close();
      await moto.api('/moto-api/state-manager/unset-transition', { model_name: 'athena::execution' });
    }
  });

  it('an Athena API error (unknown workgroup) is a tool error with the service message', async () => {
    const broken = await startDevServer({
      port: 0,
      logTools: {
        settings,
        runner: new AthenaQueryRunner({ workgroup: 'no-such-workgroup', timeoutMs: 5_000, region: REGION }),
        now: () => NOW,
      },
    });
    const c = await connect(broken);
    try {
      const result = await c.callTool({ name: 'search_logs', arguments: { last_minutes: 5 } });
      expect(result.isError).toBe(true);
      expect(text(result)).toBe('Athena StartQueryExecution failed: InvalidRequestException: WorkGroup does not exist');
    } finally {
      await c.close();
      await broken.close();
    }
  });

  it('refuses bad input before any query: missing window, oversized and unknown arguments', async () => {
    const before = (await executions()).length;
    const noWindow = await client.callTool({ name: 'search_logs', arguments: { level: 'ERROR' } });
    expect(noWindow.isError).toBe(true);
    expect(text(noWindow)).toBe(
      'a time window is required: pass last_minutes (at most 1440) or from and optionally to (ISO-8601)',
    );
    const huge = await client.callTool({
      name: 'search_logs',
      arguments: { last_minutes: 5, message_contains: 'x'.repeat(10 * 1024) },
    });
    expect(huge.isError).toBe(true);
    expect(text(huge)).toMatch(/message_contains/);
    const extra = await client.callTool({ name: 'search_logs', arguments: { last_minutes: 5, sql: 'SELECT 1' } });
    expect(extra.isError).toBe(true);
    const wide = await client.callTool({ name: 'log_stats', arguments: { last_minutes: 1441 } });
    expect(wide.isError).toBe(true);
    expect((await executions()).length).toBe(before);
  });

  describe('scopes', () => {
    const claims = (scope: string) => ({
      sub: 'user-1',
      client_id: 'client-1',
      token_use: 'access',
      scope,
      iss: 'https://issuer.invalid/pool',
    });

    it('a token without the logs scope gets a 403 scope challenge naming every scope it needs, and no query runs', async () => {
      const server = await startDevServer({
        port: 0,
        claims: claims('mcp/tools'),
        logTools: {
          settings,
          runner: new AthenaQueryRunner({ workgroup: settings.workgroup, timeoutMs: 5_000, region: REGION }),
        },
      });
      const c = await connect(server);
      try {
        const before = (await executions()).length;
        for (const name of ['search_logs', 'get_request_trace', 'log_stats', 'describe_log_schema']) {
          const args = { get_request_trace: { request_id: 'r' }, describe_log_schema: {} }[name] ?? { last_minutes: 5 };
          // The SDK client without an auth provider surfaces the 403 as a transport error.
          await expect(c.callTool({ name, arguments: args })).rejects.toThrow(`the tool ${name} needs the scope mcp/logs.read`);
          // What a client that can re-authorize acts on: the challenge (MCP authorization, scope step-up).
          const raw = await fetch(server.mcpUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name, arguments: args } }),
          });
          expect(raw.status).toBe(403);
          const challenge = raw.headers.get('www-authenticate') ?? '';
          expect(challenge).toMatch(/^Bearer /);
          expect(challenge).toContain('error="insufficient_scope"');
          expect(challenge).toContain('scope="mcp/tools mcp/logs.read"');
        }
        expect((await c.callTool({ name: 'get_uuid', arguments: {} })).isError).toBeFalsy();
        expect((await executions()).length).toBe(before);
      } finally {
        await c.close();
        await server.close();
      }
    });

    it('a token with only the logs scope is admitted to /mcp and can use the log tools', async () => {
      const server = await startDevServer({
        port: 0,
        claims: claims('mcp/logs.read'),
        logTools: {
          settings,
          runner: new AthenaQueryRunner({ workgroup: settings.workgroup, timeoutMs: 5_000, region: REGION }),
        },
      });
      const c = await connect(server);
      try {
        const result = await c.callTool({ name: 'describe_log_schema', arguments: {} });
        expect(result.isError).toBeFalsy();
      } finally {
        await c.close();
        await server.close();
      }
    });

    it('without log tools configured, a logs-only token is refused at the endpoint (403)', async () => {
      const server = await startDevServer({ port: 0, claims: claims('mcp/logs.read') });
      try {
        const r = await fetch(server.mcpUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        expect(r.status).toBe(403);
      } finally {
        await server.close();
      }
    });
  });
});
