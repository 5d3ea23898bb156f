import {
  ColumnType,
  decimalOf,
  JsonNode,
  JsonTextError,
  LOGGER_PRESET_NAMES,
  LOGGER_PRESETS,
  LoggerPreset,
  LogColumn,
  LogSchema,
  lookupPath,
  parseJsonText,
  PRESET_COLUMNS,
  RowValue,
  shapeLogLine,
  ShapingSpec,
  shapingSpec,
} from '@aws-log-mcp/log-contract';

/**
 * What can go wrong with a record on its way into the Iceberg table. Firehose reports none
 * of these: unknown keys are dropped and mismatched values are lost without an error.
 */
export type IssueCode =
  | 'not-json'
  | 'not-object'
  | 'invalid-utf8'
  | 'dropped-field'
  | 'type-mismatch'
  | 'missing-expected'
  | 'not-lifted'
  | 'value-mismatch'
  | 'precision-refused'
  | 'precision-risk'
  | 'unconverted'
  | 'unknown-level'
  | 'log-not-json'
  | 'nesting-too-deep'
  | 'partial-message'
  | 'unjoined-fragment'
  | 'possible-fragment'
  | 'preset-hint'
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

export interface CheckOptions {
  /** How the router shapes log lines (preset, source keys); @default the schema with the `default` preset */
  readonly shaping?: ShapingSpec;
}

/** Docker splits a line longer than this many bytes into partial messages. */
export const DOCKER_PARTIAL_BYTES = 16_384;

/** Epoch microseconds between 2000-01-01 and 2100-01-01; outside it, the unit is almost surely wrong. */
const MICROS_MIN = 946_684_800_000_000n;
const MICROS_MAX = 4_102_444_800_000_000n;
const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

function preview(text: string, node: JsonNode): string {
  const t = text.slice(node.start, Math.min(node.end, node.start + 61));
  return node.end - node.start > 60 ? `${t.slice(0, 57)}...` : t;
}

/** The exact integer a JSON number's text denotes, or undefined when it is not an integer. */
function exactInteger(text: string): bigint | undefined {
  const d = decimalOf(text);
  if (!d) return undefined;
  if (d.digits === '') return 0n;
  if (d.point < d.digits.length || d.point > 400) return undefined;
  const n = BigInt(d.digits.padEnd(d.point, '0'));
  return d.negative ? -n : n;
}

/** Why `node` does not fit a column of `type`, or undefined when it fits. */
export function typeProblem(type: ColumnType, node: JsonNode, text: string): string | undefined {
  const got = () => `got ${node.kind} ${preview(text, node)}`;
  const integer = node.kind === 'number' ? exactInteger(node.text) : undefined;
  switch (type) {
    case 'string':
      return node.kind === 'string' ? undefined : `expected a JSON string, ${got()}`;
    case 'boolean':
      return node.kind === 'boolean' ? undefined : `expected true or false, ${got()}`;
    case 'double':
      return node.kind === 'number' ? undefined : `expected a JSON number, ${got()}`;
    case 'int':
      return integer !== undefined && integer >= INT32[0] && integer <= INT32[1]
        ? undefined
        : `expected a 32-bit integer, ${got()}`;
    case 'long':
      return integer !== undefined && integer >= INT64[0] && integer <= INT64[1]
        ? undefined
        : `expected a 64-bit integer, ${got()}`;
    case 'timestamp': {
      if (node.kind === 'string') {
        const parsed = Date.parse(node.value);
        return Number.isNaN(parsed)
          ? `expected epoch microseconds (an integer), got the string ${preview(text, node)}`
          : `expected epoch microseconds (an integer such as ${parsed * 1000}), got the date string ${preview(text, node)}; ` +
              'Firehose writes Iceberg timestamps only from microseconds, the Fluent Bit filter of this stack converts ISO-8601';
      }
      if (integer === undefined) return `expected epoch microseconds (an integer), ${got()}`;
      if (integer >= MICROS_MIN && integer <= MICROS_MAX) return undefined;
      const abs = integer < 0n ? -integer : integer;
      const unit =
        abs < 10n ** 11n ? 'seconds' : abs < 10n ** 14n ? 'milliseconds' : abs > 10n ** 17n ? 'nanoseconds' : undefined;
      return unit
        ? `expected epoch microseconds, got ${integer}, which looks like epoch ${unit}`
        : `expected epoch microseconds between years 2000 and 2100, got ${integer}`;
    }
  }
}

/** Whether the record's value (a node of `text`) is the value the router would write. */
function sameValue(node: JsonNode, expected: RowValue): boolean {
  if (typeof expected === 'string') return node.kind === 'string' && node.value === expected;
  if (typeof expected === 'boolean') return node.kind === 'boolean' && node.value === expected;
  if (node.kind !== 'number') return false;
  if (Number.isSafeInteger(expected)) return exactInteger(node.text) === BigInt(expected);
  return Number(node.text) === expected;
}

