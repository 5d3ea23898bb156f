import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LogSchema, shapingSpec } from '@aws-log-mcp/log-contract';
import { describeWithEngines, LUAJIT } from '@aws-log-mcp/testing';
import {
  JSON_PARSER_NAME,
  LUA_FUNCTION,
  MAX_INLINE_LUA,
  MULTILINE_FLUSH_MS,
  renderFluentBitConfig,
} from '../src/fluent-bit-config';
import { checkRecord } from '../src/record-checker';
import { runLuaFilter } from './support/lua';

const schema = LogSchema.withExtraColumns([
  { name: 'http_status', type: 'int', sourceKey: 'status' },
  { name: 'duration_ms', type: 'double' },
  { name: 'cached', type: 'boolean' },
  { name: 'bytes', type: 'long' },
]);
const config = renderFluentBitConfig(shapingSpec(schema));
const defaults = renderFluentBitConfig(shapingSpec(LogSchema.withExtraColumns()));
const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** `[FILTER]` sections as {property: value} in file order (Fluent Bit's classic format). */
function sections(conf: string): Record<string, string>[] {
  return conf
    .split(/\n(?=\[)/)
    .filter((s) => s.startsWith('[FILTER]'))
    .map((s) =>
      Object.fromEntries(
        s
          .split('\n')
          .slice(1)
          .filter(Boolean)
          .map((l) => {
            const m = /^ {4}(\S+) +(.*)$/.exec(l) as RegExpExecArray;
            return [m[1], m[2]];
          }),
      ),
    );
}
const RECEIVED = { sec: 1766225499, nsec: 123456789 };
const shape = (log: string) => runLuaFilter(config.luaCode, LUA_FUNCTION, { log }, RECEIVED).record;

describe('Fluent Bit config from the log contract', () => {
  // Sources: AWS's FireLens example "Concatenate Partial/Split Container Logs"
  // (amazon-ecs-firelens-examples, filter-multiline-partial-message-mode), the Amazon ECS guide
  // "Concatenating multiline or stack-trace log messages", Fluent Bit's multiline filter page
  // (mode partial_message, multiline.key_content, flush_ms default 2000, buffer default on).
  test('Docker partial messages are joined first, in partial_message mode on "log", then the Lua shaper runs', () => {
    const filters = sections(defaults.filtersConf);
    expect(filters).toEqual([
      {
        Name: 'multiline',
        Match: '*',
        'multiline.key_content': 'log',
        mode: 'partial_message',
        flush_ms: String(MULTILINE_FLUSH_MS),
      },
      { Name: 'lua', Match: '*', call: LUA_FUNCTION, time_as_table: 'On', code: defaults.luaCode },
    ]);
    expect(MULTILINE_FLUSH_MS).toBe(2000);
    // partial_message mode cannot take a parser; no parser filter parses the line before the join.
    expect(filters[0]).not.toHaveProperty('multiline.parser');
    expect(defaults.filtersConf).not.toMatch(/Name +parser/);
  });

  test.each(['java', 'python', 'go'] as const)(
    'multiline %s: a second multiline filter with the built-in parser, after the partial join, before Lua',
    (lang) => {
      const filters = sections(renderFluentBitConfig(shapingSpec(schema), { multiline: lang }).filtersConf);
      expect(filters.map((f) => [f.Name, f.mode ?? f['multiline.parser'] ?? f.call])).toEqual([
        ['multiline', 'partial_message'],
        ['multiline', lang],
        ['lua', LUA_FUNCTION],
      ]);
      expect(filters[1]).toEqual({
        Name: 'multiline',
        Match: '*',
        'multiline.key_content': 'log',
        'multiline.parser': lang,
        flush_ms: '2000',
      });
    },
  );

  test('the Lua code is one line Fluent Bit and Terraform read literally; no type_int_key (its key match is a prefix match)', () => {
    expect(config.luaCode).not.toMatch(/[\n#]|\$\{|%\{|--/);
    expect(config.filtersConf).not.toContain('type_int_key');
    expect(config.filtersConf).not.toMatch(/\[(MULTILINE_)?PARSER\]/);
    expect(defaults.parsersConf).toBe(`[PARSER]\n    Name   ${JSON_PARSER_NAME}\n    Format json\n`);
    expect(config.luaCode).toContain('{"http_status","lifted","int",{"status"},1}');
    expect(defaults.luaCode).toContain(
      '{"timestamp","lifted","auto",{"timestamp","time","ts","@timestamp","@t","instant","timeMillis","asctime"},8}',
    );
  });

  test('how many aliases fit: the largest configuration the schema allows stays within the bound', () => {
    const extra = Array.from({ length: 100 }, (_, i) => ({
      name: `c${String(i).padStart(3, '0')}_${'x'.repeat(120)}`,
      type: 'string' as const,
      sourceKeys: Array.from({ length: 16 }, (_, k) => `${'k'.repeat(120)}.${String(k).padStart(3, '0')}`),
    }));
    const largest = renderFluentBitConfig(shapingSpec(LogSchema.withExtraColumns(extra)));
    // 100 extra columns x 16 key paths of 124 characters each: 1,600 aliases.
    expect(largest.luaCode.length).toBeLessThan(MAX_INLINE_LUA);
    const tooMany = new LogSchema([
      ...LogSchema.withExtraColumns().columns,
      ...Array.from({ length: 2000 }, (_, i) => ({
        name: `c${i}`,
        type: 'string' as const,
        source: 'lifted' as const,
        sourceKeys: Array.from({ length: 16 }, (_, k) => `${'k'.repeat(100)}${k}`),
        description: '',
      })),
    ]);
    expect(() => renderFluentBitConfig(shapingSpec(tooMany))).toThrow(/\[fluentbit\.inlineLuaLength\]/);
  });
});

describeWithEngines('the Lua filter in LuaJIT (Fluent Bit runs it with time_as_table)', [LUAJIT], () => {
  test("shapes the article's FireLens record into exactly what the table takes", () => {
    const [article] = fixture('article-samples.jsonl').slice(1);
    const metadata = {
      ecs_cluster: 'acme-dev',
      ecs_task_arn: 'arn:aws:ecs:eu-west-1:123456789012:task/acme-dev/0123456789abcdef0123456789abcdef',
      ecs_task_definition: 'acme-dev-log-platform-demo:1',
    };
    const shaped = runLuaFilter(defaults.luaCode, LUA_FUNCTION, { ...article, ...metadata }, RECEIVED);
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
    ['1766225421123456800', 1766225421123456], // nanoseconds, read exactly from the text
    ['1766225421', 1766225421000000],
  ])('timestamp %p becomes %p epoch microseconds', (input, micros) => {
    expect(shape(JSON.stringify({ timestamp: input })).timestamp).toBe(micros);
  });

  test('a missing or unusable timestamp falls back to the time Fluent Bit received the line', () => {
    const received = RECEIVED.sec * 1_000_000 + Math.floor(RECEIVED.nsec / 1000);
    expect(shape('plain text line').timestamp).toBe(received);
    expect(shape('{"timestamp":"20/Dec/2025:10:10:21"}').timestamp).toBe(received);
    expect(shape('{"timestamp":"2025-13-01T00:00:00Z"}').timestamp).toBe(received);
  });

  test('coerces values to column types, renders JSON values as text, keeps only columns', () => {
    const out = runLuaFilter(
      config.luaCode,
      LUA_FUNCTION,
      {
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
      },
      RECEIVED,
    ).record;
    expect(out).toEqual({
      container_name: 'app',
      log: expect.any(String),
      timestamp: 1766225421000000,
      level: 'ERROR',
      message: '{"nested":true}',
      request_id: 'r-"1"\n`$(x)`',
      http_status: 503,
      duration_ms: 12.5,
      cached: false,
      bytes: 12345678901,
    });
    expect(checkRecord(out, schema)).toEqual([]);
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
      expect(shape(JSON.stringify({ timestamp: iso })).timestamp).toBe(ms * 1000);
    }
  });

  test('a line nested 100,000 levels deep does not break the filter: the raw line lands', () => {
    const log = `{"message":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const out = shape(log);
    expect(Object.keys(out).sort()).toEqual(['log', 'timestamp']);
  });
});
