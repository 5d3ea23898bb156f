import { LogSchema, ROLE_COLUMNS } from '../columns';
import { quoteIdentifier } from './identifiers';

export interface NamedQuerySpec {
  /** Short name, unique in the workgroup. */
  readonly name: string;
  readonly description: string;
  readonly query: string;
}

/**
 * The shared queries of the log table, generated from the schema contract. Named queries are
 * how a team shares analysis here: Athena cannot create views on the S3 Tables catalog.
 * `tableReference` is the fully qualified name (`athenaTableReference`).
 */
export function namedQueries(schema: LogSchema, tableReference: string): NamedQuerySpec[] {
  const q = quoteIdentifier;
  const ts = q(ROLE_COLUMNS.timestamp);
  const level = q(ROLE_COLUMNS.level);
  const all = schema.columns.map((c) => q(c.name)).join(', ');
  const metadata = schema.columns.filter((c) => c.source === 'firelens').map((c) => q(c.name));
  const fromLog = schema.liftedColumns.map(
    (c) => `json_extract_scalar(${q(ROLE_COLUMNS.log)}, '$.${c.sourceKey ?? c.name}') AS ${q(`${c.name}_from_log`)}`,
  );
  return [
    {
      name: 'raw-log-fields',
      description:
        'Fields parsed from the raw JSON log at query time (json_extract_scalar), last hour; works for keys that are not columns',
      query: [
        `SELECT ${[...metadata, ...fromLog].join(',\n       ')}`,
        `FROM ${tableReference}`,
        `WHERE ${ts} > current_timestamp - INTERVAL '1' HOUR`,
        `ORDER BY ${ts} DESC`,
        'LIMIT 100;',
      ].join('\n'),
    },
    {
      name: 'errors-last-hour',
      description: 'ERROR, FATAL and CRITICAL events of the last hour, newest first',
      query: [
        `SELECT ${all}`,
        `FROM ${tableReference}`,
        `WHERE ${ts} > current_timestamp - INTERVAL '1' HOUR`,
        `  AND upper(${level}) IN ('ERROR', 'FATAL', 'CRITICAL')`,
        `ORDER BY ${ts} DESC`,
        'LIMIT 200;',
      ].join('\n'),
    },
    {
      name: 'request-trace',
      description:
        'Every event of one request in the last 24 hours, oldest first; pass the request id as the execution parameter',
      // Bounded to a day: without a time bound the query reads the whole table (every partition).
      query: [
        `SELECT ${all}`,
        `FROM ${tableReference}`,
        `WHERE ${q(ROLE_COLUMNS.requestId)} = ?`,
        `  AND ${ts} > current_timestamp - INTERVAL '24' HOUR`,
        `ORDER BY ${ts} ASC;`,
      ].join('\n'),
    },
    {
      name: 'counts-by-level-and-container',
      description: 'Event counts by level and container over the last 24 hours',
      query: [
        `SELECT ${q(ROLE_COLUMNS.containerName)}, ${level}, count(*) AS events`,
        `FROM ${tableReference}`,
        `WHERE ${ts} > current_timestamp - INTERVAL '24' HOUR`,
        `GROUP BY ${q(ROLE_COLUMNS.containerName)}, ${level}`,
        'ORDER BY events DESC;',
      ].join('\n'),
    },
    {
      name: 'recent-logs',
      description: 'The latest 100 events of the last 15 minutes',
      query: [
        `SELECT ${all}`,
        `FROM ${tableReference}`,
        `WHERE ${ts} > current_timestamp - INTERVAL '15' MINUTE`,
        `ORDER BY ${ts} DESC`,
        'LIMIT 100;',
      ].join('\n'),
    },
  ];
}
