import { ColumnType, LogColumn, LogSchema } from '@aws-log-mcp/log-contract';

/**
 * What can go wrong with a record on its way into the Iceberg table. Firehose reports none
 * of these: unknown keys are dropped and mismatched values are lost without an error.
 */
export type IssueCode =
  | 'not-json'
  | 'not-object'
  | 'dropped-field'
  | 'type-mismatch'
  | 'missing-expected'
  | 'not-lifted'
  | 'log-not-json'
  | 'metadata-collision';

export interface RecordIssue {
  /** 1-based line in the JSON Lines input, when checking a file. */
  readonly line?: number;
  readonly code: IssueCode;
  /** `error`: data would be lost or wrong; `warning`: worth a look, nothing is lost. */
  readonly severity: 'error' | 'warning';
  readonly field?: string;
  readonly message: string;
}

export interface CheckResult {
  readonly records: number;
  readonly issues: RecordIssue[];
  readonly errors: number;
  readonly warnings: number;
}

/** Epoch microseconds between 2000-01-01 and 2100-01-01; outside it, the unit is almost surely wrong. */
const MICROS_MIN = 946_684_800_000_000;
const MICROS_MAX = 4_102_444_800_000_000;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Why `value` does not fit a column of `type`, or undefined when it fits. */
export function typeProblem(type: ColumnType, value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : `expected a JSON string, got ${describe(value)} ${preview(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${describe(value)} ${preview(value)}`;
    case 'double':
      return typeof value === 'number' ? undefined : `expected a JSON number, got ${describe(value)} ${preview(value)}`;
    case 'int':
      return Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX
        ? undefined
        : `expected a 32-bit integer, got ${describe(value)} ${preview(value)}`;
    case 'long':
      return Number.isInteger(value) ? undefined : `expected an integer, got ${describe(value)} ${preview(value)}`;
    case 'timestamp': {
      if (typeof value === 'string') {
        const parsed = Date.parse(value);
        return Number.isNaN(parsed)
          ? `expected epoch microseconds (an integer), got the string ${preview(value)}`
          : `expected epoch microseconds (an integer such as ${parsed * 1000}), got the date string ${preview(value)}; ` +
              'Firehose writes Iceberg timestamps only from microseconds, the Fluent Bit filter of this stack converts ISO-8601';
      }
      if (!Number.isInteger(value)) return `expected epoch microseconds (an integer), got ${describe(value)} ${preview(value)}`;
      const n = value as number;
      if (n >= MICROS_MIN && n <= MICROS_MAX) return undefined;
      const unit = n < 1e11 ? 'seconds' : n < 1e14 ? 'milliseconds' : n > 1e17 ? 'nanoseconds' : undefined;
      return unit
        ? `expected epoch microseconds, got ${n}, which looks like epoch ${unit}`
        : `expected epoch microseconds between years 2000 and 2100, got ${n}`;
    }
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks one record as Firehose receives it from FireLens (after this stack's Fluent Bit
 * filter): every top-level key must be a column, every value must fit its column's type,
 * expected columns must be present, and fields of a JSON `log` must have been lifted.
 */
export function checkRecord(record: unknown, schema: LogSchema): RecordIssue[] {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return [{ code: 'not-object', severity: 'error', message: `a record must be a JSON object, got ${describe(record)}` }];
  }
  const r = record as Record<string, unknown>;
  const issues: RecordIssue[] = [];
  for (const [key, value] of Object.entries(r)) {
    const column = schema.column(key);
    if (!column) {
      issues.push({
        code: 'dropped-field',
        severity: 'error',
        field: key,
        message: `"${key}" is not a column of the table; Firehose drops it silently (only top-level keys that match a column are stored)`,
      });
      continue;
    }
    if (value === null) continue;
    const problem = typeProblem(column.type, value);
    if (problem) {
      issues.push({ code: 'type-mismatch', severity: 'error', field: key, message: `"${key}" (${column.type}): ${problem}` });
    }
  }

  const notLifted = new Set<string>();
  const logColumn = schema.column('log');
  const raw = r.log;
  if (logColumn && typeof raw === 'string') {
    const app = parseObject(raw);
    if (!app) {
      issues.push({
        code: 'log-not-json',
        severity: 'warning',
        field: 'log',
        message: '"log" is not a JSON object, so no field can be lifted from it; only the raw line is stored',
      });
    } else {
      for (const column of schema.liftedColumns) {
        const key = column.sourceKey ?? column.name;
        if (key in app && app[key] !== null && (r[column.name] === undefined || r[column.name] === null)) {
          notLifted.add(column.name);
          issues.push({
            code: 'not-lifted',
            severity: 'error',
            field: column.name,
            message: `"${key}" is in the JSON "log" but not a top-level key, so column "${column.name}" stays null; send records through this stack's Fluent Bit filter`,
          });
        }
      }
      for (const column of schema.columns.filter((c) => c.source === 'firelens')) {
        if (column.name in app) {
          issues.push({
            code: 'metadata-collision',
            severity: 'warning',
            field: column.name,
            message: `the application log has a "${column.name}" key, which collides with FireLens metadata of the same name`,
          });
        }
      }
    }
  }

  for (const column of schema.columns.filter((c: LogColumn) => c.expected)) {
    if ((r[column.name] === undefined || r[column.name] === null) && !notLifted.has(column.name)) {
      issues.push({
        code: 'missing-expected',
        severity: 'error',
        field: column.name,
        message: `"${column.name}" is missing; the row would land with a null ${column.type}${column.name === 'timestamp' ? ' and never match a time-window query' : ''}`,
      });
    }
  }
  return issues;
}

/** Checks JSON Lines text (one record per line, blank lines ignored); issues carry line numbers. */
export function checkJsonLines(text: string, schema: LogSchema): CheckResult {
  const issues: RecordIssue[] = [];
  let records = 0;
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() === '') return;
    records += 1;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (e) {
      issues.push({ line: i + 1, code: 'not-json', severity: 'error', message: `not valid JSON: ${(e as Error).message}` });
      return;
    }
    for (const issue of checkRecord(value, schema)) issues.push({ line: i + 1, ...issue });
  });
  const errors = issues.filter((x) => x.severity === 'error').length;
  return { records, issues, errors, warnings: issues.length - errors };
}

/** One line per issue: `<file>:<line>: error[code] message`. */
export function formatIssue(issue: RecordIssue, file = '-'): string {
  return `${file}:${issue.line ?? 0}: ${issue.severity}[${issue.code}] ${issue.message}`;
}
