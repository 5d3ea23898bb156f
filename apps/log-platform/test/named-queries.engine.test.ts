import { describeWithTestbed, IcebergSchemaField, StatementResult, TableBucket, testbed } from '@aws-log-mcp/iceberg-testbed';
import { LogSchema, shapingSpec } from '@aws-log-mcp/log-contract';
import { enginePath, LUAJIT } from '@aws-log-mcp/testing';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LUA_FUNCTION, renderFluentBitConfig } from '../src/fluent-bit-config';
import { runLuaFilterBatch } from './support/lua';
import { Json, only, resourcesOf, synthStack } from './support/synth';

/**
 * Every Athena named query the stack deploys, run on Trino against an Iceberg table created from
 * the schema the stack sends to S3 Tables, holding rows made the way production makes them:
 * FireLens records -> the stack's Fluent Bit Lua filter (in LuaJIT) -> Firehose's JSON-to-Iceberg
 * write (the testbed's pyiceberg writer). Each query's rows are asserted, not just its success.
 */
const EXTRA = [{ name: 'http_status', type: 'int' as const, sourceKey: 'status' }];
const HOUR = 3_600_000;
const MINUTE = 60_000;

interface Deployed {
  bucket: string;
  namespace: string;
  table: string;
  fields: IcebergSchemaField[];
  queries: Record<string, { query: string; database: string }>;
}