function show(value: RowValue): string {
  return JSON.stringify(value);
}

/** The first preset (other than the configured one) whose signature the line matches and which reads it differently. */
function presetHint(
  app: JsonNode,
  log: string,
  schema: LogSchema,
  spec: ShapingSpec,
  row: Record<string, RowValue>,
): string | undefined {
  for (const name of LOGGER_PRESET_NAMES) {
    if (name === 'default' || name === spec.preset) continue;
    const preset: LoggerPreset = LOGGER_PRESETS[name];
    const { all, any } = preset.signature;
    if (!all.every((k) => lookupPath(app, k)) || (any && !any.some((k) => lookupPath(app, k)))) continue;
    const other = shapeLogLine(shapingSpec(schema, name), log).row;
    const differs = PRESET_COLUMNS.filter((c) => other[c] !== undefined && other[c] !== row[c]);
    if (differs.length > 0) {
      return `looks like ${name}: set "loggerPreset": "${name}" (it reads ${differs.map((c) => `${c} as ${show(other[c])}`).join(', ')})`;
    }
  }
  return undefined;
}

function checkLog(
  r: ReadonlyMap<string, JsonNode>,
  text: string,
  log: string,
  schema: LogSchema,
  spec: ShapingSpec,
): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const shaped = shapeLogLine(spec, log);
  if (shaped.log === 'too-deep') {
    issues.push({
      code: 'nesting-too-deep',
      severity: 'warning',
      field: 'log',
      message: `"log" is ${shaped.logError}; only the raw line is stored`,
    });
    return issues;
  }
  if (shaped.log !== 'json' || !shaped.app) {
    const bytes = Buffer.byteLength(log, 'utf8');
    const trimmed = log.trim();
    if (bytes === DOCKER_PARTIAL_BYTES) {
      issues.push({
        code: 'unjoined-fragment',
        severity: 'error',
        field: 'log',
        message: `"log" is exactly ${DOCKER_PARTIAL_BYTES} bytes and not a whole JSON object: a part of a longer line Docker split that was not joined; the router's multiline filter (partial_message mode) joins parts arriving within its flush window`,
      });
    } else if (trimmed.startsWith('{') || (trimmed.endsWith('}') && !trimmed.startsWith('{'))) {
      issues.push({
        code: 'possible-fragment',
        severity: 'warning',
        field: 'log',
        message: `"log" looks like part of a JSON object (${shaped.logError ?? 'not an object'}): a fragment of a split line, or malformed JSON; only the raw line is stored`,
      });
    } else {
      issues.push({
        code: 'log-not-json',
        severity: 'warning',
        field: 'log',
        message: '"log" is not a JSON object, so no field can be lifted from it; only the raw line is stored',
      });
    }
    return issues;
  }
  for (const column of spec.columns.filter((c) => c.source === 'lifted')) {
    const expected = shaped.row[column.name];
    if (expected === undefined) continue;
    const actual = r.get(column.name);
    const key = shaped.sourceOf[column.name];
    if (actual === undefined || actual.kind === 'null') {
      issues.push({
        code: 'not-lifted',
        severity: 'error',
        field: column.name,
        message: `"${key}" is in the JSON "log" but not a top-level key, so column "${column.name}" stays null; send records through this stack's Fluent Bit filter`,
      });
    } else if (!sameValue(actual, expected)) {
      issues.push({
        code: 'value-mismatch',
        severity: 'error',
        field: column.name,
        message: `"${column.name}" is ${preview(text, actual)} but the log line's "${key}" gives ${show(expected)}: the value was changed on the way (digits lost?)`,
      });
    }
  }
  for (const note of shaped.notes) {
    issues.push({
      code: note.code,
      severity: note.code === 'precision-refused' ? 'error' : 'warning',
      field: note.column,
      message: note.message,
    });
  }
  const hint = presetHint(shaped.app, log, schema, spec, shaped.row);
  if (hint) issues.push({ code: 'preset-hint', severity: 'warning', message: hint });
  if (shaped.app.kind === 'object') {
    for (const column of schema.columns.filter((c) => c.source === 'firelens')) {
      if (shaped.app.entries.has(column.name)) {
        issues.push({
          code: 'metadata-collision',
          severity: 'warning',
          field: column.name,
          message: `the application log has a "${column.name}" key, which collides with FireLens metadata of the same name`,
        });
      }
    }
  }
  return issues;
}

