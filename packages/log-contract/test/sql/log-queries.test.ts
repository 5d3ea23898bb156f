import {
  LogQueryBuilder,
  LogQueryError,
  MAX_PARAMETER_LENGTH,
  resolveWindow,
  stringParameter,
  timestampParameter,
} from '../../src/queries';
import { contractSettings, TABLE_SQL } from '../support';
import { CORPUS } from './corpus';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const builder = new LogQueryBuilder(contractSettings());

/** Columns search_logs returns by default: the contract's, in order, without the raw `log`. */
const ROW_COLUMNS =
  '"container_id", "container_name", "source", "ecs_cluster", "ecs_task_arn", "ecs_task_definition", "timestamp", "level", "message", "request_id"';

/** Reads a SQL string literal the way Trino does; throws if it could end early or is not one literal. */
function parseSqlStringLiteral(literal: string): string {
  if (!literal.startsWith("'") || !literal.endsWith("'") || literal.length < 2) throw new Error(`not a literal: ${literal}`);
  const inner = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === "'") {
      if (inner[i + 1] !== "'") throw new Error(`literal ends early at ${i}: ${literal}`);
      i++;
    }
    out += inner[i];
  }
  return out;
}

describe('search_logs SQL', () => {
  it('has the window as parameters, the row cap (limit + 1) as digits, and no raw log column by default', () => {
    const q = builder.searchLogs({ last_minutes: 15 }, NOW);
    expect(q.sql).toBe(
      [
        `SELECT ${ROW_COLUMNS}`,
        `FROM ${TABLE_SQL}`,
        'WHERE "timestamp" >= CAST(? AS timestamp)',
        '  AND "timestamp" < CAST(? AS timestamp)',
        'ORDER BY "timestamp" DESC',
        'LIMIT 51',
      ].join('\n'),
    );
    expect(q.parameters).toEqual(["'2026-11-26 11:45:00.000'", "'2026-11-26 12:00:00.000'"]);
    expect(q.limit).toBe(50);
  });

  it('adds each filter in a fixed order with one parameter each', () => {
    const q = builder.searchLogs(
      {
        from: '2026-11-26T08:30:00+01:00',
        to: '2026-11-26T10:00:00Z',
        level: 'error',
        container_name: 'app',
        request_id: 'req-42',
        message_contains: '50% done_',
        limit: 200,
        include_raw_log: true,
      },
      NOW,
    );
    expect(q.sql).toBe(
      [
        `SELECT ${ROW_COLUMNS.replace('"ecs_task_definition", ', '"ecs_task_definition", "log", ')}`,
        `FROM ${TABLE_SQL}`,
        'WHERE "timestamp" >= CAST(? AS timestamp)',
        '  AND "timestamp" < CAST(? AS timestamp)',
        '  AND upper("level") = upper(?)',
        '  AND "container_name" = ?',
        '  AND "request_id" = ?',
        '  AND strpos("message", ?) > 0',
        'ORDER BY "timestamp" DESC',
        'LIMIT 201',
      ].join('\n'),
    );
    expect(q.parameters).toEqual([
      "'2026-11-26 07:30:00.000'",
      "'2026-11-26 10:00:00.000'",
      "'error'",
      "'app'",
      "'req-42'",
      "'50% done_'",
    ]);
  });

  it.each([
    [{ level: 'WARN' }, ['  AND upper("level") = upper(?)'], ["'WARN'"]],
    [{ container_name: 'log_router' }, ['  AND "container_name" = ?'], ["'log_router'"]],
    [{ request_id: 'abc' }, ['  AND "request_id" = ?'], ["'abc'"]],
    [{ message_contains: 'timeout' }, ['  AND strpos("message", ?) > 0'], ["'timeout'"]],
    [
      { level: 'INFO', message_contains: 'x' },
      ['  AND upper("level") = upper(?)', '  AND strpos("message", ?) > 0'],
      ["'INFO'", "'x'"],
    ],
  ])('filter %j', (filters, clauses, params) => {
    const q = builder.searchLogs({ last_minutes: 60, limit: 10, ...filters }, NOW);
    expect(q.sql).toBe(
      [
        `SELECT ${ROW_COLUMNS}`,
        `FROM ${TABLE_SQL}`,
        'WHERE "timestamp" >= CAST(? AS timestamp)',
        '  AND "timestamp" < CAST(? AS timestamp)',
        ...clauses,
        'ORDER BY "timestamp" DESC',
        'LIMIT 11',
      ].join('\n'),
    );
    expect(q.parameters).toEqual(["'2026-11-26 11:00:00.000'", "'2026-11-26 12:00:00.000'", ...params]);
  });
});

