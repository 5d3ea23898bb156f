import { describeWithTestbed, TableBucket, testbed } from '@aws-log-mcp/iceberg-testbed';
import { LogSchema, namedQueries, retentionDeleteStatement } from '@aws-log-mcp/log-contract';
import { JsonLineServer } from '@aws-log-mcp/testing';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TABLE_STEP_PROGRAM } from '../src/log-table-metadata-step';
import { only, resourcesOf, synthStack } from './support/synth';

/**
 * The table's lifecycle on a real engine: the table created from the schema the stack sends to
 * S3 Tables, the stack's table step (pyiceberg, the same program and the same LT_DESIRED document
 * Terraform hands it) run against the testbed's Iceberg catalog, Trino reading the rows, and the
 * log contract's retention DELETE run on Trino as Athena would run it.
 *
 * The step program runs as `__main__` in one Python process for the whole file
 * (test/support/table_step_server.py), so pyiceberg is imported once, not once a run; two runs
 * (a change committed, a change refused) also run as their own `python3` process, as Terraform's
 * local-exec runs it, and must print and exit exactly as the served run of the same input.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const HTTP_STATUS = { name: 'http_status', type: 'int', sourceKey: 'status' };

/** What the stack would hand the table step for `app` (the synthesized trigger), and the table it creates. */
function synthesized(app: Record<string, unknown>) {
  const { json } = synthStack(app);
  const step = resourcesOf(json, 'null_resource').logs_table_metadata;
  return {
    desired: step.triggers.desired as string,
    fields: only(json, 'aws_s3tables_table').metadata[0].iceberg[0].schema[0].field,
    bucket: only(json, 'aws_s3tables_table_bucket').name as string,
  };
}

/** A record as Firehose writes it (keys = column names, epoch microseconds). */
function record(ms: number, i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    container_id: `c${i % 3}`,
    container_name: 'app',
    source: 'stdout',
    ecs_cluster: 'acme',
    ecs_task_arn: 'arn:aws:ecs:eu-west-1:111122223333:task/acme/1',
    ecs_task_definition: 'app:1',
    log: `line ${i}`,
    timestamp: ms * 1000,
    level: i % 4 === 0 ? 'ERROR' : 'INFO',
    message: `message ${i} with 'quotes' and $ {x}`,
    request_id: `req-${i}`,
    ...extra,
  };
}