/** {@link checkRecord} for a record already parsed from `text`. */
export function checkRecordNode(node: JsonNode, text: string, schema: LogSchema, options: CheckOptions = {}): RecordIssue[] {
  if (node.kind !== 'object') {
    return [{ code: 'not-object', severity: 'error', message: `a record must be a JSON object, got ${node.kind}` }];
  }
  const spec = options.shaping ?? shapingSpec(schema);
  const r = node.entries;
  if (r.has('partial_message')) {
    const ordinal = r.get('partial_ordinal');
    return [
      {
        code: 'partial-message',
        severity: 'warning',
        field: 'partial_message',
        message: `part ${ordinal ? preview(text, ordinal) : '?'} of a line Docker split at ${DOCKER_PARTIAL_BYTES} bytes: would be joined by the router (multiline filter, partial_message mode) with its other parts before shaping; check the joined record`,
      },
    ];
  }
  const issues: RecordIssue[] = [];
  for (const [key, value] of r) {
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
    if (value.kind === 'null') continue;
    const problem = typeProblem(column.type, value, text);
    if (problem)
      issues.push({ code: 'type-mismatch', severity: 'error', field: key, message: `"${key}" (${column.type}): ${problem}` });
  }
  const log = r.get('log');
  const mistyped = new Set(issues.filter((i) => i.code === 'type-mismatch').map((i) => i.field));
  const lifted = (log?.kind === 'string' && schema.column('log') ? checkLog(r, text, log.value, schema, spec) : []).filter(
    (i) => !(i.code === 'value-mismatch' && mistyped.has(i.field)),
  );
  issues.push(...lifted);
  const notLifted = new Set(lifted.filter((i) => i.code === 'not-lifted').map((i) => i.field));
  for (const column of schema.columns.filter((c: LogColumn) => c.expected)) {
    const v = r.get(column.name);
    if ((v === undefined || v.kind === 'null') && !notLifted.has(column.name)) {
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

/**
 * Checks one record as Firehose receives it from FireLens (after this stack's Fluent Bit
 * filter): every top-level key must be a column, every value must fit its column's type,
 * expected columns must be present, the fields of a JSON `log` must have been lifted with the
 * values the router's shaping gives them, and a `log` must not be a fragment of a split line.
 */
export function checkRecord(record: unknown, schema: LogSchema, options: CheckOptions = {}): RecordIssue[] {
  const text = JSON.stringify(record);
  return checkRecordNode(parseJsonText(text).root, text, schema, options);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Lines of `input`: a leading UTF-8 BOM dropped, split at LF, CRLF or a lone CR; bytes decoded strictly. */
function splitLines(input: string | Uint8Array): { line: number; text?: string; error?: string }[] {
  if (typeof input === 'string') {
    return input
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\r|\n/)
      .map((text, i) => ({ line: i + 1, text }));
  }
  let bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const out: { line: number; text?: string; error?: string }[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = bytes[i];
    if (i < bytes.length && b !== 0x0a && b !== 0x0d) continue;
    const chunk = bytes.subarray(start, i);
    try {
      out.push({ line: out.length + 1, text: UTF8.decode(chunk) });
    } catch {
      out.push({ line: out.length + 1, error: 'not valid UTF-8; Firehose would reject or garble the record' });
    }
    if (b === 0x0d && bytes[i + 1] === 0x0a) i += 1;
    start = i + 1;
  }
  return out;
}

/**
 * Checks JSON Lines (one record per line; LF, CRLF or CR line ends; a UTF-8 BOM is ignored;
 * blank lines are skipped). Bytes are decoded strictly: a line that is not UTF-8 is reported.
 * Issues carry line numbers.
 */
export function checkJsonLines(input: string | Uint8Array, schema: LogSchema, options: CheckOptions = {}): CheckResult {
  const issues: RecordIssue[] = [];
  let records = 0;
  for (const { line, text, error } of splitLines(input)) {
    if (error) {
      records += 1;
      issues.push({ line, code: 'invalid-utf8', severity: 'error', message: error });
      continue;
    }
    if ((text as string).trim() === '') continue;
    records += 1;
    let root: JsonNode;
    try {
      root = parseJsonText(text as string).root;
    } catch (e) {
      issues.push({
        line,
        code: 'not-json',
        severity: 'error',
        message: `not valid JSON: ${e instanceof JsonTextError ? e.message : String(e)}`,
      });
      continue;
    }
    for (const issue of checkRecordNode(root, text as string, schema, options)) issues.push({ line, ...issue });
  }
  const errors = issues.filter((x) => x.severity === 'error').length;
  return { records, issues, errors, warnings: issues.length - errors };
}

/** One line per issue: `<file>:<line>: error[code] message`. */
export function formatIssue(issue: RecordIssue, file = '-'): string {
  return `${file}:${issue.line ?? 0}: ${issue.severity}[${issue.code}] ${issue.message}`;
}