/** What the synthesized log-platform stack sends to AWS: table bucket, namespace, table schema, named queries. */
function deployed(): Deployed {
  const { json } = synthStack({ extraColumns: EXTRA });
  const table = only(json, 'aws_s3tables_table');
  const queries: Deployed['queries'] = {};
  for (const q of Object.values(resourcesOf(json, 'aws_athena_named_query')) as Json[]) {
    queries[q.name] = { query: q.query, database: q.database };
  }
  return {
    bucket: only(json, 'aws_s3tables_table_bucket').name,
    namespace: only(json, 'aws_s3tables_namespace').namespace,
    table: table.name,
    fields: table.metadata[0].iceberg[0].schema[0].field,
    queries,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

describeWithTestbed('named queries of the log platform on Trino (Iceberg table as the stack creates it)', () => {
  const schema = LogSchema.withExtraColumns(EXTRA);
  const fluentBit = renderFluentBitConfig(shapingSpec(schema));
  let stack: Deployed;
  let bucket: TableBucket;
  let now: number;
  const rows: Record<string, unknown>[] = [];

  /** FireLens records through the stack's Lua filter in one LuaJIT process, exactly as Fluent Bit hands them to Firehose. */
  function shape(firelens: Record<string, string>[]): Record<string, unknown>[] {
    const received = { sec: Math.floor(now / 1000), nsec: 0 };
    return runLuaFilterBatch(fluentBit.luaCode, LUA_FUNCTION, firelens, received).map((out, i) => {
      if (out.code !== 2) throw new Error(`the filter dropped or kept ${firelens[i].log} (code ${out.code})`);
      return out.record;
    });
  }

  const app = (container: string, agoMs: number, fields: Record<string, unknown>): Record<string, string> => ({
    container_id: `c-${container}`,
    container_name: container,
    source: 'stdout',
    log: JSON.stringify({ timestamp: iso(now - agoMs), ...fields }),
    ecs_cluster: 'acme-dev',
    ecs_task_arn: 'arn:aws:ecs:eu-west-1:123456789012:task/acme-dev/0123456789abcdef0123456789abcdef',
    ecs_task_definition: 'acme-dev-log-platform-demo:1',
  });

  beforeAll(async () => {
    enginePath(LUAJIT); // the Fluent Bit Lua filter runs in it: the missing-engine line when absent
    stack = deployed();
    now = Date.now();
    const article = readFileSync(path.join(__dirname, '..', 'fixtures', 'article-samples.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const firelensSample = JSON.parse(article[1]) as Record<string, string>;
    rows.push(
      ...shape([
        // The article's sample record, as FireLens forwards it (2025-12-20: outside every time window).
        firelensSample,
        app('app', 2 * MINUTE, { level: 'ERROR', message: 'payment failed', request_id: 'req-1', status: 503 }),
        app('app', 5 * MINUTE, { level: 'INFO', message: 'payment started', request_id: 'req-1', status: 200 }),
        app('worker', 8 * MINUTE, { level: 'critical', message: 'queue full', request_id: 'req-2' }),
        app('worker', 20 * MINUTE, { level: 'WARN', message: 'retrying', request_id: 'req-2' }),
        app('app', 50 * MINUTE, { level: 'FATAL', message: 'out of memory', request_id: 'req-3', status: 500 }),
        app('app', 70 * MINUTE, { level: 'ERROR', message: 'an hour ago', request_id: 'req-1' }),
        app('app', 25 * HOUR, { level: 'ERROR', message: 'yesterday', request_id: 'req-4' }),
        // A plain-text line on stderr: no lifted fields, the filter stamps the time it received it.
        { container_id: 'c-app', container_name: 'app', source: 'stderr', log: 'panic: something broke' },
      ]),
    );
    bucket = await testbed().tableBucket(stack.bucket);
    const ref = { namespace: stack.namespace, table: stack.table };
    await bucket.createTable(ref, { schema: { fields: stack.fields } }, { records: rows });
  });

  const run = (name: string, parameters: string[] = []): Promise<StatementResult> =>
    bucket.runAthenaQuery(stack.queries[name].query, parameters, {
      catalog: `s3tablescatalog/${stack.bucket}`,
      database: stack.queries[name].database,
    });
  const column = (r: StatementResult, name: string) => r.rows.map((row) => row[name]);

  test('the stack deploys the five named queries, over the table it creates', () => {
    expect(Object.keys(stack.queries).sort()).toEqual([
      'counts-by-level-and-container',
      'errors-last-hour',
      'raw-log-fields',
      'recent-logs',
      'request-trace',
    ]);
    expect(stack.fields.map((f) => f.name)).toEqual(schema.names);
  });

  test('the table Trino sees has the contract columns with their types (timestamp is microseconds)', async () => {
    const r = await bucket.query(
      `SELECT * FROM ${bucket.trinoTableReference({ namespace: stack.namespace, table: stack.table })} LIMIT 0`,
    );
    expect(r.columns).toEqual(
      schema.columns.map((c) => ({
        name: c.name,
        type: {
          string: 'varchar',
          timestamp: 'timestamp(6)',
          int: 'integer',
          long: 'bigint',
          double: 'double',
          boolean: 'boolean',
        }[c.type],
      })),
    );
  });

  test('errors-last-hour: ERROR/FATAL/CRITICAL of the last hour, newest first, every column (the filter normalized critical to FATAL)', async () => {
    const r = await run('errors-last-hour');
    expect(r.columns.map((c) => c.name)).toEqual(schema.names);
    expect(column(r, 'message')).toEqual(['payment failed', 'queue full', 'out of memory']);
    expect(column(r, 'level')).toEqual(['ERROR', 'FATAL', 'FATAL']);
    expect(column(r, 'http_status')).toEqual([503, null, 500]);
    expect(r.rows[0]).toMatchObject({
      container_name: 'app',
      ecs_cluster: 'acme-dev',
      request_id: 'req-1',
      timestamp: iso(now - 2 * MINUTE)
        .replace('T', ' ')
        .replace('Z', '000'),
    });
  });

  test('request-trace: every event of one request in the last 24 hours, oldest first, with the id bound as Athena binds it', async () => {
    const r = await run('request-trace', ["'req-1'"]);
    expect(column(r, 'message')).toEqual(['an hour ago', 'payment started', 'payment failed']);
    // Bounded to a day, so the query reads one or two day partitions: older events are not returned.
    expect((await run('request-trace', ["'req-4'"])).rows).toEqual([]);
    expect((await run('request-trace', ["'93f7a013-37d1-4793-a73f-b660d78a1f16'"])).rows).toEqual([]);
    expect((await run('request-trace', ["'no-such-request'"])).rows).toEqual([]);
  });

  test('counts-by-level-and-container: the last 24 hours grouped, most frequent first', async () => {
    const r = await run('counts-by-level-and-container');
    expect(r.columns.map((c) => c.name)).toEqual(['container_name', 'level', 'events']);
    const counts = Object.fromEntries(r.rows.map((row) => [`${row.container_name}/${row.level}`, row.events]));
    expect(counts).toEqual({
      'app/ERROR': 2,
      'app/INFO': 1,
      'app/FATAL': 1,
      'app/null': 1,
      'worker/FATAL': 1,
      'worker/WARN': 1,
    });
    expect(r.rows[0]).toEqual({ container_name: 'app', level: 'ERROR', events: 2 });
  });

  test('recent-logs: the last 15 minutes, newest first, including the plain-text line', async () => {
    const r = await run('recent-logs');
    expect(column(r, 'log').map((l) => (String(l).startsWith('{') ? JSON.parse(String(l)).message : l))).toEqual([
      'panic: something broke',
      'payment failed',
      'payment started',
      'queue full',
    ]);
    expect(r.rows[0]).toMatchObject({ source: 'stderr', level: null, message: null, request_id: null });
  });

  test('raw-log-fields: the article query shape, fields parsed from the raw log at query time', async () => {
    const r = await run('raw-log-fields');
    expect(r.columns.map((c) => c.name)).toEqual([
      'container_id',
      'container_name',
      'source',
      'ecs_cluster',
      'ecs_task_arn',
      'ecs_task_definition',
      'timestamp_from_log',
      'level_from_log',
      'message_from_log',
      'request_id_from_log',
      'http_status_from_log',
    ]);
    expect(column(r, 'message_from_log')).toEqual([
      null,
      'payment failed',
      'payment started',
      'queue full',
      'retrying',
      'out of memory',
    ]);
    expect(r.rows[1]).toMatchObject({
      timestamp_from_log: iso(now - 2 * MINUTE),
      level_from_log: 'ERROR',
      request_id_from_log: 'req-1',
      http_status_from_log: '503',
    });
  });

  test("the article's own query runs in the table's database and returns the sample's fields", async () => {
    // The query of the seed article ("Querying Logs Stored in S3 Tables"), verbatim: unqualified
    // names resolved in the table's database, as the Athena console runs it.
    const query = readFileSync(path.join(__dirname, '..', 'fixtures', 'article-query.sql'), 'utf8');
    const r = await bucket.runAthenaQuery(query, [], { catalog: `s3tablescatalog/${stack.bucket}`, database: stack.namespace });
    expect(r.rows).toContainEqual(
      expect.objectContaining({
        container_name: 'app',
        container_id: 'xxxxxxxxxxxxxxxxx',
        timestamp: '2025-12-20T10:10:21Z',
        level: 'INFO',
        message: 'Sample log message',
        request_id: '93f7a013-37d1-4793-a73f-b660d78a1f16',
      }),
    );
    expect(r.rows).toHaveLength(rows.length);
  });
});
