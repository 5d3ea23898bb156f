import { ValidationError } from '@aws-log-mcp/shared';
import {
  LEVEL_NAMES,
  MAX_EXACT_INTEGER,
  MAX_JSON_DEPTH,
  NUMERIC_LEVELS,
  ROLE_COLUMNS,
  ShapingSpec,
} from '@aws-log-mcp/log-contract';
import { SHAPE_RECORD_LUA } from './shape-record.lua';

/** Fluent Bit parser kept in the parsers file for filters of your own (the platform's filters do not use it). */
export const JSON_PARSER_NAME = 'log_platform_json';
/** Lua function the filter calls for every record. */
export const LUA_FUNCTION = 'shape_record';
/**
 * Longest generated Lua `code` line accepted. Fluent Bit reads classic-config lines of up to
 * 32 MiB since v2.2 (`line_hard_limit` in `flb_cf_fluentbit.c`; 1.9, the aws-for-fluent-bit 2.x
 * line, stopped at 4096 bytes, which is why the router image must be 3.x); this bound only
 * keeps the config file reviewable. The largest configuration the schema allows stays below it.
 */
export const MAX_INLINE_LUA = 262_144;

/**
 * Multi-line joining of non-JSON output with Fluent Bit's built-in multiline parsers (stack
 * traces of Java, Python, Go), after Docker's partial messages are joined.
 */
export const MULTILINE_MODES = ['none', 'java', 'python', 'go'] as const;
export type MultilineMode = (typeof MULTILINE_MODES)[number];

/**
 * How long (ms) the multiline filters wait for the next part before flushing what they have:
 * Fluent Bit's default `flush_ms`. Parts of one line that reach the router further apart land
 * as separate rows (the record checker flags them).
 */
export const MULTILINE_FLUSH_MS = 2000;

export interface FluentBitConfigOptions {
  /** @default 'none' */
  readonly multiline?: MultilineMode;
}

export interface FluentBitConfig {
  /**
   * `[FILTER]` sections in order: join Docker partial messages (multiline, partial_message
   * mode), optionally join stack traces (multiline, built-in parser), then shape each record
   * to the table's columns (lua).
   */
  readonly filtersConf: string;
  /** `[PARSER]` file the init image passes to Fluent Bit with `-R`. */
  readonly parsersConf: string;
  /** The Lua filter as one line, exactly as it appears in `filtersConf` (`code` property). */
  readonly luaCode: string;
}

function luaString(s: string): string {
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

function luaStringList(items: readonly string[]): string {
  return `{${items.map(luaString).join(',')}}`;
}

function luaMap(map: Readonly<Record<string, string>>): string {
  return `{${Object.entries(map)
    .map(([k, v]) => `[${luaString(k)}]=${luaString(v)}`)
    .join(',')}}`;
}

/** The spec tables the program reads, generated from the contract's shaping spec. */
function luaSpec(spec: ShapingSpec): string[] {
  const cols = spec.columns.map(
    (c) =>
      `{${luaString(c.name)},${luaString(c.source)},${luaString(c.conversion)},${luaStringList(c.sourceKeys)},${c.sourceKeys.length}}`,
  );
  const level = spec.columns.find((c) => c.name === ROLE_COLUMNS.level);
  const implied = spec.impliedLevel;
  return [
    `local COLS = {${cols.join(',')}}`,
    `local NCOLS = ${spec.columns.length}`,
    `local TS = ${luaString(ROLE_COLUMNS.timestamp)}`,
    `local LEVEL = ${level ? luaString(level.name) : 'nil'}`,
    `local IMPLIED = ${luaStringList(implied?.whenKeys ?? [])}`,
    `local NIMPLIED = ${implied?.whenKeys.length ?? 0}`,
    `local IMPLIED_LEVEL = ${luaString(implied?.level ?? '')}`,
    `local NAMES = ${luaMap(LEVEL_NAMES)}`,
    `local NUMERIC = ${luaMap(NUMERIC_LEVELS)}`,
    `local MAX_DEPTH = ${MAX_JSON_DEPTH}`,
    `local MAX_EXACT = ${MAX_EXACT_INTEGER}`,
    `local MAX_EXACT_DIGITS = ${luaString(String(MAX_EXACT_INTEGER))}`,
  ];
}

/**
 * The Lua program on one line: full-line `--` comments dropped, lines trimmed and joined with
 * spaces (Lua needs no line breaks between statements).
 */
export function luaSource(spec: ShapingSpec): string {
  const program = SHAPE_RECORD_LUA.split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('--'));
  const bad = program.find((l) => l.includes('--') || l.includes('#'));
  if (bad) throw new Error(`shape-record.lua.ts: a line has a trailing comment or "#": ${bad}`);
  return [...luaSpec(spec), ...program].join(' ');
}

