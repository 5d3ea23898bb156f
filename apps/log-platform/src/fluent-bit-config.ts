import { ValidationError } from '@aws-log-mcp/shared';
import { LogSchema, ROLE_COLUMNS } from '@aws-log-mcp/log-contract';

/** Name of the Fluent Bit parser the filter config references. */
export const JSON_PARSER_NAME = 'log_platform_json';
/** Lua function the filter calls for every record. */
export const LUA_FUNCTION = 'shape_record';
/**
 * Fluent Bit's classic config reads a value from one line; long lines are where parsing
 * breaks first, so the inline Lua is kept well below 4 KiB.
 */
export const MAX_INLINE_LUA = 3800;

export interface FluentBitConfig {
  /** `[FILTER]` sections: lift the JSON `log`, then shape the record to the table's columns. */
  readonly filtersConf: string;
  /** `[PARSER]` section of the JSON parser the first filter uses. */
  readonly parsersConf: string;
  /** The Lua filter as one line, exactly as it appears in `filtersConf` (`code` property). */
  readonly luaCode: string;
  /** Columns written as integers (`type_int_key`): timestamps in microseconds, long and int columns. */
  readonly integerColumns: readonly string[];
}

function luaString(s: string): string {
  // Names are validated to [A-Za-z0-9_@-], so only the quote itself could need escaping.
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The Lua body. No comments and no `#`, `${` or `%{`: it is joined into one config line, and
 * Fluent Bit expands `${...}` (environment) and Terraform `${...}`/`%{...}` in file content.
 */
function luaSource(schema: LogSchema): string {
  const columns = schema.columns.map((c) => `{${luaString(c.name)},${luaString(c.type)},${luaString(c.sourceKey ?? c.name)}}`);
  const lines = [
    `local COLUMNS = {${columns.join(',')}}`,
    `local NCOLUMNS = ${schema.columns.length}`,
    `local TS = ${luaString(ROLE_COLUMNS.timestamp)}`,
    'local function days_from_civil(y, m, d)',
    '  if m <= 2 then y = y - 1 end',
    '  local era = math.floor(y / 400)',
    '  local yoe = y - era * 400',
    '  local mp = (m + 9) % 12',
    '  local doy = math.floor((153 * mp + 2) / 5) + d - 1',
    '  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy',
    '  return era * 146097 + doe - 719468',
    'end',
    'local function iso_to_micros(s)',
    '  local y, mo, d, h, mi, sec, rest = string.match(s, "^(%d%d%d%d)%-(%d%d)%-(%d%d)[Tt ](%d%d):(%d%d):(%d%d)(.*)$")',
    '  if not y then return nil end',
    '  local frac = 0',
    '  local f = string.match(rest, "^[.,](%d+)")',
    '  if f then',
    '    frac = tonumber(string.sub(f .. "000000", 1, 6))',
    '    rest = string.sub(rest, string.len(f) + 2)',
    '  end',
    '  local offset = 0',
    '  if rest ~= "" and rest ~= "Z" and rest ~= "z" then',
    '    local sign, oh, om = string.match(rest, "^([+%-])(%d%d):?(%d%d)$")',
    '    if not sign then return nil end',
    '    offset = (tonumber(oh) * 60 + tonumber(om)) * 60',
    '    if sign == "-" then offset = -offset end',
    '  end',
    '  y, mo, d, h, mi, sec = tonumber(y), tonumber(mo), tonumber(d), tonumber(h), tonumber(mi), tonumber(sec)',
    '  if mo < 1 or mo > 12 or d < 1 or d > 31 or h > 23 or mi > 59 or sec > 60 then return nil end',
    '  return (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset) * 1000000 + frac',
    'end',
    'local function number_to_micros(n)',
    '  local a = math.abs(n)',
    '  if a < 1e11 then return math.floor(n * 1000000) end',
    '  if a < 1e14 then return math.floor(n * 1000) end',
    '  if a < 1e17 then return math.floor(n) end',
    '  return math.floor(n / 1000)',
    'end',
    'local function coerce(kind, v)',
    '  local t = type(v)',
    '  if kind == "string" then',
    '    if t == "string" then return v end',
    '    if t == "number" or t == "boolean" then return tostring(v) end',
    '    return nil',
    '  end',
    '  if kind == "timestamp" then',
    '    if t == "number" then return number_to_micros(v) end',
    '    if t ~= "string" then return nil end',
    '    local n = tonumber(v)',
    '    if n then return number_to_micros(n) end',
    '    return iso_to_micros(v)',
    '  end',
    '  if kind == "long" or kind == "int" then',
    '    local n = v',
    '    if t == "string" then n = tonumber(v) end',
    '    if type(n) ~= "number" or n ~= math.floor(n) then return nil end',
    '    if kind == "int" and (n < -2147483648 or n > 2147483647) then return nil end',
    '    return n',
    '  end',
    '  if kind == "double" then',
    '    if t == "number" then return v end',
    '    if t == "string" then return tonumber(v) end',
    '    return nil',
    '  end',
    '  if kind == "boolean" then',
    '    if t == "boolean" then return v end',
    '    if v == "true" then return true end',
    '    if v == "false" then return false end',
    '  end',
    '  return nil',
    'end',
    `function ${LUA_FUNCTION}(tag, ts, record)`,
    '  local out = {}',
    '  for i = 1, NCOLUMNS do',
    '    local c = COLUMNS[i]',
    '    local v = record[c[3]]',
    '    if v ~= nil then out[c[1]] = coerce(c[2], v) end',
    '  end',
    '  if out[TS] == nil then out[TS] = ts.sec * 1000000 + math.floor(ts.nsec / 1000) end',
    '  return 2, ts, out',
    'end',
  ];
  return lines.map((l) => l.trim()).join(' ');
}

/** Guards text that ends up in Terraform strings and Fluent Bit config. */
function assertNoTemplateSequences(text: string, field: string): void {
  if (/\$\{|%\{/.test(text)) {
    throw new ValidationError(
      field,
      '[fluentbit.noTemplates] generated config must not contain "${" or "%{" (Terraform and Fluent Bit expand them)',
    );
  }
}

/**
 * Renders the Fluent Bit configuration for the FireLens log router from the schema contract.
 *
 * 1. The `parser` filter parses the JSON `log` and lifts its top-level keys while keeping the
 *    raw `log` (`Preserve_Key`) and the FireLens metadata (`Reserve_Data`); a non-JSON line
 *    passes through unchanged.
 * 2. The `lua` filter keeps only the table's columns (so nothing is dropped silently later),
 *    coerces each value to its column type, and converts the timestamp to the epoch
 *    microseconds Firehose needs for Iceberg timestamps (ISO-8601 with any offset, or epoch
 *    seconds/ms/µs/ns); without a usable timestamp it uses the time Fluent Bit received the line.
 */
export function renderFluentBitConfig(schema: LogSchema): FluentBitConfig {
  const luaCode = luaSource(schema);
  if (luaCode.length > MAX_INLINE_LUA) {
    throw new ValidationError(
      'extraColumns',
      `[fluentbit.inlineLuaLength] the generated Lua filter is ${luaCode.length} characters; Fluent Bit's classic config needs it on one line of at most ${MAX_INLINE_LUA}, use fewer extra columns`,
    );
  }
  const integerColumns = schema.columns
    .filter((c) => c.type === 'timestamp' || c.type === 'long' || c.type === 'int')
    .map((c) => c.name);
  const filtersConf = [
    '[FILTER]',
    '    Name         parser',
    '    Match        *',
    '    Key_Name     log',
    `    Parser       ${JSON_PARSER_NAME}`,
    '    Reserve_Data On',
    '    Preserve_Key On',
    '',
    '[FILTER]',
    '    Name          lua',
    '    Match         *',
    `    call          ${LUA_FUNCTION}`,
    '    time_as_table On',
    `    type_int_key  ${integerColumns.join(' ')}`,
    `    code          ${luaCode}`,
    '',
  ].join('\n');
  const parsersConf = ['[PARSER]', `    Name   ${JSON_PARSER_NAME}`, '    Format json', ''].join('\n');
  assertNoTemplateSequences(filtersConf, 'fluentBit.filtersConf');
  assertNoTemplateSequences(parsersConf, 'fluentBit.parsersConf');
  return { filtersConf, parsersConf, luaCode, integerColumns };
}
