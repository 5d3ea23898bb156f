import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describeWithTestbed, testbed } from '../src/jest';
import { IcebergWriteError } from '../src/iceberg-writer';
import { TableBucket } from '../src/table-bucket';
import { IcebergTestbed } from '../src/testbed';
import { TrinoQueryError } from '../src/trino-session';

const FIELDS = [
  { name: 'message', type: 'string', required: false },
  { name: 'timestamp', type: 'timestamp', required: false },
  { name: 'level', type: 'string', required: false },
  { name: 'bytes', type: 'long', required: false },
  { name: 'status', type: 'int', required: false },
  { name: 'duration', type: 'double', required: false },
  { name: 'cached', type: 'boolean', required: false },
];
const DAY_US = 86_400_000_000;
const T0 = Date.UTC(2026, 0, 10) * 1000; // 2026-01-10T00:00Z in microseconds

describeWithTestbed('the Iceberg testbed itself', () => {
  let bucket: TableBucket;
  const plain = { namespace: 'logs', table: 'plain' };
  const layout = { namespace: 'logs', table: 'by_day' };

  beforeAll(async () => {
    bucket = await testbed().tableBucket('testbed-self');
    const rows = Array.from({ length: 30 }, (_, i) => ({
      message: `m${i}`,
      timestamp: T0 + (29 - i) * (DAY_US / 3), // 10 days, 3 rows a day, arriving newest first
      level: i % 3 === 0 ? 'ERROR' : 'INFO',
      bytes: 2 ** 40 + i,
      status: 200 + i,
      duration: i / 4,
      cached: i % 2 === 0,
    }));
    const created = await bucket.createTable(plain, { schema: { fields: FIELDS } }, { records: rows });
    expect(created.appended).toMatchObject({ rows: 30, addedDataFiles: 1 });
    // The layout the table-lifecycle work configures: day(timestamp) partitions, written in time order.
    await bucket.createTable(
      layout,
      {
        schema: { fields: FIELDS },
        partitionSpec: { fields: [{ 'source-id': 2, transform: 'day', name: 'timestamp_day' }] },
        writeOrder: { fields: [{ 'source-id': 2, transform: 'identity', direction: 'asc', 'null-order': 'nulls-first' }] },
      },
      { records: rows },
    );
  });

  it('rows come back typed: strings, numbers (bigint beyond 2^32), booleans, timestamps as UTC text with microseconds', async () => {
    const r = await bucket.query('SELECT * FROM logs.plain WHERE message = ?', ['m1']);
    expect(r.columns.map((c) => c.type)).toEqual([
      'varchar',
      'timestamp(6)',
      'varchar',
      'bigint',
      'integer',
      'double',
      'boolean',
    ]);
    expect(r.rows).toEqual([
      {
        message: 'm1',
        timestamp: '2026-01-19 08:00:00.000000',
        level: 'INFO',
        bytes: 2 ** 40 + 1,
        status: 201,
        duration: 0.25,
        cached: false,
      },
    ]);
  });

  it('parameters are bound, never spliced: quotes, ? and SQL in a value are data', async () => {
    const r = await bucket.query('SELECT ? AS a, ? AS b, count(*) AS n FROM logs.plain WHERE message = ?', [
      "it's ?",
      "'; DROP TABLE logs.plain; --",
      'm2',
    ]);
    expect(r.rows).toEqual([{ a: "it's ?", b: "'; DROP TABLE logs.plain; --", n: 1 }]);
    expect((await bucket.query('SELECT count(*) AS n FROM logs.plain')).rows).toEqual([{ n: 30 }]);
  });

  it('engine errors carry Trino error names', async () => {
    await expect(bucket.query('SELECT nope FROM logs.plain')).rejects.toMatchObject({
      name: 'TrinoQueryError',
      errorName: 'COLUMN_NOT_FOUND',
    });
    await expect(bucket.query('SELECT * FROM logs.missing')).rejects.toBeInstanceOf(TrinoQueryError);
  });

  it('the writer refuses a record whose value does not fit its column, naming it, and commits nothing', async () => {
    await expect(
      bucket.append(plain, [
        { message: 'ok', timestamp: T0 },
        { message: 'bad', timestamp: '2026-01-10T00:00:00Z' },
      ]),
    ).rejects.toThrow(
      new IcebergWriteError('records[1].timestamp: must be epoch microseconds as a JSON integer (timestamp column)'),
    );
    await expect(bucket.append(plain, [{ message: 'x', status: 2 ** 31 }])).rejects.toThrow(
      'records[0].status: is out of range for int',
    );
    await expect(bucket.append(plain, [{ message: 3 }])).rejects.toThrow(
      'records[0].message: must be a JSON string (string column)',
    );
    expect((await bucket.query('SELECT count(*) AS n FROM logs.plain')).rows).toEqual([{ n: 30 }]);
  });

  it('keys without a column are dropped and missing keys are NULL, as Firehose does', async () => {
    const t = { namespace: 'logs', table: 'loose' };
    await bucket.createTable(t, { schema: { fields: FIELDS } });
    await bucket.append(t, [{ message: 'only', unknown_key: 'dropped', Level: 'wrong case is another key' }]);
    expect((await bucket.query('SELECT message, level, "timestamp" FROM logs.loose')).rows).toEqual([
      { message: 'only', level: null, timestamp: null },
    ]);
  });

  it('partition spec and write order are in the table metadata, and Trino reads them', async () => {
    const described = await bucket.describeTable(layout);
    expect(described.partitionSpec.fields).toEqual([
      { 'source-id': 2, 'field-id': 1000, transform: 'day', name: 'timestamp_day' },
    ]);
    expect(described.sortOrder.fields).toEqual([
      { 'source-id': 2, transform: 'identity', direction: 'asc', 'null-order': 'nulls-first' },
    ]);
    const ddl = String((await bucket.query('SHOW CREATE TABLE logs.by_day')).values[0][0]);
    expect(ddl).toContain("partitioning = ARRAY['day(timestamp)']");
    expect(ddl).toContain("sorted_by = ARRAY['timestamp ASC NULLS FIRST']");
    const partitions = await bucket.query('SELECT count(*) AS n FROM logs."by_day$partitions"');
    expect(partitions.rows).toEqual([{ n: 10 }]);
  });

  it("scanStatistics: a one-day window reads only that day's file of the day-partitioned table, and every row of the plain one", async () => {
    const sql = (ref: { namespace: string; table: string }) =>
      `SELECT "message" FROM ${bucket.athenaTableReference(ref)} WHERE "timestamp" >= CAST(? AS timestamp) AND "timestamp" < CAST(? AS timestamp)`;
    const day = ["'2026-01-15 00:00:00.000'", "'2026-01-16 00:00:00.000'"];
    const partitioned = await bucket.scanStatistics(sql(layout), day);
    const unpartitioned = await bucket.scanStatistics(sql(plain), day);
    expect(partitioned.splits).toBe(1);
    expect(unpartitioned.splits).toBe(1);
    expect([partitioned.rows, partitioned.processedRows]).toEqual([3, 3]);
    expect([unpartitioned.rows, unpartitioned.processedRows]).toEqual([3, 30]);
    expect(partitioned.physicalInputBytes).toBeGreaterThan(0);
    expect(partitioned.physicalInputBytes).toBeLessThan(unpartitioned.physicalInputBytes);
  });

  it('table buckets are isolated: the same names in another bucket are another table', async () => {
    const other = await testbed().tableBucket('testbed-self');
    await other.createTable(plain, { schema: { fields: FIELDS } });
    expect((await other.runAthenaQuery(`SELECT count(*) AS n FROM ${other.athenaTableReference(plain)}`)).rows).toEqual([
      { n: 0 },
    ]);
  });

  it('Trino and PostgreSQL listen on 127.0.0.1 only', () => {
    const listening = spawnSync('ss', ['-ltnH'], { encoding: 'utf8' }).stdout;
    const port = new URL(testbed().descriptor.trinoUrl).port;
    const pgPort = /:(\d+)\//.exec(testbed().descriptor.catalogDatabase.jdbcUrl)![1];
    for (const p of [port, pgPort]) {
      const lines = listening.split('\n').filter((l) => new RegExp(`:${p}\\s`).test(l));
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).toMatch(new RegExp(`(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1\\]):${p}\\s`));
    }
  });

  it('a start that fails part-way stops what it started and leaves no state directory', async () => {
    const before = readdirSync(tmpdir()).filter((d) => d.startsWith('iceberg-testbed-'));
    await expect(IcebergTestbed.start({ startTimeoutMs: 1 })).rejects.toThrow(/Trino did not start within 0.001 s/);
    const after = readdirSync(tmpdir()).filter((d) => d.startsWith('iceberg-testbed-') && !before.includes(d));
    expect(after.filter((d) => existsSync(`${tmpdir()}/${d}`))).toEqual([]);
  });
});
