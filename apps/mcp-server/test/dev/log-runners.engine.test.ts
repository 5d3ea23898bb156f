import { AthenaClient, CreateWorkGroupCommand } from '@aws-sdk/client-athena';
import { describeWithTestbed, TableBucket, testbed } from '@aws-log-mcp/iceberg-testbed';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RunningDevServer, startDevServer } from '../../src/dev/dev-server';
import { TrinoQueryRunner } from '../../src/dev/trino-query-runner';
import { AthenaQueryRunner, QueryOutcome, QueryRunner } from '../../src/lambda/logs/athena-client';
import type { BuiltQuery } from '@aws-log-mcp/log-contract/queries';
import { contractSettings } from '../lambda/logs/contract';
import { enginePath, MOTO_SERVER, MotoServer, startMoto } from '@aws-log-mcp/testing';

/**
 * One QueryRunner interface, two implementations, the same cases: the MCP SDK client calls the log
 * tools on two dev servers, one whose runner is Trino on the Iceberg testbed (what
 * `npm run dev -- --log-engine trino` serves) and one whose runner is the real Athena client (on
 * moto, seeded with the rows Trino computed for the same query). Both must answer identically, and
 * the Trino answers are checked against the rows loaded.
 */
const REGION = 'eu-west-1';
const NOW = new Date('2026-11-26T12:00:00.000Z');
const settings = contractSettings({ queryTimeoutSeconds: 10 });
const micros = (iso: string) => Date.parse(iso) * 1000;

/** The log platform's own record of the article sample, as the Fluent Bit filter shapes it (epoch microseconds), moved to "now". */
function records(): Record<string, unknown>[] {
  const shaped = readFileSync(path.join(__dirname, '..', '..', '..', 'log-platform', 'fixtures', 'shaped.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const line = (iso: string, level: string, container: string, message: string, requestId: string) => ({
    ...shaped[0],
    container_name: container,
    timestamp: micros(iso),
    level,
    message,
    request_id: requestId,
    log: JSON.stringify({ timestamp: iso, level, message, request_id: requestId }),
  });
  return [
    ...shaped, // 2025-12-20: outside every window below
    line('2026-11-26T11:59:58.123Z', 'ERROR', 'app', "payment failed: it's 'declined'", 'req-7'),
    line('2026-11-26T11:58:00.000Z', 'INFO', 'app', 'payment started', 'req-7'),
    line('2026-11-26T11:50:00.000Z', 'error', 'worker', 'retry 50% done', 'req-8'),
    line('2026-11-26T11:10:00.000Z', 'WARN', 'worker', 'slow', 'req-8'),
  ];
}

/** Remembers what the inner runner answered, to seed moto with exactly that. */
class Recording implements QueryRunner {
  last?: QueryOutcome;
  constructor(private readonly inner: QueryRunner) {}
  async run(query: BuiltQuery, maxRows: number): Promise<QueryOutcome> {
    this.last = await this.inner.run(query, maxRows);
    return this.last;
  }
}

