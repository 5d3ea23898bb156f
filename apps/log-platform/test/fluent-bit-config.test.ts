import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { JSON_PARSER_NAME, LUA_FUNCTION, renderFluentBitConfig } from '../src/fluent-bit-config';
import { LogSchema } from '@aws-log-mcp/log-contract';
import { checkRecord } from '../src/record-checker';
import { describeWithEngines, LUAJIT } from '@aws-log-mcp/testing';
import { applyJsonParserFilter, runLuaFilter } from './support/lua';

const schema = LogSchema.withExtraColumns([
  { name: 'http_status', type: 'int', sourceKey: 'status' },
  { name: 'duration_ms', type: 'double' },
  { name: 'cached', type: 'boolean' },
  { name: 'bytes', type: 'long' },
]);
const config = renderFluentBitConfig(schema);
const defaults = renderFluentBitConfig(LogSchema.withExtraColumns());
const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** The `code` property exactly as Fluent Bit reads it from the filter config. */
const inlineCode = (/^ {4}code {10}(.*)$/m.exec(config.filtersConf) ?? [])[1];
const RECEIVED = { sec: 1766225499, nsec: 123456789 };

function shape(firelensRecord: Record<string, unknown>) {
  return runLuaFilter(inlineCode, LUA_FUNCTION, applyJsonParserFilter(firelensRecord), RECEIVED, config.integerColumns).record;
}

describe('Fluent Bit config from the schema contract', () => {
  test('filters: JSON parser on log keeping raw log and metadata, then the Lua shaper', () => {
    expect(defaults.filtersConf.split('\n').slice(0, 14)).toEqual([
      '[FILTER]',
      '    Name         parser',
      '    Match        *',
      '    Key_Name     log',
      `    Parser       ${JSON_PARSER_NAME}`,
      '    Reserve_Data On',
      '    Preserve_Key On',
      '',
      '[FILTER]',
      '    Name          lua',
      '    Match         *',
      '    call          shape_record',
      '    time_as_table On',
      '    type_int_key  timestamp',
    ]);
    expect(config.integerColumns).toEqual(['timestamp', 'http_status', 'bytes']);
    expect(defaults.parsersConf).toBe('[PARSER]\n    Name   log_platform_json\n    Format json\n');
    expect(inlineCode).toBe(config.luaCode);
    expect(config.luaCode).not.toMatch(/[\n#]|\$\{|%\{/);
  });

  test('every column of the contract is in the Lua column table, with its type and source key', () => {
    expect(defaults.luaCode).toContain(
      'local COLUMNS = {{"container_id","string","container_id"},{"container_name","string","container_name"},{"source","string","source"},' +
        '{"ecs_cluster","string","ecs_cluster"},{"ecs_task_arn","string","ecs_task_arn"},{"ecs_task_definition","string","ecs_task_definition"},' +
        '{"log","string","log"},{"timestamp","timestamp","timestamp"},{"level","string","level"},{"message","string","message"},{"request_id","string","request_id"}}',
    );
    expect(config.luaCode).toContain('{"http_status","int","status"}');
  });

  test('too many extra columns for one config line are refused with the rule named', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      name: `a_rather_long_extra_column_name_${i}`,
      type: 'string' as const,
    }));
    expect(() => renderFluentBitConfig(LogSchema.withExtraColumns(many))).toThrow(/\[fluentbit\.inlineLuaLength\]/);
  });
});

describeWithEngines('the Lua filter in LuaJIT (Fluent Bit runs it with time_as_table and type_int_key)', [LUAJIT], () => {
  test("shapes the article's FireLens record into exactly what the table takes", () => {
    const [article] = fixture('article-samples.jsonl').slice(1);
    const metadata = {
      ecs_cluster: 'acme-dev',
      ecs_task_arn: 'arn:aws:ecs:eu-west-1:123456789012:task/acme-dev/0123456789abcdef0123456789abcdef',
      ecs_task_definition: 'acme-dev-log-platform-demo:1',
    };
    const shaped = runLuaFilter(
      defaults.luaCode,
      LUA_FUNCTION,
      applyJsonParserFilter({ ...article, ...metadata }),
      RECEIVED,
      defaults.integerColumns,
    );
    expect(shaped.code).toBe(2);
    expect(shaped.record).toEqual(fixture('shaped.jsonl')[0]);
    expect(checkRecord(shaped.record, LogSchema.withExtraColumns())).toEqual([]);
  });

  test.each([
    ['2025-12-20T10:10:21Z', 1766225421000000],
    ['2025-12-20T10:10:21.123456Z', 1766225421123456],
    ['2025-12-20T10:10:21.1234567891Z', 1766225421123456],
    ['2025-12-20T10:10:21.5+09:00', 1766225421500000 - 9 * 3600 * 1e6],
    ['2025-12-20T10:10:21-0130', 1766225421000000 + 5400 * 1e6],
    ['2025-12-20 10:10:21', 1766225421000000],
    ['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59) * 1000],
    ['1970-01-01T00:00:00Z', 0],
    [1766225421, 1766225421000000],
    [1766225421.25, 1766225421250000],
    [1766225421123, 1766225421123000],
    [1766225421123456, 1766225421123456],
    [1766225421123456800, 1766225421123456], // nanoseconds (as a double)
    ['1766225421', 1766225421000000],
  ])('timestamp %p becomes %p epoch microseconds', (input, micros) => {
    const out = shape({ log: JSON.stringify({ timestamp: input }) });
    expect(out.timestamp).toBe(micros);
  });

  test('a missing or unusable timestamp falls back to the time Fluent Bit received the line', () => {
    const received = RECEIVED.sec * 1_000_000 + Math.floor(RECEIVED.nsec / 1000);
    expect(shape({ log: 'plain text line' }).timestamp).toBe(received);
    expect(shape({ log: '{"timestamp":"20/Dec/2025:10:10:21"}' }).timestamp).toBe(received);
    expect(shape({ log: '{"timestamp":"2025-13-01T00:00:00Z"}' }).timestamp).toBe(received);
  });

  test('coerces values to column types, drops what does not fit, keeps only columns', () => {
    const out = shape({
      container_name: 'app',
      log: JSON.stringify({
        timestamp: '2025-12-20T10:10:21Z',
        level: 3,
        message: { nested: true },
        request_id: 'r-"1"\n`$(x)`',
        status: '503',
        duration_ms: '12.5',
        cached: 'false',
        bytes: 12345678901,
        user_id: 'u-42',
      }),
    });
    expect(out).toEqual({
      container_name: 'app',
      log: expect.any(String),
      timestamp: 1766225421000000,
      level: '3',
      request_id: 'r-"1"\n`$(x)`',
      http_status: 503,
      duration_ms: 12.5,
      cached: false,
      bytes: 12345678901,
    });
    // The object in "message" fits no string column: the checker still points at it.
    expect(checkRecord(out, schema).map((i) => `${i.code}:${i.field}`)).toEqual(['not-lifted:message']);
  });

  test('JS and Lua agree on ISO-8601 parsing across a spread of dates', () => {
    for (let i = 0; i < 40; i++) {
      const ms = Date.UTC(
        1999 + i,
        (i * 5) % 12,
        1 + ((i * 7) % 28),
        (i * 3) % 24,
        (i * 11) % 60,
        (i * 13) % 60,
        (i * 37) % 1000,
      );
      const iso = new Date(ms).toISOString();
      expect(shape({ log: JSON.stringify({ timestamp: iso }) }).timestamp).toBe(ms * 1000);
    }
  });
});
