import { randomBytes } from 'node:crypto';
import { QueryError, QueryResult, QueryStats, Trino } from 'trino-client';

/** A value a test passes as a parameter; the session writes it as a Trino literal. */
export type SqlValue = string | number | bigint | boolean | null | Date;

/** A result value: strings, numbers, booleans; timestamps as Trino's text (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC). */
export type RowValue = string | number | boolean | null | RowValue[] | { [key: string]: RowValue };

export interface Column {
  readonly name: string;
  /** Trino's type name, e.g. `varchar`, `bigint`, `timestamp(6)`. */
  readonly type: string;
}

export interface StatementResult {
  readonly queryId: string;
  readonly columns: readonly Column[];
  /** One object per row, keyed by column name (columns with the same name: the last wins; use `values`). */
  readonly rows: readonly Record<string, RowValue>[];
  /** The rows as arrays, in column order. */
  readonly values: readonly (readonly RowValue[])[];
  /** Trino's final query statistics (bytes and rows read, splits). */
  readonly stats: QueryStats | undefined;
}

/** A statement Trino refused or failed; `errorName` is Trino's (e.g. `COLUMN_NOT_FOUND`, `SYNTAX_ERROR`). */
export class TrinoQueryError extends Error {
  constructor(
    readonly errorName: string,
    readonly errorType: string,
    message: string,
    readonly queryId: string | undefined,
  ) {
    super(message);
    this.name = 'TrinoQueryError';
  }
}

export interface TrinoSessionOptions {
  /** `http://127.0.0.1:<port>` */
  readonly server: string;
  /** Catalog unqualified names resolve in (`X-Trino-Catalog`). @default none: names must be qualified */
  readonly catalog?: string;
  /** Schema unqualified names resolve in (`X-Trino-Schema`). @default none */
  readonly schema?: string;
  /** Session time zone (the log table's `timestamp` has no zone, and Athena runs in UTC). @default 'UTC' */
  readonly timeZone?: string;
}

/**
 * Statements over Trino's client protocol with the `trino-client` package. Parameters are never
 * spliced into the SQL: the statement is sent as a prepared statement (the
 * `X-Trino-Prepared-Statement` header, as Trino's JDBC driver does) and run with
 * `EXECUTE … USING <literals>`; `trino-client` echoes the prepared-statement headers back.
 */
export class TrinoSession {
  constructor(private readonly options: TrinoSessionOptions) {}

  /** Runs `sql` with `parameters` (JS values written as literals) and returns typed rows. */
  query(sql: string, parameters: readonly SqlValue[] = []): Promise<StatementResult> {
    return this.execute(sql, parameters.map(literal));
  }

  /**
   * Runs `sql` with `literals`, each already one SQL literal (Athena's `ExecutionParameters` form).
   * With no literals the SQL runs as it is.
   */
  async execute(sql: string, literals: readonly string[] = []): Promise<StatementResult> {
    const headers: Record<string, string> = {
      'X-Trino-User': 'testbed',
      'X-Trino-Time-Zone': this.options.timeZone ?? 'UTC',
      // Without it Trino rounds timestamp(6) results to milliseconds for "legacy" clients.
      'X-Trino-Client-Capabilities': 'PARAMETRIC_DATETIME',
    };
    let statement = sql;
    if (literals.length) {
      const name = `testbed_${randomBytes(6).toString('hex')}`;
      headers['X-Trino-Prepared-Statement'] = `${name}=${encodeURIComponent(sql)}`;
      statement = `EXECUTE ${name} USING ${literals.join(', ')}`;
    }
    // One client per statement: trino-client keeps prepared statements and session changes in
    // client-wide headers, which would leak between statements.
    const client = Trino.create({
      server: this.options.server,
      catalog: this.options.catalog,
      schema: this.options.schema,
      source: 'iceberg-testbed',
      extraHeaders: headers,
    });
    let columns: Column[] | undefined;
    const values: RowValue[][] = [];
    let last: QueryResult | undefined;
    let iterator;
    try {
      iterator = await client.query(statement);
    } catch (error) {
      throw httpError(error);
    }
    try {
      for await (const page of iterator) {
        last = page;
        if (page.error) throw trinoError(page.error, page.id);
        if (page.columns && !columns) columns = page.columns.map((c) => ({ name: c.name, type: c.type }));
        for (const row of page.data ?? []) values.push(row.map((v: unknown, i: number) => typed(v, columns?.[i]?.type)));
      }
    } catch (error) {
      if (error instanceof TrinoQueryError) throw error;
      throw httpError(error);
    }
    const cols = columns ?? [];
    return {
      queryId: last?.id ?? '',
      columns: cols,
      values,
      rows: values.map((v) => Object.fromEntries(cols.map((c, i) => [c.name, v[i]]))),
      stats: last?.stats,
    };
  }
}

/** A JS value as a Trino literal (quotes doubled; numbers as exact decimal or double literals). */
export function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`parameter ${value} has no SQL literal`);
    return Number.isInteger(value) ? String(value) : `DOUBLE '${value}'`;
  }
  if (value instanceof Date) return `TIMESTAMP '${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
  return `'${value.replace(/'/g, "''")}'`;
}

function typed(value: unknown, type: string | undefined): RowValue {
  if (value === null || value === undefined) return null;
  if (type && /^(double|real)$/.test(type) && typeof value === 'string') return Number(value); // NaN, Infinity
  return value as RowValue;
}

function trinoError(error: QueryError, queryId: string | undefined): TrinoQueryError {
  return new TrinoQueryError(error.errorName, error.errorType, error.message, queryId);
}

/** trino-client reports HTTP failures as axios errors; keep the status and Trino's text. */
function httpError(error: unknown): Error {
  const e = error as { response?: { status?: number; data?: unknown }; message?: string };
  if (e.response) {
    const body = typeof e.response.data === 'string' ? e.response.data : JSON.stringify(e.response.data);
    return new TrinoQueryError('HTTP_ERROR', 'EXTERNAL', `HTTP ${e.response.status}: ${body.slice(0, 500)}`, undefined);
  }
  return error instanceof Error ? error : new Error(String(error));
}
