// Logger presets, source-key aliases and value conversions: how a field of the application's
// JSON log becomes a column value. Defined once here; the Fluent Bit Lua filter (log platform)
// is generated from it and the record checker evaluates it (`shape.ts`).
import { z } from 'zod';

/** The levels the `level` column is normalized to. */
export const NORMALIZED_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type NormalizedLevel = (typeof NORMALIZED_LEVELS)[number];

/**
 * Level names (compared case-insensitively) and what they normalize to. Covers pino/bunyan,
 * zap (`dpanic`, `panic`), slog, logrus, Python logging (`WARNING`, `CRITICAL`), Serilog
 * (`Verbose`, `Information`), log4j2, syslog keywords (RFC 5424 section 6.2.1) and Google Cloud
 * `severity`. Anything else lands verbatim (the checker reports it).
 */
export const LEVEL_NAMES: Readonly<Record<string, NormalizedLevel>> = {
  trace: 'TRACE',
  verbose: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  information: 'INFO',
  informational: 'INFO',
  notice: 'INFO',
  warn: 'WARN',
  warning: 'WARN',
  error: 'ERROR',
  err: 'ERROR',
  fatal: 'FATAL',
  critical: 'FATAL',
  crit: 'FATAL',
  alert: 'FATAL',
  emerg: 'FATAL',
  emergency: 'FATAL',
  panic: 'FATAL',
  dpanic: 'FATAL',
};

/**
 * Numeric levels: pino and bunyan use 10-60 (trace..fatal), syslog severities are 0-7
 * (RFC 5424: 0 emergency .. 7 debug). The two ranges do not overlap; other numbers land
 * verbatim as their JSON text.
 */
export const NUMERIC_LEVELS: Readonly<Record<string, NormalizedLevel>> = {
  '10': 'TRACE',
  '20': 'DEBUG',
  '30': 'INFO',
  '40': 'WARN',
  '50': 'ERROR',
  '60': 'FATAL',
  '0': 'FATAL',
  '1': 'FATAL',
  '2': 'FATAL',
  '3': 'ERROR',
  '4': 'WARN',
  '5': 'INFO',
  '6': 'INFO',
  '7': 'DEBUG',
};

/**
 * How a `timestamp` value becomes epoch microseconds (what Firehose needs for an Iceberg
 * timestamp). Strings in ISO-8601 (`T` or space, `.` or `,` before up to 9 fraction digits,
 * `Z`, `±hh:mm`, `±hhmm` or no offset = UTC) are read under every conversion except the epoch
 * ones' number-only meaning below; a log4j2 `instant` object (`epochSecond` + `nanoOfSecond`)
 * under every conversion.
 * - `auto`: numbers (and numeric strings) by magnitude: < 1e11 seconds, < 1e14 milliseconds,
 *   < 1e17 microseconds, otherwise nanoseconds; integer or decimal, read exactly from their text.
 * - `epoch-seconds` / `epoch-millis` / `epoch-micros` / `epoch-nanos`: numbers in that unit.
 * - `iso8601`: strings only; numbers are not a timestamp.
 */
export const TIMESTAMP_CONVERSIONS = ['auto', 'iso8601', 'epoch-seconds', 'epoch-millis', 'epoch-micros', 'epoch-nanos'] as const;
export type TimestampConversion = (typeof TIMESTAMP_CONVERSIONS)[number];

/** `level`: normalize to {@link NORMALIZED_LEVELS}; `verbatim`: keep the text as written. */
export const LEVEL_CONVERSIONS = ['level', 'verbatim'] as const;
export type LevelConversion = (typeof LEVEL_CONVERSIONS)[number];

/** The standard columns a preset maps. */
export const PRESET_COLUMNS = ['timestamp', 'level', 'message', 'request_id'] as const;
export type PresetColumn = (typeof PRESET_COLUMNS)[number];

export interface SourceSpec {
  /**
   * Keys tried in order; the first present and not null wins. `a.b` is the top-level key
   * `a.b` if the object has it, otherwise key `b` of the object under `a`.
   */
  readonly sourceKeys: readonly string[];
  /** For `timestamp` a {@link TimestampConversion}, for `level` a {@link LevelConversion}. */
  readonly conversion?: TimestampConversion | LevelConversion;
}

