import type { ColumnType, RoleColumns } from '../column-types';
import type { AthenaTableName } from '../catalog';
import { athenaTableReference, quoteIdentifier } from './identifiers';

/** One column as the log tools carry it: `[name, type, description]`. */
export type LogToolsColumn = readonly [name: string, type: ColumnType, description: string];

/** What the log tools' queries are built from: the table, its columns and roles, and the limits. */
export interface LogQuerySettings {
  readonly table: AthenaTableName;
  /** Columns of the contract, in table order. */
  readonly columns: readonly LogToolsColumn[];
  /** Columns with a role in the queries (the contract's `ROLE_COLUMNS`). */
  readonly roles: RoleColumns;
  /** Widest time window one query may cover, in hours. */
  readonly maxWindowHours: number;
  /** Most rows one call returns. */
  readonly maxLimit: number;
}

/**
 * A query for Athena: SQL text built only from the contract's identifiers, fixed keywords and
 * the row cap (an integer this module validated), and the user's values as `ExecutionParameters`,
 * one per `?`, in order. Every `?` stands in the WHERE clause: Athena accepts parameters nowhere
 * else ("Use parameterized queries", considerations and limitations), so `LIMIT` takes digits.
 */
export interface BuiltQuery {
  readonly sql: string;
  /**
   * Athena parses each execution parameter as a SQL literal, so strings are sent quoted (with
   * `'` doubled) and numbers as digits this module formatted itself.
   */
  readonly parameters: readonly string[];
}

/** Why a tool call could not produce an answer; the message is safe to show to the caller. */
export class LogQueryError extends Error {
  constructor(
    readonly kind: 'invalid-input' | 'timeout' | 'failed' | 'cancelled' | 'aws',
    message: string,
  ) {
    super(message);
    this.name = 'LogQueryError';
  }
}

/** Athena's limit on one execution parameter. */
export const MAX_PARAMETER_LENGTH = 1024;

export interface WindowInput {
  /** ISO-8601 start (inclusive). @default none: `last_minutes` is then required */
  readonly from?: string;
  /** ISO-8601 end (exclusive). @default now */
  readonly to?: string;
  /** Minutes, >= 1: the window ending now; exclusive with `from`/`to`. @default none */
  readonly last_minutes?: number;
}

export interface TimeWindow {
  readonly from: Date;
  readonly to: Date;
}

export interface SearchLogsInput extends WindowInput {
  /** Normalized level to match exactly. @default any level */
  readonly level?: string;
  /** @default any container */
  readonly container_name?: string;
  /** @default any request */
  readonly request_id?: string;
  /** Substring of the message (matched literally, case-sensitive). @default no filter */
  readonly message_contains?: string;
  /** Rows, 1 to the configured `maxLimit`. @default 50, or `maxLimit` when lower */
  readonly limit?: number;
  /** Also select the raw `log` column, which usually holds most of the table's bytes. @default false */
  readonly include_raw_log?: boolean;
}

export interface RequestTraceInput extends WindowInput {
  readonly request_id: string;
  /** Rows, 1 to the configured `maxLimit`. @default `maxLimit` */
  readonly limit?: number;
  /** Also select the raw `log` column. @default false */
  readonly include_raw_log?: boolean;
}

export interface LogStatsInput extends WindowInput {
  /** @default every container */
  readonly container_name?: string;
}

/** Default number of rows when the caller gives no `limit`. */
export const DEFAULT_LIMIT = 50;

/** A string as the SQL literal Athena expects in `ExecutionParameters`. */
export function stringParameter(value: string, field: string): string {
  if (value.includes('\u0000')) throw new LogQueryError('invalid-input', `${field} must not contain NUL characters`);
  const literal = `'${value.replace(/'/g, "''")}'`;
  if (literal.length > MAX_PARAMETER_LENGTH) {
    throw new LogQueryError(
      'invalid-input',
      `${field} is too long (Athena accepts parameters of up to ${MAX_PARAMETER_LENGTH} characters)`,
    );
  }
  return literal;
}