describeWithTestbed('the log tools on Trino (dev server --log-engine trino) and on the Athena client answer alike', () => {
  let bucket: TableBucket;
  let moto: MotoServer;
  let trinoDev: RunningDevServer;
  let athenaDev: RunningDevServer;
  let trinoClient: Client;
  let athenaClient: Client;
  let recording: Recording;
  const saved: Record<string, string | undefined> = {};

  const connect = async (server: RunningDevServer) => {
    const c = new Client({ name: 'jest-log-runners', version: '1.0.0' });
    await c.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl)));
    return c;
  };

  beforeAll(async () => {
    enginePath(MOTO_SERVER); // the missing-engine line when moto is not installed
    bucket = await testbed().tableBucket('acme-dev-log-platform-tables');
    const ref = { namespace: settings.table.database, table: settings.table.table };
    await bucket.createTable(
      ref,
      { schema: { fields: settings.columns.map(([name, type]) => ({ name, type, required: false })) } },
      { records: records() },
    );
    recording = new Recording(new TrinoQueryRunner(bucket));
    trinoDev = await startDevServer({ port: 0, logTools: { settings, runner: recording, now: () => NOW } });

    moto = await startMoto();
    for (const k of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_EC2_METADATA_DISABLED'])
      saved[k] = process.env[k];
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const athena = new AthenaClient({ region: REGION, endpoint: moto.endpoint });
    await athena.send(
      new CreateWorkGroupCommand({
        Name: settings.workgroup,
        Configuration: { ResultConfiguration: { OutputLocation: 's3://r/results/' } },
      }),
    );
    athena.destroy();
    const athenaRunner = new AthenaQueryRunner({
      workgroup: settings.workgroup,
      timeoutMs: 10_000,
      region: REGION,
      initialPollMs: 20,
    });
    athenaDev = await startDevServer({ port: 0, logTools: { settings, runner: athenaRunner, now: () => NOW } });
    [trinoClient, athenaClient] = [await connect(trinoDev), await connect(athenaDev)];
  });

  afterAll(async () => {
    await trinoClient?.close();
    await athenaClient?.close();
    await trinoDev?.close();
    await athenaDev?.close();
    await moto?.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  /** Calls the tool on both servers (Athena seeded with Trino's answer) and returns both structured results without the query ids. */
  async function both(name: string, args: Record<string, unknown>) {
    const onTrino = await trinoClient.callTool({ name, arguments: args });
    const outcome = recording.last!;
    await moto.api('/moto-api/static/athena/query-results', {
      account_id: '123456789012',
      region: REGION,
      results: [
        {
          rows: [outcome.columns, ...outcome.rows].map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
          column_info: outcome.columns.map((Name) => ({ Name, Type: 'varchar' })),
        },
      ],
    });
    const onAthena = await athenaClient.callTool({ name, arguments: args });
    const strip = (r: typeof onTrino): Record<string, unknown> => {
      const rest: Record<string, unknown> = { ...(r.structuredContent as Record<string, unknown>) };
      delete rest.query; // the query id and statistics differ by engine
      return { isError: Boolean(r.isError), ...rest };
    };
    return { trino: strip(onTrino), athena: strip(onAthena) };
  }

  it('search_logs: level case-insensitive over the last 30 minutes, typed rows, quotes intact', async () => {
    const { trino, athena } = await both('search_logs', { last_minutes: 30, level: 'error' });
    expect(athena).toEqual(trino);
    expect(trino).toMatchObject({ isError: false, row_count: 2, truncated: false });
    expect((trino.rows as Record<string, unknown>[]).map((r) => [r.timestamp, r.level, r.message])).toEqual([
      ['2026-11-26 11:59:58.123000', 'ERROR', "payment failed: it's 'declined'"],
      ['2026-11-26 11:50:00.000000', 'error', 'retry 50% done'],
    ]);
  });

  it('search_logs: limit 1 reports truncation; a % in message_contains is a plain character', async () => {
    const truncated = await both('search_logs', { last_minutes: 30, limit: 1 });
    expect(truncated.athena).toEqual(truncated.trino);
    expect(truncated.trino).toMatchObject({ row_count: 1, truncated: true });
    const percent = await both('search_logs', { last_minutes: 60, message_contains: '50%' });
    expect(percent.athena).toEqual(percent.trino);
    expect((percent.trino.rows as Record<string, unknown>[]).map((r) => r.message)).toEqual(['retry 50% done']);
  });

  it('get_request_trace: oldest first across containers; the article request and an unknown one', async () => {
    const trace = await both('get_request_trace', { request_id: 'req-8' });
    expect(trace.athena).toEqual(trace.trino);
    expect((trace.trino.rows as Record<string, unknown>[]).map((r) => r.message)).toEqual(['slow', 'retry 50% done']);
    const none = await both('get_request_trace', { request_id: 'no-such-request' });
    expect(none.athena).toEqual(none.trino);
    expect(none.trino).toMatchObject({ rows: [], row_count: 0, truncated: false });
  });

  it('log_stats: totals per level and per container', async () => {
    const { trino, athena } = await both('log_stats', { last_minutes: 60 });
    expect(athena).toEqual(trino);
    expect(trino).toMatchObject({
      total: 4,
      by_level: { ERROR: 1, INFO: 1, error: 1, WARN: 1 },
      by_container: { app: 2, worker: 2 },
      truncated: false,
    });
  });
});
