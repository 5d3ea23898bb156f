// The shaping rules, evaluated in TypeScript: what row a log line must become. The Fluent Bit
// Lua filter implements the same rules for the router (generated from the same spec), and the
// corpus tests run both on every line; the record checker uses this to say what should have landed.
import { ColumnType, ROLE_COLUMNS } from '../column-types';
import type { LogColumn, LogSchema } from '../columns';
import { JsonNode, JsonTextError, lookupPath, MAX_JSON_DEPTH, parseJsonText } from './json-text';
import {
  ColumnSourcesConfig,
  LEVEL_NAMES,
  LOGGER_PRESETS,
  LoggerPreset,
  LoggerPresetName,
  NormalizedLevel,
  NUMERIC_LEVELS,
  PRESET_COLUMNS,
  PresetColumn,
  presetColumnSources,
  TimestampConversion,
} from './presets';

/** How one column's value is produced. */
export type Conversion = 'text' | 'level' | TimestampConversion | 'long' | 'int' | 'double' | 'boolean';

export interface ShapedColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly source: LogColumn['source'];
  /** Lifted columns: key paths tried in order. */
  readonly sourceKeys: readonly string[];
  readonly conversion: Conversion;
}

/** Everything the router's filter and the checker need to shape a line: one per table config. */
export interface ShapingSpec {
  readonly preset: LoggerPresetName;
  readonly columns: readonly ShapedColumn[];
  readonly impliedLevel?: LoggerPreset['impliedLevel'];
}

/** The largest integer every stage carries exactly (Lua numbers are doubles): 2^53. */
export const MAX_EXACT_INTEGER = 9_007_199_254_740_992;

/**
 * The spec for `schema` with `preset`'s keys and conversions for the standard columns
 * (`overrides` from config replace them per column) and each extra column's own keys.
 */
export function shapingSpec(
  schema: LogSchema,
  preset: LoggerPresetName = 'default',
  overrides: ColumnSourcesConfig = {},
): ShapingSpec {
  const standard = presetColumnSources(preset, overrides);
  const columns = schema.columns.map<ShapedColumn>((c) => {
    const std = (PRESET_COLUMNS as readonly string[]).includes(c.name) ? standard[c.name as PresetColumn] : undefined;
    const sourceKeys = c.source !== 'lifted' ? [] : (std?.sourceKeys ?? c.sourceKeys ?? [c.sourceKey ?? c.name]);
    let conversion: Conversion;
    if (c.type === 'timestamp') conversion = (std?.conversion as TimestampConversion | undefined) ?? 'auto';
    else if (c.type === 'string') conversion = c.name === ROLE_COLUMNS.level && std?.conversion === 'level' ? 'level' : 'text';
    else conversion = c.type;
    return { name: c.name, type: c.type, source: c.source, sourceKeys: [...sourceKeys], conversion };
  });
  const implied = (LOGGER_PRESETS[preset] as LoggerPreset).impliedLevel;
  return { preset, columns, ...(implied ? { impliedLevel: implied } : {}) };
}

/** A value as it lands: strings, exact integers, doubles as Fluent Bit writes them, booleans. */
export type RowValue = string | number | boolean;

export type ShapeNoteCode = 'precision-refused' | 'precision-risk' | 'unconverted' | 'unknown-level';
export interface ShapeNote {
  readonly column: string;
  readonly code: ShapeNoteCode;
  /** The key path the value came from. */
  readonly key: string;
  readonly message: string;
}

export interface ShapeResult {
  readonly row: Record<string, RowValue>;
  readonly notes: ShapeNote[];
  /** What the `log` held: a JSON object (fields lifted), something else, nesting too deep, or nothing. */
  readonly log: 'json' | 'not-json' | 'too-deep' | 'absent';
  /** Why `log` is not JSON, when it is not. */
  readonly logError?: string;
  /** The parsed application object, when `log` is one. */
  readonly app?: JsonNode;
  /** Lifted column -> the key path its value came from. */
  readonly sourceOf: Record<string, string>;
}