describe('get_request_trace and log_stats SQL', () => {
  it('traces one request oldest first over the widest window by default, up to maxLimit rows', () => {
    const q = builder.requestTrace({ request_id: 'req-1' }, NOW);
    expect(q.sql).toBe(
      [
        `SELECT ${ROW_COLUMNS}`,
        `FROM ${TABLE_SQL}`,
        'WHERE "request_id" = ?',
        '  AND "timestamp" >= CAST(? AS timestamp)',
        '  AND "timestamp" < CAST(? AS timestamp)',
        'ORDER BY "timestamp" ASC',
        'LIMIT 201',
      ].join('\n'),
    );
    expect(q.parameters).toEqual(["'req-1'", "'2026-11-25 12:00:00.000'", "'2026-11-26 12:00:00.000'"]);
  });

  it('traces within a given window and limit', () => {
    const q = builder.requestTrace({ request_id: 'r', last_minutes: 5, limit: 3 }, NOW);
    expect(q.parameters).toEqual(["'r'", "'2026-11-26 11:55:00.000'", "'2026-11-26 12:00:00.000'"]);
    expect(q.sql.split('\n').at(-1)).toBe('LIMIT 4');
  });

  it('counts by level and container, optionally for one container', () => {
    const all = builder.logStats({ last_minutes: 1440 }, NOW);
    const base = [
      'SELECT "level", "container_name", count(*) AS "events"',
      `FROM ${TABLE_SQL}`,
      'WHERE "timestamp" >= CAST(? AS timestamp)',
      '  AND "timestamp" < CAST(? AS timestamp)',
    ];
    const tail = ['GROUP BY "level", "container_name"', 'ORDER BY "events" DESC', 'LIMIT 501'];
    expect(all.sql).toBe([...base, ...tail].join('\n'));
    expect(all.parameters).toEqual(["'2026-11-25 12:00:00.000'", "'2026-11-26 12:00:00.000'"]);
    const one = builder.logStats({ last_minutes: 10, container_name: 'app' }, NOW);
    expect(one.sql).toBe([...base, '  AND "container_name" = ?', ...tail].join('\n'));
    expect(one.parameters).toEqual(["'2026-11-26 11:50:00.000'", "'2026-11-26 12:00:00.000'", "'app'"]);
  });
});

describe('time windows and limits', () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(LogQueryError);
      return (e as LogQueryError).message;
    }
    throw new Error('expected a LogQueryError');
  };

  it('requires a window for search_logs and log_stats', () => {
    expect(err(() => builder.searchLogs({}, NOW))).toBe(
      'a time window is required: pass last_minutes (at most 1440) or from and optionally to (ISO-8601)',
    );
    expect(err(() => builder.logStats({}, NOW))).toMatch(/^a time window is required/);
  });

  it.each([
    [{ last_minutes: 5, from: '2026-11-26T11:00:00Z' }, 'give either last_minutes or from/to, not both'],
    [{ to: '2026-11-26T11:00:00Z' }, 'to needs a from (or use last_minutes)'],
    [{ from: '2026-11-26T11:00:00Z', to: '2026-11-26T11:00:00Z' }, 'from must be before to'],
    [{ from: '2026-11-26T11:00:00Z', to: '2026-11-26T10:00:00Z' }, 'from must be before to'],
    [{ from: '2026-11-25T11:59:59Z' }, 'the time window may span at most 24 hours'],
    [{ last_minutes: 1441 }, 'the time window may span at most 24 hours'],
    [{ last_minutes: 0 }, 'last_minutes must be a whole number of minutes >= 1'],
    [{ last_minutes: 1.5 }, 'last_minutes must be a whole number of minutes >= 1'],
    [{ from: 'yesterday' }, 'from is not an ISO-8601 date-time'],
  ])('rejects window %j', (input, message) => {
    expect(err(() => resolveWindow(input, NOW, 24))).toBe(message);
  });

  it('accepts exactly the maximum window and honours a configured maximum', () => {
    expect(resolveWindow({ from: '2026-11-25T12:00:00Z' }, NOW, 24)).toEqual({ from: new Date('2026-11-25T12:00:00Z'), to: NOW });
    const narrow = new LogQueryBuilder(contractSettings({ maxWindowHours: 2, maxLimit: 20 }));
    expect(err(() => narrow.searchLogs({ last_minutes: 121 }, NOW))).toBe('the time window may span at most 2 hours');
    expect(err(() => narrow.searchLogs({ last_minutes: 60, limit: 21 }, NOW))).toBe('limit must be a whole number from 1 to 20');
    expect(narrow.searchLogs({ last_minutes: 60 }, NOW).sql.split('\n').at(-1)).toBe('LIMIT 21');
    expect(narrow.requestTrace({ request_id: 'x' }, NOW).parameters[1]).toBe("'2026-11-26 10:00:00.000'");
  });

  it.each([0, 201, 2.5, -1])('rejects limit %p', (limit) => {
    expect(err(() => builder.searchLogs({ last_minutes: 1, limit }, NOW))).toBe('limit must be a whole number from 1 to 200');
  });

  it('formats instants in UTC with milliseconds', () => {
    expect(timestampParameter(new Date('2026-01-02T03:04:05.678+02:00'))).toBe("'2026-01-02 01:04:05.678'");
  });
});