export interface LoggerPreset {
  readonly description: string;
  /** One line as the logger writes it (used in the README and the tests). */
  readonly example: string;
  readonly columns: Readonly<Record<PresetColumn, SourceSpec>>;
  /**
   * A level to record when no level key is present but one of these keys is (Serilog's compact
   * format leaves `@l` out for Information).
   */
  readonly impliedLevel?: { readonly whenKeys: readonly string[]; readonly level: NormalizedLevel };
  /**
   * Keys whose presence marks this logger's lines (all of `all`, and at least one of `any`);
   * the record checker uses them to suggest a preset.
   */
  readonly signature: { readonly all: readonly string[]; readonly any?: readonly string[] };
}

const REQUEST_ID_KEYS = ['request_id', 'requestId', 'requestID', 'reqId', 'req_id', 'RequestId', 'http.request.id'];
const SERILOG_IMPLIED_LEVEL = { whenKeys: ['@mt', '@m'], level: 'INFO' } as const;

/**
 * The presets. `default` recognizes the keys of every other preset where they do not conflict
 * (first match wins, in the order listed), so most applications land right with no
 * configuration; a preset settles the ambiguous cases (a numeric `time` in milliseconds, a
 * `ts` in seconds, which key holds the request id).
 */
export const LOGGER_PRESETS = {
  default: {
    description: 'the common keys of all presets, units inferred from magnitude',
    example: '{"timestamp":"2026-11-30T10:00:00Z","level":"INFO","message":"charged","request_id":"r-1"}',
    columns: {
      timestamp: {
        sourceKeys: ['timestamp', 'time', 'ts', '@timestamp', '@t', 'instant', 'timeMillis', 'asctime'],
        conversion: 'auto',
      },
      level: { sourceKeys: ['level', 'severity', 'levelname', '@l', 'log.level'], conversion: 'level' },
      message: { sourceKeys: ['message', 'msg', '@m', '@mt', 'event'] },
      request_id: { sourceKeys: [...REQUEST_ID_KEYS, 'req.id'] },
    },
    impliedLevel: SERILOG_IMPLIED_LEVEL,
    signature: { all: [] },
  },
  pino: {
    description: 'pino (Node.js): numeric level 10-60, `time` in epoch milliseconds, `msg`',
    example: '{"level":30,"time":1764496800123,"pid":7,"hostname":"ip-10-0-0-1","reqId":"req-1","msg":"request completed"}',
    columns: {
      timestamp: { sourceKeys: ['time'], conversion: 'epoch-millis' },
      level: { sourceKeys: ['level'], conversion: 'level' },
      message: { sourceKeys: ['msg'] },
      request_id: { sourceKeys: ['reqId', 'req.id', 'request_id', 'requestId'] },
    },
    signature: { all: ['level', 'time', 'msg', 'pid', 'hostname'] },
  },
  bunyan: {
    description: 'bunyan (Node.js): numeric level 10-60, ISO `time`, `msg`, `v` 0',
    example:
      '{"name":"api","hostname":"ip-10-0-0-1","pid":7,"level":30,"req_id":"r-9","msg":"hello","time":"2026-11-30T10:00:00.123Z","v":0}',
    columns: {
      timestamp: { sourceKeys: ['time'], conversion: 'auto' },
      level: { sourceKeys: ['level'], conversion: 'level' },
      message: { sourceKeys: ['msg'] },
      request_id: { sourceKeys: ['req_id', 'request_id', 'requestId', 'reqId'] },
    },
    signature: { all: ['v', 'name', 'level', 'time', 'msg'] },
  },
  zap: {
    description: 'zap (Go) production encoder: `ts` in float epoch seconds (or ISO-8601), lowercase `level`, `msg`',
    example: '{"level":"info","ts":1764496800.123456,"caller":"api/handler.go:42","msg":"served","request_id":"r-2"}',
    columns: {
      timestamp: { sourceKeys: ['ts'], conversion: 'epoch-seconds' },
      level: { sourceKeys: ['level'], conversion: 'level' },
      message: { sourceKeys: ['msg'] },
      request_id: { sourceKeys: ['request_id', 'requestID', 'requestId'] },
    },
    signature: { all: ['level', 'ts', 'msg'] },
  },
  slog: {
    description: 'log/slog (Go) JSONHandler: RFC 3339 `time`, `level` DEBUG/INFO/WARN/ERROR, `msg`',
    example: '{"time":"2026-11-30T10:00:00.123456789+01:00","level":"INFO","msg":"served","request_id":"r-3"}',
    columns: {
      timestamp: { sourceKeys: ['time'], conversion: 'auto' },
      level: { sourceKeys: ['level'], conversion: 'level' },
      message: { sourceKeys: ['msg'] },
      request_id: { sourceKeys: ['request_id', 'requestID', 'requestId'] },
    },
    signature: { all: ['time', 'level', 'msg'] },
  },
  logrus: {
    description: 'logrus (Go) JSONFormatter: RFC 3339 `time`, lowercase `level`, `msg`',
    example: '{"level":"warning","msg":"slow query","time":"2026-11-30T10:00:00Z","request_id":"r-4"}',
    columns: {
      timestamp: { sourceKeys: ['time'], conversion: 'auto' },
      level: { sourceKeys: ['level'], conversion: 'level' },
      message: { sourceKeys: ['msg'] },
      request_id: { sourceKeys: ['request_id', 'requestID', 'requestId'] },
    },
    signature: { all: ['time', 'level', 'msg'] },
  },
  'python-json': {
    description: 'python-json-logger: `asctime` (local time without offset, read as UTC) or `timestamp`, `levelname`, `message`',
    example: '{"asctime":"2026-11-30 10:00:00,123","name":"app","levelname":"INFO","message":"started","request_id":"r-5"}',
    columns: {
      timestamp: { sourceKeys: ['timestamp', 'asctime', 'created'], conversion: 'auto' },
      level: { sourceKeys: ['levelname', 'level'], conversion: 'level' },
      message: { sourceKeys: ['message', 'msg'] },
      request_id: { sourceKeys: ['request_id', 'requestId'] },
    },
    signature: { all: ['levelname'], any: ['message', 'asctime', 'name'] },
  },
  structlog: {
    description: 'structlog JSONRenderer with TimeStamper(fmt="iso") and add_log_level: `timestamp`, `level`, `event`',
    example: '{"event":"user logged in","level":"info","timestamp":"2026-11-30T10:00:00.123456Z","request_id":"r-6"}',
    columns: {
      timestamp: { sourceKeys: ['timestamp'], conversion: 'auto' },
      level: { sourceKeys: ['level'], conversion: 'level' },
      message: { sourceKeys: ['event'] },
      request_id: { sourceKeys: ['request_id', 'requestId'] },
    },
    signature: { all: ['event', 'level'] },
  },
  'serilog-compact': {
    description: 'Serilog CompactJsonFormatter (CLEF): `@t`, `@m` or `@mt`, `@l` (absent means Information)',
    example: '{"@t":"2026-11-30T10:00:00.1234567Z","@mt":"Served {Path}","Path":"/health","RequestId":"r-7"}',
    columns: {
      timestamp: { sourceKeys: ['@t'], conversion: 'auto' },
      level: { sourceKeys: ['@l'], conversion: 'level' },
      message: { sourceKeys: ['@m', '@mt'] },
      request_id: { sourceKeys: ['RequestId', 'request_id'] },
    },
    impliedLevel: SERILOG_IMPLIED_LEVEL,
    signature: { all: ['@t'], any: ['@m', '@mt'] },
  },
  ecs: {
    description: 'Elastic Common Schema loggers: `@timestamp`, `log.level` (dotted key or nested), `message`',
    example: '{"@timestamp":"2026-11-30T10:00:00.123Z","log.level":"info","message":"served","ecs.version":"1.6.0"}',
    columns: {
      timestamp: { sourceKeys: ['@timestamp'], conversion: 'auto' },
      level: { sourceKeys: ['log.level'], conversion: 'level' },
      message: { sourceKeys: ['message'] },
      request_id: { sourceKeys: ['http.request.id', 'request_id'] },
    },
    signature: { all: ['@timestamp', 'log.level'] },
  },
  'log4j2-json': {
    description: 'log4j2 JsonLayout: `instant` (epochSecond + nanoOfSecond) or `timeMillis`, `level`, `message`, `thread`',
    example:
      '{"instant":{"epochSecond":1764496800,"nanoOfSecond":123456789},"thread":"main","level":"INFO","loggerName":"app.Main","message":"started","contextMap":{"requestId":"r-8"}}',
    columns: {
      timestamp: { sourceKeys: ['instant', 'timeMillis'], conversion: 'auto' },
      level: { sourceKeys: ['level'], conversion: 'level' },
      message: { sourceKeys: ['message'] },
      request_id: { sourceKeys: ['contextMap.requestId', 'contextMap.request_id', 'request_id'] },
    },
    signature: { all: ['level', 'message', 'thread'], any: ['instant', 'timeMillis'] },
  },
} as const satisfies Record<string, LoggerPreset>;