interface Decimal {
  readonly negative: boolean;
  /** Significant digits without leading zeros ('' for zero). */
  readonly digits: string;
  /** Position of the decimal point within `digits` (may be negative or beyond its length). */
  readonly point: number;
}

const NUMBER_TEXT = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;
const JSON_NUMBER_TEXT = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** `text` (a JSON number) as exact decimal digits; numeric strings must be JSON numbers too. */
export function decimalOf(text: string): Decimal | undefined {
  if (!JSON_NUMBER_TEXT.test(text)) return undefined;
  const m = NUMBER_TEXT.exec(text) as RegExpExecArray;
  let digits = m[2] + (m[3] ?? '');
  let point = m[2].length + (m[4] ? Number(m[4]) : 0);
  const lead = /^0*/.exec(digits)![0].length;
  digits = digits.slice(lead);
  point -= lead;
  digits = digits.replace(/0+$/, '');
  return { negative: m[1] === '-' && digits !== '', digits, point };
}

/**
 * The integer part of `d` x 10^`shift`, rounded toward negative infinity, and whether nothing
 * was cut off; undefined beyond 2^53.
 */
export function scaledInteger(d: Decimal, shift: number): { value: number; exact: boolean } | undefined {
  if (d.digits === '') return { value: 0, exact: true };
  const point = d.point + shift;
  if (point > 16) return undefined;
  const intDigits = point <= 0 ? '0' : d.digits.slice(0, point).padEnd(point, '0');
  const exact = point >= d.digits.length;
  // Compared as digits: beyond 2^53, Number() would already have rounded.
  if (intDigits.length === 16 && intDigits > String(MAX_EXACT_INTEGER)) return undefined;
  let value = Number(intDigits);
  if (d.negative) value = exact ? -value : -value - 1;
  if (Math.abs(value) > MAX_EXACT_INTEGER) return undefined;
  return { value: value === 0 ? 0 : value, exact };
}

function daysFromCivil(y: number, m: number, d: number): number {
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(.*)$/;

/** ISO-8601 / RFC 3339 date-time to epoch microseconds (fraction truncated to µs; no offset = UTC). */
export function isoToMicros(s: string): number | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  let rest = m[7];
  let frac = 0;
  const f = /^[.,](\d+)/.exec(rest);
  if (f) {
    frac = Number((f[1] + '000000').slice(0, 6));
    rest = rest.slice(f[0].length);
  }
  let offset = 0;
  if (rest !== '' && rest !== 'Z' && rest !== 'z') {
    const o = /^([+-])(\d{2}):?(\d{2})$/.exec(rest);
    if (!o) return undefined;
    offset = (Number(o[2]) * 60 + Number(o[3])) * 60 * (o[1] === '-' ? -1 : 1);
  }
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return undefined;
  return (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset) * 1_000_000 + frac;
}

const UNIT_SHIFT: Record<string, number> = { 'epoch-seconds': 6, 'epoch-millis': 3, 'epoch-micros': 0, 'epoch-nanos': -3 };

/** Integer digits of a magnitude -> unit, for `auto`: < 1e11 s, < 1e14 ms, < 1e17 µs, else ns. */
function autoShift(d: Decimal): number {
  if (d.point <= 11) return 6;
  if (d.point <= 14) return 3;
  if (d.point <= 17) return 0;
  return -3;
}

function numericText(node: JsonNode): string | undefined {
  if (node.kind === 'number') return node.text;
  if (node.kind === 'string' && JSON_NUMBER_TEXT.test(node.value)) return node.value;
  return undefined;
}

type Converted =
  { ok: true; value: RowValue; note?: Omit<ShapeNote, 'column' | 'key'> } | { ok: false; why: string; refused?: boolean };