describe('injection corpus', () => {
  const fields = [
    { field: 'level', clause: '  AND upper("level") = upper(?)' },
    { field: 'container_name', clause: '  AND "container_name" = ?' },
    { field: 'request_id', clause: '  AND "request_id" = ?' },
    { field: 'message_contains', clause: '  AND strpos("message", ?) > 0' },
  ] as const;
  const fixedSql = (clause: string) =>
    [
      `SELECT ${ROW_COLUMNS}`,
      `FROM ${TABLE_SQL}`,
      'WHERE "timestamp" >= CAST(? AS timestamp)',
      '  AND "timestamp" < CAST(? AS timestamp)',
      clause,
      'ORDER BY "timestamp" DESC',
      'LIMIT 51',
    ].join('\n');

  for (const { field, clause } of fields) {
    it.each(CORPUS)(`${field}: %j stays one parameter and never reaches the SQL text`, (value) => {
      const q = builder.searchLogs({ last_minutes: 60, [field]: value }, NOW);
      expect(q.sql).toBe(fixedSql(clause));
      expect(q.parameters).toEqual(["'2026-11-26 11:00:00.000'", "'2026-11-26 12:00:00.000'", `'${value.replace(/'/g, "''")}'`]);
      expect(parseSqlStringLiteral(q.parameters[2])).toBe(value);
    });
  }

  it.each(CORPUS)('get_request_trace request_id %j is one parameter', (value) => {
    const q = builder.requestTrace({ request_id: value, last_minutes: 1 }, NOW);
    expect(q.sql).toBe(builder.requestTrace({ request_id: 'plain', last_minutes: 1 }, NOW).sql);
    expect(parseSqlStringLiteral(q.parameters[0])).toBe(value);
    expect(q.parameters).toHaveLength(3);
  });

  it.each(CORPUS)('log_stats container_name %j is one parameter', (value) => {
    const q = builder.logStats({ container_name: value, last_minutes: 1 }, NOW);
    expect(q.sql).toBe(builder.logStats({ container_name: 'plain', last_minutes: 1 }, NOW).sql);
    expect(parseSqlStringLiteral(q.parameters[2])).toBe(value);
  });

  it('refuses 10 KB strings and counts doubled quotes against Athena\u2019s 1024-character parameter limit', () => {
    const tenKb = "'".repeat(5) + 'A'.repeat(10 * 1024);
    for (const field of ['level', 'container_name', 'request_id', 'message_contains']) {
      expect(() => builder.searchLogs({ last_minutes: 1, [field]: tenKb }, NOW)).toThrow(
        `${field} is too long (Athena accepts parameters of up to ${MAX_PARAMETER_LENGTH} characters)`,
      );
    }
    expect(() => builder.requestTrace({ request_id: tenKb }, NOW)).toThrow(LogQueryError);
    // 511 quotes double to 1022 characters + 2 delimiters = 1024: accepted; one more is not.
    expect(stringParameter("'".repeat(511), 'x')).toHaveLength(1024);
    expect(() => stringParameter("'".repeat(512), 'x')).toThrow('x is too long');
    expect(() => stringParameter('a\u0000b', 'request_id')).toThrow('request_id must not contain NUL characters');
  });
});