export type LoggerPresetName = keyof typeof LOGGER_PRESETS;
export const LOGGER_PRESET_NAMES = Object.keys(LOGGER_PRESETS) as LoggerPresetName[];

/** Most keys a column may list. */
export const MAX_SOURCE_KEYS = 16;
/**
 * A key path in the application's JSON log: segments of letters, digits, `_`, `@` and `-`,
 * joined by `.` for nesting. No `$`, `{` or quotes, which the generated Lua and the Fluent Bit
 * and Terraform files it lands in would have to escape.
 */
export const SOURCE_KEY_PATH_PATTERN = /^[A-Za-z0-9_@-]+(\.[A-Za-z0-9_@-]+)*$/;

/** One source key path (config). */
export const SourceKeyPathSchema = z
  .string()
  .max(128)
  .regex(
    SOURCE_KEY_PATH_PATTERN,
    '[logSchema.sourceKeys] a source key is 1-128 characters of letters, digits, _ @ -, with . between nested keys',
  );

/** An ordered list of source key paths (config). */
export const SourceKeysSchema = z
  .array(SourceKeyPathSchema)
  .min(1, '[logSchema.sourceKeys] list at least one key')
  .max(MAX_SOURCE_KEYS, `[logSchema.sourceKeys] at most ${MAX_SOURCE_KEYS} keys per column`)
  .refine((keys) => new Set(keys).size === keys.length, '[logSchema.sourceKeys] keys must not repeat');