function toMicros(node: JsonNode, conversion: TimestampConversion): Converted {
  if (node.kind === 'object') {
    const sec = node.entries.get('epochSecond');
    const nanos = node.entries.get('nanoOfSecond');
    const s = sec?.kind === 'number' ? decimalOf(sec.text) : undefined;
    const n = nanos?.kind === 'number' ? decimalOf(nanos.text) : undefined;
    const a = s && scaledInteger(s, 6);
    const b = n && scaledInteger(n, -3);
    if (a && b) return { ok: true, value: a.value + b.value };
    return { ok: false, why: 'an object without numeric epochSecond and nanoOfSecond' };
  }
  const num = numericText(node);
  if (num !== undefined) {
    if (conversion === 'iso8601') return { ok: false, why: `a number (${num}); the conversion is iso8601` };
    const d = decimalOf(num) as Decimal;
    const scaled = scaledInteger(d, conversion === 'auto' ? autoShift(d) : UNIT_SHIFT[conversion]);
    return scaled ? { ok: true, value: scaled.value } : { ok: false, why: `${num} is out of range` };
  }
  if (node.kind === 'string') {
    const micros = isoToMicros(node.value);
    return micros !== undefined && Math.abs(micros) <= MAX_EXACT_INTEGER
      ? { ok: true, value: micros }
      : { ok: false, why: `the string ${preview(node.value)} is not an ISO-8601 date-time or epoch number` };
  }
  return { ok: false, why: `a JSON ${node.kind}` };
}