describeWithTestbed('the log table lifecycle on Trino (table step + retention)', () => {
  let bucket: TableBucket;
  const ref = { namespace: 'logs', table: 'some_api_logs' };

  type StepResult = { status: number | null; stdout: string; stderr: string };
  let server: JsonLineServer<{ program: string; env: Record<string, string> }, StepResult>;

  function stepEnv(desired: string, target: typeof ref): Record<string, string> {
    const catalog = bucket.pyicebergCatalog();
    return {
      PATH: process.env.PATH!,
      LT_CATALOG: JSON.stringify({ name: catalog.name, ...catalog.properties }),
      LT_TABLE: JSON.stringify({ namespace: target.namespace, name: target.table }),
      LT_DESIRED: desired,
      LT_RETRY_MAX_ATTEMPTS: '2',
      LT_RETRY_INITIAL_DELAY: '1',
      PYTHONDONTWRITEBYTECODE: '1',
    };
  }

  /** The step program on `target`, served by the file's Python process. */
  function runStep(desired: string, target = ref): Promise<StepResult> {
    return server.request({ program: TABLE_STEP_PROGRAM, env: stepEnv(desired, target) });
  }

  /** The step program as its own process, as Terraform's local-exec runs it. */
  function runStepProcess(desired: string, target = ref): StepResult {
    const r = spawnSync(bucket.pyicebergCatalog().python, [TABLE_STEP_PROGRAM], {
      encoding: 'utf8',
      env: stepEnv(desired, target),
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  const selectAll = (table = ref) => bucket.query(`SELECT * FROM ${bucket.trinoTableReference(table)} ORDER BY request_id`);

  const now = Date.now();
  const v1 = synthesized({});
  const v2 = synthesized({ extraColumns: [HTTP_STATUS] });
  const v3 = synthesized({ extraColumns: [{ ...HTTP_STATUS, type: 'long' }] });
  const before = [0, 1, 2, 3, 4, 5].map((i) => record(now - i * HOUR, i));

  beforeAll(async () => {
    bucket = await testbed().tableBucket(v1.bucket);
    // As S3 Tables creates it from the stack's metadata (schema only), holding rows already written.
    await bucket.createTable(ref, { schema: { fields: v1.fields } }, { records: before });
    server = new JsonLineServer(bucket.pyicebergCatalog().python, [path.join(__dirname, 'support', 'table_step_server.py')], {
      env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: '1' },
    });
  });
  afterAll(() => server?.close());

  test('first run: sets day(timestamp) and timestamp ascending in place; rows untouched; a second run commits nothing', async () => {
    const rowsBefore = (await selectAll()).rows;
    expect(rowsBefore).toHaveLength(6);
    // Its own process: the committed change, exit 0, as local-exec sees it.
    const first = runStepProcess(v1.desired);
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toContain('partition spec is now day(timestamp)');
    const described = await bucket.describeTable(ref);
    expect(described.partitionSpec.fields).toEqual([
      expect.objectContaining({ transform: 'day', name: 'timestamp_day', 'source-id': 8 }),
    ]);
    expect(described.sortOrder.fields).toEqual([
      { 'source-id': 8, transform: 'identity', direction: 'asc', 'null-order': 'nulls-first' },
    ]);
    expect((await selectAll()).rows).toEqual(rowsBefore);
    const again = await runStep(v1.desired);
    expect([again.status, again.stdout]).toEqual([
      0,
      'iceberg-table-step: logs.some_api_logs already has the declared columns, partition spec and sort order: no changes\n',
    ]);
    expect((await bucket.describeTable(ref)).metadataLocation).toBe(described.metadataLocation);
  });

  test('an added column: old rows keep every value and read NULL in it; new rows carry it', async () => {
    const rowsBefore = (await selectAll()).rows;
    const r = await runStep(v2.desired);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('added column http_status (int); rows written before read it as NULL');
    const after = (await selectAll()).rows;
    expect(after).toEqual(rowsBefore.map((row) => ({ ...row, http_status: null })));
    await bucket.append(ref, [record(now, 100, { http_status: 503 })]);
    const added = await bucket.query(`SELECT http_status FROM ${bucket.trinoTableReference(ref)} WHERE request_id = ?`, [
      'req-100',
    ]);
    expect(added.rows).toEqual([{ http_status: 503 }]);
  });

  test('int -> long is promoted in place; every stored value reads the same', async () => {
    const rowsBefore = (await selectAll()).rows;
    const r = await runStep(v3.desired);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('promoted column http_status from int to long');
    expect((await selectAll()).rows).toEqual(rowsBefore);
    const types = await bucket.query(`DESCRIBE ${bucket.trinoTableReference(ref)}`);
    expect(types.rows).toContainEqual(expect.objectContaining({ Column: 'http_status', Type: 'bigint' }));
  });

  test.each([
    ['drop', v1.desired, 'schemaEvolution.drop'],
    ['narrow long -> int', v2.desired, 'schemaEvolution.narrow'],
    ['type change', synthesized({ extraColumns: [{ ...HTTP_STATUS, type: 'string' }] }).desired, 'schemaEvolution.typeChange'],
    [
      'rename',
      synthesized({ extraColumns: [{ ...HTTP_STATUS, name: 'status_code', type: 'long' }] }).desired,
      'schemaEvolution.rename',
    ],
  ])('%s is refused against the live table: exit 2, nothing committed', async (kind, desired, rule) => {
    const metadataBefore = (await bucket.describeTable(ref)).metadataLocation;
    const r = await runStep(desired);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`[${rule}]`);
    expect(r.stderr).toContain('refused: the table was left as it is (nothing committed)');
    // One refusal also as its own process: the same exit status and the same lines.
    if (kind === 'drop') expect(runStepProcess(desired)).toEqual(r);
    expect((await bucket.describeTable(ref)).metadataLocation).toBe(metadataBefore);
  });

  test('retention: the contract DELETE, run as Athena runs it, removes exactly the rows before the cut-off', async () => {
    const target = { namespace: 'logs', table: 'retention_logs' };
    await bucket.createTable(target, { schema: { fields: v1.fields } });
    expect((await runStep(v1.desired, target)).status).toBe(0);
    const today = Math.floor(now / DAY) * DAY;
    const cutoff = today - 30 * DAY;
    const times = [now - 45 * DAY, cutoff - 1, cutoff, cutoff + HOUR, now - 29 * DAY, now - DAY, now];
    await bucket.append(
      target,
      times.map((t, i) => record(t, i)),
    );
    const statement = retentionDeleteStatement(bucket.athenaTableReference(target), 30);
    await bucket.runAthenaQuery(statement, [], { database: 'logs' });
    const left = await bucket.query(`SELECT request_id FROM ${bucket.trinoTableReference(target)} ORDER BY request_id`);
    expect(left.rows.map((r) => r.request_id)).toEqual(['req-2', 'req-3', 'req-4', 'req-5', 'req-6']);
    // Idempotent: a second run deletes nothing more.
    await bucket.runAthenaQuery(statement, [], { database: 'logs' });
    expect((await bucket.query(`SELECT count(*) AS n FROM ${bucket.trinoTableReference(target)}`)).rows).toEqual([{ n: 5 }]);
  });

  test('the last-hour query prunes: the day-partitioned table reads one day of files, the unpartitioned (compacted) twin its whole file', async () => {
    const partitioned = { namespace: 'logs', table: 'pruned_logs' };
    const flat = { namespace: 'logs', table: 'flat_logs' };
    await bucket.createTable(partitioned, { schema: { fields: v1.fields } });
    expect((await runStep(v1.desired, partitioned)).status).toBe(0);
    await bucket.createTable(flat, { schema: { fields: v1.fields } });
    // Five days, one commit per day as Firehose delivers them; the unpartitioned twin holds the same
    // rows in one file, as compaction leaves an unpartitioned table (no day boundary to keep).
    const all: Record<string, unknown>[] = [];
    for (let d = 4; d >= 0; d--) {
      const rows = Array.from({ length: 200 }, (_, i) => record(now - d * DAY - i * 15_000, d * 1000 + i));
      await bucket.append(partitioned, rows);
      all.push(...rows);
    }
    await bucket.append(flat, all);
    const schema = LogSchema.withExtraColumns([]);
    const errors = (table: typeof ref) =>
      namedQueries(schema, bucket.athenaTableReference(table)).find((q) => q.name === 'errors-last-hour')!.query;
    const p = await bucket.scanStatistics(errors(partitioned));
    const f = await bucket.scanStatistics(errors(flat));
    expect(p.rows).toBe(f.rows);
    expect(p.rows).toBeGreaterThan(0);
    // Today's rows may span two UTC days near midnight: at most two partitions' files.
    expect(p.splits).toBeLessThanOrEqual(2);
    expect(f.splits).toBe(1);
    expect(p.physicalInputBytes).toBeLessThan(f.physicalInputBytes / 2);
  });
});