/** `loggerPreset` (config). */
export const LoggerPresetSchema = z.enum(LOGGER_PRESET_NAMES as [LoggerPresetName, ...LoggerPresetName[]], {
  error: `[logSchema.loggerPreset] must be one of ${LOGGER_PRESET_NAMES.join(', ')}`,
});

/** `columnSources` (config): per standard column, keys and conversion replacing the preset's. */
export const ColumnSourcesSchema = z
  .object({
    timestamp: z
      .object({
        sourceKeys: SourceKeysSchema.optional(),
        conversion: z
          .enum(TIMESTAMP_CONVERSIONS, {
            error: `[logSchema.conversion] timestamp conversions are ${TIMESTAMP_CONVERSIONS.join(', ')}`,
          })
          .optional(),
      })
      .strict()
      .optional(),
    level: z
      .object({
        sourceKeys: SourceKeysSchema.optional(),
        conversion: z
          .enum(LEVEL_CONVERSIONS, { error: `[logSchema.conversion] level conversions are ${LEVEL_CONVERSIONS.join(', ')}` })
          .optional(),
      })
      .strict()
      .optional(),
    message: z.object({ sourceKeys: SourceKeysSchema.optional() }).strict().optional(),
    request_id: z.object({ sourceKeys: SourceKeysSchema.optional() }).strict().optional(),
  })
  .strict();
export type ColumnSourcesConfig = z.output<typeof ColumnSourcesSchema>;

/** The standard columns' sources for `preset` with `overrides` from config applied. */
export function presetColumnSources(
  preset: LoggerPresetName,
  overrides: ColumnSourcesConfig = {},
): Record<PresetColumn, SourceSpec> {
  const base: LoggerPreset = LOGGER_PRESETS[preset];
  const out = {} as Record<PresetColumn, SourceSpec>;
  for (const column of PRESET_COLUMNS) {
    const o: { sourceKeys?: readonly string[]; conversion?: TimestampConversion | LevelConversion } = overrides[column] ?? {};
    out[column] = {
      sourceKeys: o.sourceKeys ?? base.columns[column].sourceKeys,
      ...((o.conversion ?? base.columns[column].conversion)
        ? { conversion: o.conversion ?? base.columns[column].conversion }
        : {}),
    };
  }
  return out;
}
