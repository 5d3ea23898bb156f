import { AthenaDialectError, describeWithTestbed, StatementResult, TableBucket, testbed } from '@aws-log-mcp/iceberg-testbed';
import {
  BuiltQuery,
  LogQueryBuilder,
  LogQueryError,
  LogSchema,
  MAX_PARAMETER_LENGTH,
  RequestTraceInput,
  SearchLogsInput,
} from '../../src';
import { contractSettings } from '../support';
import { CORPUS } from './corpus';

/**
 * The log tools' queries on a real engine: the product's query builder makes the SQL and the
 * Athena execution parameters, the testbed runs them on Trino (through the Athena dialect mapping)
 * against an Iceberg table created from the log platform's schema contract and holding rows shaped
 * as Firehose delivers them. Every case asserts the rows that come back.
 */
const settings = contractSettings();
const builder = new LogQueryBuilder(settings);
const NOW = new Date('2026-03-29T12:00:00.000Z');
const MIN = 60_000;

interface Line {
  readonly at: Date;
  readonly message: string;
  readonly level?: string | null;
  readonly container?: string;
  readonly requestId?: string | null;
  /** Microseconds past `at` (the table keeps microseconds; the tools' bounds are milliseconds). */
  readonly micros?: number;
}

/** A record as Firehose delivers it to the table: the Fluent Bit filter's output for this line. */
function firehoseRecord(line: Line): Record<string, unknown> {
  const level = line.level === undefined ? 'INFO' : line.level;
  const requestId = line.requestId === undefined ? null : line.requestId;
  const app = { timestamp: line.at.toISOString(), level, message: line.message, request_id: requestId };
  return {
    container_id: '0f1e2d3c4b5a',
    container_name: line.container ?? 'app',
    source: 'stdout',
    ecs_cluster: 'acme-dev',
    ecs_task_arn: 'arn:aws:ecs:eu-west-1:123456789012:task/acme-dev/0123456789abcdef0123456789abcdef',
    ecs_task_definition: 'acme-dev-log-platform-demo:1',
    log: JSON.stringify(app),
    timestamp: line.at.getTime() * 1000 + (line.micros ?? 0),
    level,
    message: line.message,
    request_id: requestId,
  };
}

const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MIN);
const LONG = `${'x'.repeat(2000)}needle-${'ÿ'.repeat(3000)}`;

/** The table's rows: ordinary traffic, the hostile corpus (each value as message, request id and container), and edge cases. */
const LINES: Line[] = [
  { at: ago(1), message: 'payment failed: card declined', level: 'ERROR', requestId: 'req-1' },
  { at: ago(3), message: 'payment started', level: 'INFO', requestId: 'req-1' },
  { at: ago(4), message: 'upstream timeout', level: 'error', container: 'worker', requestId: 'req-1' },
  { at: ago(6), message: 'queue depth 50% done', level: 'WARN', container: 'worker', requestId: 'req-2' },
  { at: ago(7), message: 'queue depth 50X done', level: 'WARN', container: 'worker', requestId: 'req-2' },
  { at: ago(8), message: 'snake_case key', level: 'DEBUG', requestId: 'req_3' },
  { at: ago(9), message: 'snakeXcase key', level: 'DEBUG', requestId: 'reqX3' },
  { at: ago(10), message: 'path C:\\temp\\new\\file.txt', level: 'INFO', requestId: 'req\\4' },
  { at: ago(11), message: 'ログ 日本語 ✓ 🚀 naïve', level: 'INFO', requestId: 'リクエスト-5' },
  { at: ago(12), message: LONG, level: 'INFO', requestId: 'req-long' },
  { at: ago(13), message: 'no level at all', level: null, requestId: null },
  { at: ago(30), message: "it's a 'quoted' \"double\" message", level: 'INFO', requestId: "req'6" },
  { at: ago(120), message: 'two hours ago', level: 'ERROR', requestId: 'req-1' },
  // Around midnight UTC and the European daylight-saving switch (2026-03-29 01:00Z: CET -> CEST).
  { at: new Date('2026-03-28T23:59:59.999Z'), message: 'before midnight', level: 'INFO', requestId: 'req-night' },
  { at: new Date('2026-03-29T00:00:00.000Z'), message: 'at midnight', level: 'INFO', requestId: 'req-night' },
  { at: new Date('2026-03-29T00:45:00.000Z'), message: 'CET 01:45', level: 'INFO', requestId: 'req-dst' },
  { at: new Date('2026-03-29T01:15:00.000Z'), message: 'CEST 03:15', level: 'INFO', requestId: 'req-dst' },
  { at: new Date('2026-03-29T01:45:00.000Z'), message: 'CEST 03:45', level: 'INFO', requestId: 'req-dst' },
  // Microsecond edges of a millisecond bound.
  {
    at: new Date('2026-03-29T11:29:59.999Z'),
    micros: 999,
    message: 'a microsecond before',
    level: 'INFO',
    requestId: 'req-edge',
  },
  { at: new Date('2026-03-29T11:30:00.000Z'), message: 'exactly at from', level: 'INFO', requestId: 'req-edge' },
  { at: new Date('2026-03-29T11:40:00.000Z'), micros: 1, message: 'just after to', level: 'INFO', requestId: 'req-edge' },
  ...CORPUS.map((value, i) => ({
    at: ago(40 + i / 10),
    message: `corpus#${i}: ${value}`,
    level: value,
    container: value,
    requestId: value,
  })),
];

