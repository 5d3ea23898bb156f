import { LogSchema, namedQueries, quoteIdentifier } from '../../src';

const REF = '"s3tablescatalog/acme-dev-log-platform-tables"."logs"."some_api_logs"';
const queries = Object.fromEntries(namedQueries(LogSchema.withExtraColumns(), REF).map((q) => [q.name, q]));

describe('named queries from the schema contract', () => {
  test("the article's json_extract_scalar query over log, bounded to the last hour", () => {
    expect(queries['raw-log-fields'].query).toBe(
      [
        'SELECT "container_id",',
        '       "container_name",',
        '       "source",',
        '       "ecs_cluster",',
        '       "ecs_task_arn",',
        '       "ecs_task_definition",',
        `       json_extract_scalar("log", '$.timestamp') AS "timestamp_from_log",`,
        `       json_extract_scalar("log", '$.level') AS "level_from_log",`,
        `       json_extract_scalar("log", '$.message') AS "message_from_log",`,
        `       json_extract_scalar("log", '$.request_id') AS "request_id_from_log"`,
        `FROM ${REF}`,
        `WHERE "timestamp" > current_timestamp - INTERVAL '1' HOUR`,
        'ORDER BY "timestamp" DESC',
        'LIMIT 100;',
      ].join('\n'),
    );
  });

  test('typed-column queries: errors, one request (parameterised), counts, recent', () => {
    const columns =
      '"container_id", "container_name", "source", "ecs_cluster", "ecs_task_arn", "ecs_task_definition", "log", "timestamp", "level", "message", "request_id"';
    expect(queries['errors-last-hour'].query).toBe(
      `SELECT ${columns}\nFROM ${REF}\nWHERE "timestamp" > current_timestamp - INTERVAL '1' HOUR\n  AND upper("level") IN ('ERROR', 'FATAL', 'CRITICAL')\nORDER BY "timestamp" DESC\nLIMIT 200;`,
    );
    expect(queries['request-trace'].query).toBe(
      `SELECT ${columns}\nFROM ${REF}\nWHERE "request_id" = ?\n  AND "timestamp" > current_timestamp - INTERVAL '24' HOUR\nORDER BY "timestamp" ASC;`,
    );
    expect(queries['counts-by-level-and-container'].query).toBe(
      `SELECT "container_name", "level", count(*) AS events\nFROM ${REF}\nWHERE "timestamp" > current_timestamp - INTERVAL '24' HOUR\nGROUP BY "container_name", "level"\nORDER BY events DESC;`,
    );
    expect(Object.keys(queries)).toEqual([
      'raw-log-fields',
      'errors-last-hour',
      'request-trace',
      'counts-by-level-and-container',
      'recent-logs',
    ]);
  });

  test('extra columns appear in the queries, read from their source key in raw-log-fields', () => {
    const withExtra = namedQueries(LogSchema.withExtraColumns([{ name: 'http_status', type: 'int', sourceKey: 'status' }]), REF);
    expect(withExtra[0].query).toContain(`json_extract_scalar("log", '$.status') AS "http_status_from_log"`);
    expect(withExtra[1].query).toContain('"request_id", "http_status"');
  });

  test('no query text can be read as a Terraform template', () => {
    for (const q of Object.values(queries)) expect(q.query).not.toMatch(/\$\{|%\{/);
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});
