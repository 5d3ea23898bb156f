import { describeWithTestbed, StatementResult, TableBucket, testbed } from '@aws-log-mcp/iceberg-testbed';
import { LoggerPresetName, RowValue, shapingSpec } from '@aws-log-mcp/log-contract';
import { enginePath, LUAJIT } from '@aws-log-mcp/testing';
import { LUA_FUNCTION, renderFluentBitConfig } from '../src/fluent-bit-config';
import {
  CORPUS,
  CORPUS_EXTRA_COLUMNS as EXTRA,
  CORPUS_METADATA as METADATA,
  CORPUS_SCHEMA as schema,
  CorpusLine,
  RECEIVED,
  RECEIVED_MICROS,
} from './corpus/log-lines';
import { runLuaFilterBatch } from './support/lua';
import { only, synthStack } from './support/synth';

/**
 * The whole corpus (every library's lines, the number edge cases, unicode, not-JSON lines) from
 * the application's log line to the value a query reads: FireLens record -> the stack's Lua
 * filter in LuaJIT -> Firehose's JSON-to-Iceberg write (the testbed's pyiceberg writer, which
 * applies Firehose's JSON type rules) -> an Iceberg table created from the schema the stack sends
 * to S3 Tables -> Trino. Every column of every row is compared with the row the contract expects,
 * so a digit, a character or a row lost anywhere after the filter fails here.
 */
/** FireLens's container_id, one per line, so each row can be found again. */
const lineId = (i: number) => `line-${String(i).padStart(3, '0')}`;

/** Epoch microseconds as Trino prints a `timestamp(6)`: `YYYY-MM-DD HH:MM:SS.ffffff` (UTC session). */
function trinoTimestamp(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(((micros % 1000) + 1000) % 1000).padStart(3, '0')}`;
}

/** The row a query must read for line `i`: every column, NULL where the contract lifts nothing. */
function expectedRow(line: CorpusLine, i: number): Record<string, RowValue | null> {
  const row: Record<string, RowValue> = {
    ...METADATA,
    container_id: lineId(i),
    log: line.log,
    timestamp: RECEIVED_MICROS,
    ...line.expect,
  };
  return Object.fromEntries(
    schema.names.map((name) => {
      const v = row[name];
      if (v === undefined) return [name, null];
      return [name, name === 'timestamp' ? trinoTimestamp(v as number) : v];
    }),
  );
}

describeWithTestbed('the corpus from log line to query result (LuaJIT filter, Iceberg write, Trino read)', () => {
  let bucket: TableBucket;
  let result: StatementResult;
  const ref = { namespace: 'logs', table: 'corpus_logs' };

  beforeAll(async () => {
    enginePath(LUAJIT); // the Fluent Bit Lua filter runs in it: the missing-engine line when absent
    const { json } = synthStack({ extraColumns: EXTRA });
    const fields = only(json, 'aws_s3tables_table').metadata[0].iceberg[0].schema[0].field;
    const byPreset = new Map<LoggerPresetName, number[]>();
    CORPUS.forEach((line, i) => byPreset.set(line.preset ?? 'default', [...(byPreset.get(line.preset ?? 'default') ?? []), i]));
    const records: Record<string, unknown>[] = [];
    for (const [preset, indexes] of byPreset) {
      const { luaCode } = renderFluentBitConfig(shapingSpec(schema, preset));
      const firelens = indexes.map((i) => ({ ...METADATA, container_id: lineId(i), log: CORPUS[i].log }));
      runLuaFilterBatch(luaCode, LUA_FUNCTION, firelens, RECEIVED).forEach((out, k) => {
        if (out.code !== 2) throw new Error(`the filter dropped or kept line ${indexes[k]} (code ${out.code})`);
        records.push(out.record);
      });
    }
    bucket = await testbed().tableBucket(only(json, 'aws_s3tables_table_bucket').name);
    await bucket.createTable(ref, { schema: { fields } }, { records });
    result = await bucket.query(`SELECT * FROM ${bucket.trinoTableReference(ref)} ORDER BY container_id`);
  });

  test('every line lands as exactly one row, none lost or added', () => {
    expect(result.rows.map((r) => r.container_id)).toEqual(CORPUS.map((_l, i) => lineId(i)));
  });

  test.each(CORPUS.map((l, i) => [i, l.library, l] as const))(
    'line %i (%s): the query reads back every column as the contract shapes it',
    (i, _library, line) => {
      expect(result.rows[i]).toEqual(expectedRow(line, i));
    },
  );
});