/** A UTC instant as the literal `CAST(? AS timestamp)` reads: `'YYYY-MM-DD HH:MM:SS.mmm'`. */
export function timestampParameter(instant: Date): string {
  return `'${instant.toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/**
 * Turns the caller's window into two instants. Bounded by `maxWindowHours` so no query scans
 * more than that span of the table; `required` false falls back to the widest window ending now.
 */
export function resolveWindow(input: WindowInput, now: Date, maxWindowHours: number, required = true): TimeWindow {
  const maxMs = maxWindowHours * 3_600_000;
  const parse = (value: string, field: string) => {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) throw new LogQueryError('invalid-input', `${field} is not an ISO-8601 date-time`);
    return d;
  };
  let window: TimeWindow;
  if (input.last_minutes !== undefined) {
    if (input.from !== undefined || input.to !== undefined) {
      throw new LogQueryError('invalid-input', 'give either last_minutes or from/to, not both');
    }
    if (!Number.isInteger(input.last_minutes) || input.last_minutes < 1) {
      throw new LogQueryError('invalid-input', 'last_minutes must be a whole number of minutes >= 1');
    }
    window = { from: new Date(now.getTime() - input.last_minutes * 60_000), to: now };
  } else if (input.from !== undefined) {
    window = { from: parse(input.from, 'from'), to: input.to === undefined ? now : parse(input.to, 'to') };
  } else if (input.to !== undefined) {
    throw new LogQueryError('invalid-input', 'to needs a from (or use last_minutes)');
  } else if (required) {
    throw new LogQueryError(
      'invalid-input',
      `a time window is required: pass last_minutes (at most ${maxWindowHours * 60}) or from and optionally to (ISO-8601)`,
    );
  } else {
    window = { from: new Date(now.getTime() - maxMs), to: now };
  }
  if (window.from.getTime() >= window.to.getTime()) throw new LogQueryError('invalid-input', 'from must be before to');
  if (window.to.getTime() - window.from.getTime() > maxMs) {
    throw new LogQueryError('invalid-input', `the time window may span at most ${maxWindowHours} hours`);
  }
  return window;
}

function checkLimit(limit: number | undefined, maxLimit: number): number {
  const n = limit ?? Math.min(DEFAULT_LIMIT, maxLimit);
  if (!Number.isInteger(n) || n < 1 || n > maxLimit) {
    throw new LogQueryError('invalid-input', `limit must be a whole number from 1 to ${maxLimit}`);
  }
  return n;
}

/**
 * Builds the three queries of the log tools from the schema contract. Identifiers and the
 * table reference come from {@link LogQuerySettings} (validated at synth and at cold start);
 * every value from a caller is an execution parameter.
 */
export class LogQueryBuilder {
  private readonly table: string;
  private readonly col: Record<keyof RoleColumns, string>;

  constructor(private readonly settings: LogQuerySettings) {
    this.table = athenaTableReference(settings.table);
    const r = settings.roles;
    this.col = {
      timestamp: quoteIdentifier(r.timestamp),
      level: quoteIdentifier(r.level),
      message: quoteIdentifier(r.message),
      requestId: quoteIdentifier(r.requestId),
      containerName: quoteIdentifier(r.containerName),
      log: quoteIdentifier(r.log),
    };
  }

  /** Contract columns a row query returns: all of them, the raw `log` only on request (it dominates bytes scanned). */
  selectedColumns(includeRawLog = false): string[] {
    return this.settings.columns.map(([name]) => name).filter((name) => includeRawLog || name !== this.settings.roles.log);
  }

  /**
   * `search_logs`. Asks for `limit + 1` rows so the answer can say whether more matched.
   * `message_contains` uses `strpos`, not `LIKE`, so `%` and `_` in the text are plain characters.
   */
  searchLogs(input: SearchLogsInput, now: Date): BuiltQuery & { window: TimeWindow; limit: number } {
    const window = resolveWindow(input, now, this.settings.maxWindowHours);
    const limit = checkLimit(input.limit, this.settings.maxLimit);
    const where = [`${this.col.timestamp} >= CAST(? AS timestamp)`, `${this.col.timestamp} < CAST(? AS timestamp)`];
    const parameters = [timestampParameter(window.from), timestampParameter(window.to)];
    const filter = (clause: string, value: string | undefined, field: string) => {
      if (value === undefined) return;
      where.push(clause);
      parameters.push(stringParameter(value, field));
    };
    filter(`upper(${this.col.level}) = upper(?)`, input.level, 'level');
    filter(`${this.col.containerName} = ?`, input.container_name, 'container_name');
    filter(`${this.col.requestId} = ?`, input.request_id, 'request_id');
    filter(`strpos(${this.col.message}, ?) > 0`, input.message_contains, 'message_contains');
    const sql = [
      `SELECT ${this.selectedColumns(input.include_raw_log).map(quoteIdentifier).join(', ')}`,
      `FROM ${this.table}`,
      `WHERE ${where.join('\n  AND ')}`,
      `ORDER BY ${this.col.timestamp} DESC`,
      limitClause(limit + 1),
    ].join('\n');
    return { sql, parameters, window, limit };
  }

  /** `get_request_trace`: one request's lines, oldest first; the window defaults to the widest allowed. */
  requestTrace(input: RequestTraceInput, now: Date): BuiltQuery & { window: TimeWindow; limit: number } {
    const window = resolveWindow(input, now, this.settings.maxWindowHours, false);
    const limit = checkLimit(input.limit ?? this.settings.maxLimit, this.settings.maxLimit);
    const sql = [
      `SELECT ${this.selectedColumns(input.include_raw_log).map(quoteIdentifier).join(', ')}`,
      `FROM ${this.table}`,
      `WHERE ${this.col.requestId} = ?`,
      `  AND ${this.col.timestamp} >= CAST(? AS timestamp)`,
      `  AND ${this.col.timestamp} < CAST(? AS timestamp)`,
      `ORDER BY ${this.col.timestamp} ASC`,
      limitClause(limit + 1),
    ].join('\n');
    const parameters = [
      stringParameter(input.request_id, 'request_id'),
      timestampParameter(window.from),
      timestampParameter(window.to),
    ];
    return { sql, parameters, window, limit };
  }

  /** `log_stats`: events per (level, container) in the window; the tool sums them per level and per container. */
  logStats(input: LogStatsInput, now: Date): BuiltQuery & { window: TimeWindow; limit: number } {
    const window = resolveWindow(input, now, this.settings.maxWindowHours);
    const where = [`${this.col.timestamp} >= CAST(? AS timestamp)`, `${this.col.timestamp} < CAST(? AS timestamp)`];
    const parameters = [timestampParameter(window.from), timestampParameter(window.to)];
    if (input.container_name !== undefined) {
      where.push(`${this.col.containerName} = ?`);
      parameters.push(stringParameter(input.container_name, 'container_name'));
    }
    // Groups, not rows: a fixed cap keeps a table with many containers from flooding the answer.
    const limit = STATS_MAX_GROUPS;
    const sql = [
      `SELECT ${this.col.level}, ${this.col.containerName}, count(*) AS "events"`,
      `FROM ${this.table}`,
      `WHERE ${where.join('\n  AND ')}`,
      `GROUP BY ${this.col.level}, ${this.col.containerName}`,
      `ORDER BY "events" DESC`,
      limitClause(limit + 1),
    ].join('\n');
    return { sql, parameters, window, limit };
  }
}

/** `LIMIT <n>` for a row cap this module computed from validated integers (never caller text). */
function limitClause(rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 1)
    throw new LogQueryError('invalid-input', `row cap ${rows} is not a positive integer`);
  return `LIMIT ${rows}`;
}

/** Most (level, container) groups `log_stats` returns. */
export const STATS_MAX_GROUPS = 500;