/** Guards text that ends up in Terraform strings and Fluent Bit config. */
function assertSafeConfigText(text: string, field: string): void {
  if (/\$\{|%\{/.test(text)) {
    throw new ValidationError(
      field,
      '[fluentbit.noTemplates] generated config must not contain "${" or "%{" (Terraform and Fluent Bit expand them)',
    );
  }
}

/**
 * Renders the Fluent Bit configuration for the FireLens log router from the log contract's
 * shaping spec.
 *
 * 1. `multiline` in `partial_message` mode joins the parts Docker splits a line longer than
 *    16 KiB into (`partial_message`, `partial_id`, `partial_ordinal`, `partial_last`), before
 *    anything parses the line: AWS's FireLens example "Concatenate Partial/Split Container
 *    Logs" (amazon-ecs-firelens-examples, filter-multiline-partial-message-mode) and the
 *    Amazon ECS guide "Concatenating multiline or stack-trace log messages". Buffered
 *    (`buffer` defaults to on), flushed after {@link MULTILINE_FLUSH_MS} ms.
 * 2. With `multiline` set, a second `multiline` filter with Fluent Bit's built-in parser of that
 *    language joins stack traces of non-JSON output (partial_message mode cannot take a parser,
 *    so it is a filter of its own, after the first).
 * 3. `lua` parses the JSON `log` itself (keeping each number's text), reads the columns through
 *    the preset's source keys and conversions, keeps only the table's columns, and without a
 *    usable timestamp uses the time the router received the line. No `type_int_key`: Fluent Bit
 *    packs every integral Lua number as an integer already, and its key match is a prefix
 *    match (`time` would also match `timestamp`).
 */
export function renderFluentBitConfig(spec: ShapingSpec, options: FluentBitConfigOptions = {}): FluentBitConfig {
  const luaCode = luaSource(spec);
  if (luaCode.length > MAX_INLINE_LUA) {
    throw new ValidationError(
      'extraColumns',
      `[fluentbit.inlineLuaLength] the generated Lua filter is ${luaCode.length} characters, more than ${MAX_INLINE_LUA}; use fewer extra columns or source keys`,
    );
  }
  const multiline = options.multiline ?? 'none';
  const filtersConf = [
    '[FILTER]',
    '    Name                  multiline',
    '    Match                 *',
    '    multiline.key_content log',
    '    mode                  partial_message',
    `    flush_ms              ${MULTILINE_FLUSH_MS}`,
    '',
    ...(multiline === 'none'
      ? []
      : [
          '[FILTER]',
          '    Name                  multiline',
          '    Match                 *',
          '    multiline.key_content log',
          `    multiline.parser      ${multiline}`,
          `    flush_ms              ${MULTILINE_FLUSH_MS}`,
          '',
        ]),
    '[FILTER]',
    '    Name          lua',
    '    Match         *',
    `    call          ${LUA_FUNCTION}`,
    '    time_as_table On',
    `    code          ${luaCode}`,
    '',
  ].join('\n');
  const parsersConf = ['[PARSER]', `    Name   ${JSON_PARSER_NAME}`, '    Format json', ''].join('\n');
  assertSafeConfigText(filtersConf, 'fluentBit.filtersConf');
  assertSafeConfigText(parsersConf, 'fluentBit.parsersConf');
  // The init image passes a file containing "[PARSER]" or "[MULTILINE_PARSER]" with -R instead of @INCLUDE.
  if (/\[(MULTILINE_)?PARSER\]/.test(filtersConf)) {
    throw new Error('the filters file must not contain a [PARSER] section header');
  }
  return { filtersConf, parsersConf, luaCode };
}