/** Text as landed in a string column: strings as they are, anything else as its JSON text. */
function asText(node: JsonNode, source: string): string {
  return node.kind === 'string' ? node.value : source.slice(node.start, node.end);
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The normalized level for `node`, or undefined when it is not a known level. */
export function normalizeLevel(node: JsonNode): NormalizedLevel | undefined {
  const own = (map: Readonly<Record<string, NormalizedLevel>>, key: string) => (Object.hasOwn(map, key) ? map[key] : undefined);
  if (node.kind === 'number') return own(NUMERIC_LEVELS, node.text);
  if (node.kind === 'string') return own(NUMERIC_LEVELS, node.value) ?? own(LEVEL_NAMES, asciiLower(node.value));
  return undefined;
}

/** A double as Fluent Bit writes it: integral values below 2^63 as integers, others with 16 significant digits. */
export function landedDouble(d: number): number {
  if (Number.isInteger(d) && Math.abs(d) < 2 ** 63) return d === 0 ? 0 : d;
  return Number(d.toPrecision(16));
}

function convert(column: ShapedColumn, node: JsonNode, source: string): Converted {
  switch (column.conversion) {
    case 'text':
      return { ok: true, value: asText(node, source) };
    case 'level': {
      const level = normalizeLevel(node);
      if (level) return { ok: true, value: level };
      const text = asText(node, source);
      return {
        ok: true,
        value: text,
        note: {
          code: 'unknown-level',
          message: `level ${preview(text)} is not a known level name or number; it lands as written`,
        },
      };
    }
    case 'long':
    case 'int': {
      const num = numericText(node);
      if (num === undefined) return { ok: false, why: `a JSON ${node.kind}, not an integer` };
      const scaled = scaledInteger(decimalOf(num) as Decimal, 0);
      if (!scaled) {
        return {
          ok: false,
          refused: true,
          why: `${num} is beyond 2^53 (${MAX_EXACT_INTEGER}), which the router's Lua filter cannot carry exactly; the column stays null and the raw log keeps the digits (use a string column for such ids)`,
        };
      }
      if (!scaled.exact) return { ok: false, why: `${num} is not an integer` };
      if (column.conversion === 'int' && (scaled.value < -2_147_483_648 || scaled.value > 2_147_483_647)) {
        return { ok: false, why: `${num} does not fit a 32-bit int` };
      }
      return { ok: true, value: scaled.value };
    }
    case 'double': {
      const num = numericText(node);
      if (num === undefined) return { ok: false, why: `a JSON ${node.kind}, not a number` };
      const d = Number(num);
      if (!Number.isFinite(d)) return { ok: false, why: `${num} is not a finite double` };
      const landed = landedDouble(d);
      return landed === (d === 0 ? 0 : d)
        ? { ok: true, value: landed }
        : {
            ok: true,
            value: landed,
            note: {
              code: 'precision-risk',
              message: `${num} needs 17 significant digits; Fluent Bit writes doubles with 16, so ${landed} lands`,
            },
          };
    }
    case 'boolean':
      if (node.kind === 'boolean') return { ok: true, value: node.value };
      if (node.kind === 'string' && (node.value === 'true' || node.value === 'false'))
        return { ok: true, value: node.value === 'true' };
      return { ok: false, why: `a JSON ${node.kind}, not a boolean` };
    default:
      return toMicros(node, column.conversion);
  }
}

function preview(text: string): string {
  const t = JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
  return t;
}

/**
 * Shapes one FireLens record's `log` line and metadata into the row the table receives:
 * FireLens columns from `metadata`, `log` as it is, lifted columns from the application's JSON
 * object by `spec`. Without a usable timestamp, `receivedMicros` (the time the router received
 * the line) is the timestamp, as in the router.
 */
export function shapeLogLine(
  spec: ShapingSpec,
  log: string | undefined,
  metadata: Readonly<Record<string, string>> = {},
  receivedMicros?: number,
): ShapeResult {
  const row: Record<string, RowValue> = {};
  const notes: ShapeNote[] = [];
  const sourceOf: Record<string, string> = {};
  let app: JsonNode | undefined;
  let state: ShapeResult['log'] = log === undefined ? 'absent' : 'not-json';
  let logError: string | undefined;
  if (log !== undefined) {
    try {
      const parsed = parseJsonText(log);
      if (parsed.depth > MAX_JSON_DEPTH) {
        state = 'too-deep';
        logError = `nested ${parsed.depth} levels deep (the router lifts fields from at most ${MAX_JSON_DEPTH})`;
      } else if (parsed.root.kind === 'object') {
        app = parsed.root;
        state = 'json';
      } else logError = `a JSON ${parsed.root.kind}, not an object`;
    } catch (e) {
      logError = e instanceof JsonTextError ? e.message : String(e);
    }
  }
  for (const column of spec.columns) {
    if (column.source === 'firelens') {
      if (metadata[column.name] !== undefined) row[column.name] = metadata[column.name];
      continue;
    }
    if (column.source === 'raw') {
      if (log !== undefined) row[column.name] = log;
      continue;
    }
    if (!app || log === undefined) continue;
    for (const key of column.sourceKeys) {
      const node = lookupPath(app, key);
      if (node === undefined || node.kind === 'null') continue;
      const result = convert(column, node, log);
      if (result.ok) {
        row[column.name] = result.value;
        sourceOf[column.name] = key;
        if (result.note) notes.push({ column: column.name, key, ...result.note });
        break;
      }
      notes.push({
        column: column.name,
        key,
        code: result.refused ? 'precision-refused' : 'unconverted',
        message: `"${key}" is ${result.why}`,
      });
    }
  }
  const level = spec.columns.find((c) => c.name === ROLE_COLUMNS.level);
  if (app?.kind === 'object' && level && row[level.name] === undefined && spec.impliedLevel) {
    const entries = app.entries;
    if (spec.impliedLevel.whenKeys.some((k) => entries.has(k))) row[level.name] = spec.impliedLevel.level;
  }
  const ts = spec.columns.find((c) => c.name === ROLE_COLUMNS.timestamp);
  if (ts && row[ts.name] === undefined && receivedMicros !== undefined) row[ts.name] = receivedMicros;
  return { row, notes, log: state, ...(logError ? { logError } : {}), ...(app ? { app } : {}), sourceOf };
}
