import { enginePath, LUAJIT } from '@aws-log-mcp/testing';
import { spawnSync } from 'node:child_process';

// LuaJIT is the Lua of Fluent Bit; the filter runs in the real interpreter, not a re-implementation.

/** A Lua expression for a JSON-like value; strings use decimal escapes so any byte survives. */
export function toLua(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') {
    return `"${[...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9 _.:/-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`)).join('')}"`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(toLua).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `[${toLua(k)}] = ${toLua(v)}`)
    .join(', ')}}`;
}

/** Encodes the filter's output table as JSON; `type_int_key` columns are written as integers, as Fluent Bit does. */
const JSON_ENCODER = `
local function esc(s)
  return (string.gsub(s, '[%c"\\\\]', function(c) return string.format('\\\\u%04x', string.byte(c)) end))
end
local function encode(t, ints)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    local s
    if type(v) == 'string' then s = '"' .. esc(v) .. '"'
    elseif type(v) == 'boolean' then s = tostring(v)
    elseif ints[k] then s = string.format('%d', v)
    else s = string.format('%.17g', v) end
    parts[#parts + 1] = '"' .. esc(k) .. '":' .. s
  end
  return '{' .. table.concat(parts, ',') .. '}'
end
`;

export interface LuaRun {
  readonly code: number;
  readonly record: Record<string, unknown>;
}

/**
 * Calls the filter function as Fluent Bit's lua filter does with `time_as_table On`: with the
 * tag, a {sec, nsec} timestamp and the record; returns the code and the record as JSON.
 */
export function runLuaFilter(
  luaCode: string,
  fn: string,
  record: Record<string, unknown>,
  time: { sec: number; nsec: number },
  integerKeys: readonly string[],
): LuaRun {
  const program = [
    luaCode,
    JSON_ENCODER,
    `local ints = {}`,
    ...integerKeys.map((k) => `ints[${toLua(k)}] = true`),
    `local code, ts, out = ${fn}("app-firelens-0123", {sec = ${time.sec}, nsec = ${time.nsec}}, ${toLua(record)})`,
    `io.write(code, "\\n", encode(out, ints))`,
  ].join('\n');
  const r = spawnSync(enginePath(LUAJIT), ['-'], { input: program, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`luajit failed: ${r.stderr}`);
  const [code, json] = r.stdout.split('\n');
  return { code: Number(code), record: JSON.parse(json) as Record<string, unknown> };
}

/**
 * What Fluent Bit's parser filter (Key_Name log, Reserve_Data On, Preserve_Key On) hands to
 * the next filter: the JSON object in `log` merged with the original keys, `log` kept.
 */
export function applyJsonParserFilter(record: Record<string, unknown>): Record<string, unknown> {
  if (typeof record.log !== 'string') return record;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.log);
  } catch {
    return record;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return record;
  return { ...(parsed as Record<string, unknown>), ...record };
}