const messages = (r: StatementResult) => r.rows.map((row) => row.message);

describeWithTestbed('log tools SQL on Trino: the query builder against an Iceberg table of Firehose-shaped rows', () => {
  let bucket: TableBucket;

  beforeAll(async () => {
    const tb = testbed();
    bucket = await tb.tableBucket(settings.table.catalog.replace(/^s3tablescatalog\//, ''));
    const ref = { namespace: settings.table.database, table: settings.table.table };
    await bucket.createTable(
      ref,
      { schema: { fields: LogSchema.withExtraColumns([]).icebergFields() } },
      { records: LINES.map(firehoseRecord) },
    );
  });

  /** Runs a built query as the tools do: SQL text and ExecutionParameters unchanged. */
  const run = (q: BuiltQuery) => bucket.runAthenaQuery(q.sql, q.parameters);
  const search = (input: SearchLogsInput) => run(builder.searchLogs(input, NOW));
  const trace = (input: RequestTraceInput) => run(builder.requestTrace(input, NOW));

  /** Runs `check` for every value with a few queries in flight; returns the values whose check failed, with why. */
  async function eachValue(values: readonly string[], check: (value: string) => Promise<string | undefined>): Promise<string[]> {
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < values.length) {
          const value = values[next++];
          const problem = await check(value).catch((e: Error) => `threw ${e.name}: ${e.message}`);
          if (problem) failures.push(`${JSON.stringify(value)}: ${problem}`);
        }
      }),
    );
    return failures;
  }

  describe('search_logs', () => {
    it('last 15 minutes, newest first, contract columns without the raw log', async () => {
      const r = await search({ last_minutes: 15 });
      expect(r.columns.map((c) => c.name)).toEqual(builder.selectedColumns());
      expect(messages(r)).toEqual([
        'payment failed: card declined',
        'payment started',
        'upstream timeout',
        'queue depth 50% done',
        'queue depth 50X done',
        'snake_case key',
        'snakeXcase key',
        'path C:\\temp\\new\\file.txt',
        'ログ 日本語 ✓ 🚀 naïve',
        LONG,
        'no level at all',
      ]);
      expect(r.rows[0]).toMatchObject({
        timestamp: '2026-03-29 11:59:00.000000',
        level: 'ERROR',
        request_id: 'req-1',
        container_name: 'app',
      });
    });

    it('include_raw_log adds the raw JSON line', async () => {
      const r = await search({ last_minutes: 2, include_raw_log: true });
      expect(r.rows).toHaveLength(1);
      expect(JSON.parse(String(r.rows[0].log))).toEqual({
        timestamp: '2026-03-29T11:59:00.000Z',
        level: 'ERROR',
        message: 'payment failed: card declined',
        request_id: 'req-1',
      });
    });

    it('level is case-insensitive, container_name and request_id exact, filters combine with AND', async () => {
      expect(messages(await search({ last_minutes: 15, level: 'error' }))).toEqual([
        'payment failed: card declined',
        'upstream timeout',
      ]);
      expect(messages(await search({ last_minutes: 15, level: 'ERROR', container_name: 'worker' }))).toEqual([
        'upstream timeout',
      ]);
      expect(messages(await search({ last_minutes: 15, request_id: 'req-1', container_name: 'app' }))).toEqual([
        'payment failed: card declined',
        'payment started',
      ]);
      expect(messages(await search({ last_minutes: 15, container_name: 'work' }))).toEqual([]);
    });

    it('message_contains: % and _ are plain characters (strpos, not LIKE), and backslashes, quotes, unicode match literally', async () => {
      expect(messages(await search({ last_minutes: 15, message_contains: '50%' }))).toEqual(['queue depth 50% done']);
      expect(messages(await search({ last_minutes: 15, message_contains: '%' }))).toEqual(['queue depth 50% done']);
      expect(messages(await search({ last_minutes: 15, message_contains: 'snake_case' }))).toEqual(['snake_case key']);
      expect(messages(await search({ last_minutes: 15, message_contains: 'C:\\temp\\new' }))).toEqual([
        'path C:\\temp\\new\\file.txt',
      ]);
      expect(messages(await search({ last_minutes: 15, message_contains: '\\n' }))).toEqual(['path C:\\temp\\new\\file.txt']);
      expect(messages(await search({ last_minutes: 15, message_contains: '日本語 ✓ 🚀' }))).toEqual(['ログ 日本語 ✓ 🚀 naïve']);
      expect(messages(await search({ last_minutes: 60, message_contains: '\'quoted\' "double"' }))).toEqual([
        "it's a 'quoted' \"double\" message",
      ]);
      expect(messages(await search({ last_minutes: 15, message_contains: 'Payment' }))).toEqual([]);
    });

    it('request ids with _, backslash, quote and unicode match only themselves; an unknown id matches nothing', async () => {
      expect(messages(await search({ last_minutes: 15, request_id: 'req_3' }))).toEqual(['snake_case key']);
      expect(messages(await search({ last_minutes: 15, request_id: 'req\\4' }))).toEqual(['path C:\\temp\\new\\file.txt']);
      expect(messages(await search({ last_minutes: 60, request_id: "req'6" }))).toEqual(["it's a 'quoted' \"double\" message"]);
      expect(messages(await search({ last_minutes: 15, request_id: 'リクエスト-5' }))).toEqual(['ログ 日本語 ✓ 🚀 naïve']);
      expect((await search({ last_minutes: 1440, request_id: '00000000-0000-0000-0000-000000000000' })).rows).toEqual([]);
    });

    it('a very long message is found by a 256-character substring, and a 1 KB literal is the longest parameter sent', async () => {
      const probe = `${'x'.repeat(249)}needle-`;
      expect(probe).toHaveLength(256);
      expect(messages(await search({ last_minutes: 15, message_contains: probe }))).toEqual([LONG]);
      // The builder itself (below the tools' 256-character input limit) sends at most Athena's 1024 characters.
      const longest = 'ÿ'.repeat(MAX_PARAMETER_LENGTH - 2);
      expect(messages(await search({ last_minutes: 15, message_contains: longest }))).toEqual([LONG]);
      expect(() => builder.searchLogs({ last_minutes: 15, message_contains: `${longest}ÿ` }, NOW)).toThrow(LogQueryError);
    });

    it('limit: the query asks for limit + 1 rows so the tool can report truncation', async () => {
      expect(messages(await search({ last_minutes: 15, limit: 2 }))).toEqual([
        'payment failed: card declined',
        'payment started',
        'upstream timeout',
      ]);
      expect((await search({ last_minutes: 15, limit: 200 })).rows).toHaveLength(11);
    });

    it('windows crossing midnight UTC: from inclusive, to exclusive', async () => {
      expect(messages(await search({ from: '2026-03-28T23:00:00Z', to: '2026-03-29T00:30:00Z' }))).toEqual([
        'at midnight',
        'before midnight',
      ]);
      expect(messages(await search({ from: '2026-03-29T00:00:00Z', to: '2026-03-29T00:30:00Z' }))).toEqual(['at midnight']);
      expect(messages(await search({ from: '2026-03-28T23:00:00Z', to: '2026-03-29T00:00:00Z' }))).toEqual(['before midnight']);
    });

    it('windows given in local time across the daylight-saving switch mean the same UTC instants', async () => {
      // 01:30 CET (+01:00) to 03:30 CEST (+02:00) is one hour: 00:30Z to 01:30Z.
      expect(messages(await search({ from: '2026-03-29T01:30:00+01:00', to: '2026-03-29T03:30:00+02:00' }))).toEqual([
        'CEST 03:15',
        'CET 01:45',
      ]);
      // The same hour written in UTC and in India's +05:30.
      const utc = messages(await search({ from: '2026-03-29T00:30:00Z', to: '2026-03-29T01:30:00Z' }));
      expect(messages(await search({ from: '2026-03-29T06:00:00+05:30', to: '2026-03-29T07:00:00+05:30' }))).toEqual(utc);
    });

    it('millisecond bounds against microsecond timestamps', async () => {
      expect(
        messages(await search({ from: '2026-03-29T11:30:00.000Z', to: '2026-03-29T11:40:00.000Z', request_id: 'req-edge' })),
      ).toEqual(['exactly at from']);
      expect(
        messages(await search({ from: '2026-03-29T11:29:59.999Z', to: '2026-03-29T11:40:00.001Z', request_id: 'req-edge' })),
      ).toEqual(['just after to', 'exactly at from', 'a microsecond before']);
    });

    it('an empty window answers no rows', async () => {
      expect((await search({ from: '2026-03-27T00:00:00Z', to: '2026-03-27T06:00:00Z' })).rows).toEqual([]);
    });
  });

  describe('get_request_trace', () => {
    it("one request's lines across containers, oldest first, over the default window", async () => {
      expect(messages(await trace({ request_id: 'req-1' }))).toEqual([
        'two hours ago',
        'upstream timeout',
        'payment started',
        'payment failed: card declined',
      ]);
      expect(messages(await trace({ request_id: 'req-1', last_minutes: 60 }))).toEqual([
        'upstream timeout',
        'payment started',
        'payment failed: card declined',
      ]);
      expect(messages(await trace({ request_id: 'req-1', limit: 1 }))).toEqual(['two hours ago', 'upstream timeout']);
    });

    it('across midnight and the daylight-saving switch', async () => {
      expect(messages(await trace({ request_id: 'req-night' }))).toEqual(['before midnight', 'at midnight']);
      expect(
        messages(await trace({ request_id: 'req-dst', from: '2026-03-29T01:00:00+01:00', to: '2026-03-29T04:00:00+02:00' })),
      ).toEqual(['CET 01:45', 'CEST 03:15', 'CEST 03:45']);
    });

    it('a request id that matches nothing answers no rows', async () => {
      expect((await trace({ request_id: 'req-that-never-happened' })).rows).toEqual([]);
    });
  });

  describe('log_stats', () => {
    it('counts per (level, container) in the window, most first', async () => {
      const r = await run(builder.logStats({ last_minutes: 15 }, NOW));
      expect(r.columns.map((c) => c.name)).toEqual(['level', 'container_name', 'events']);
      const groups = Object.fromEntries(r.rows.map((row) => [`${row.level}/${row.container_name}`, row.events]));
      expect(groups).toEqual({
        'ERROR/app': 1,
        'INFO/app': 4,
        'error/worker': 1,
        'WARN/worker': 2,
        'DEBUG/app': 2,
        'null/app': 1,
      });
      expect(r.rows[0]).toEqual({ level: 'INFO', container_name: 'app', events: 4 });
    });

    it('for one container, and nothing for an empty window', async () => {
      const r = await run(builder.logStats({ last_minutes: 15, container_name: 'worker' }, NOW));
      expect(r.rows).toEqual([
        { level: 'WARN', container_name: 'worker', events: 2 },
        { level: 'error', container_name: 'worker', events: 1 },
      ]);
      expect((await run(builder.logStats({ from: '2026-03-27T00:00:00Z', to: '2026-03-27T01:00:00Z' }, NOW))).rows).toEqual([]);
    });
  });

  describe('hostile corpus: each value is one literal that matches only the rows holding it', () => {
    const window = { from: '2026-03-29T11:00:00Z', to: '2026-03-29T11:30:00Z' };
    const corpusRow = (value: string) => `corpus#${CORPUS.indexOf(value)}: ${value}`;

    it('search_logs with the value in every filter at once (request_id, container_name, level, message_contains)', async () => {
      const failures = await eachValue(CORPUS, async (value) => {
        const got = messages(
          await search({
            ...window,
            request_id: value,
            container_name: value,
            level: value.toLowerCase(),
            message_contains: value,
          }),
        );
        return JSON.stringify(got) === JSON.stringify([corpusRow(value)]) ? undefined : `got ${JSON.stringify(got)}`;
      });
      expect(failures).toEqual([]);
    });

    it('search_logs message_contains alone finds exactly the messages containing the value', async () => {
      const inWindow = LINES.filter((l) => l.at >= new Date(window.from) && l.at < new Date(window.to));
      const failures = await eachValue(CORPUS, async (value) => {
        const expected = inWindow
          .filter((l) => l.message.includes(value))
          .sort((a, b) => b.at.getTime() - a.at.getTime())
          .map((l) => l.message);
        const got = messages(await search({ ...window, message_contains: value }));
        return JSON.stringify(got) === JSON.stringify(expected)
          ? undefined
          : `got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`;
      });
      expect(failures).toEqual([]);
    });

    it('get_request_trace request_id and log_stats container_name', async () => {
      const failures = await eachValue(CORPUS, async (value) => {
        const traced = messages(await trace({ request_id: value }));
        if (JSON.stringify(traced) !== JSON.stringify([corpusRow(value)])) return `trace -> ${JSON.stringify(traced)}`;
        const stats = (await run(builder.logStats({ ...window, container_name: value }, NOW))).rows;
        if (JSON.stringify(stats) !== JSON.stringify([{ level: value, container_name: value, events: 1 }]))
          return `stats -> ${JSON.stringify(stats)}`;
        return undefined;
      });
      expect(failures).toEqual([]);
    });
  });

  describe('what Athena would refuse is refused here too', () => {
    it('`LIMIT ?` (a "?" outside the WHERE clause) is refused: why the builder writes the row cap as digits', async () => {
      const q = builder.searchLogs({ last_minutes: 15, limit: 2 }, NOW);
      expect(q.sql.split('\n').at(-1)).toBe('LIMIT 3');
      const withPlaceholder = q.sql.replace(/LIMIT 3$/, 'LIMIT ?');
      await expect(bucket.runAthenaQuery(withPlaceholder, [...q.parameters, '3'])).rejects.toThrow(
        new AthenaDialectError(
          'parameter-placement',
          `"?" at offset ${withPlaceholder.length - 1} is in the LIMIT clause; Athena accepts parameters only in the WHERE clause`,
        ),
      );
    });

    it('a NUL character never reaches the engine', () => {
      expect(() => builder.searchLogs({ last_minutes: 15, request_id: 'a\u0000b' }, NOW)).toThrow(
        'request_id must not contain NUL characters',
      );
    });
  });
});
