import { enginePath, LUAJIT } from '@aws-log-mcp/testing';
import { spawnSync } from 'node:child_process';

// The filter runs in the real interpreter (the LuaJIT release Fluent Bit bundles), not a
// re-implementation; only Fluent Bit's C side around it is emulated here, as its source does it.

/** A Lua expression for a JSON-like value; strings use decimal escapes so any byte survives. */
export function toLua(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
    return `"${[...bytes].map((b) => (/[A-Za-z0-9 _.:/-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`)).join('')}"`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(toLua).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `[${toLua(k)}] = ${toLua(v)}`)
    .join(', ')}}`;
}

/**
 * Fluent Bit's side of the filter's output, as in v4.2.2: `flb_lua_tomsgpack` packs a number as
 * int64 when `lua_tointeger(n) == n` (integral, within int64) and as a double otherwise, and
 * `flb_msgpack_to_json` (the Firehose output) writes int64 with `%lld` and doubles with `%.16g`.
 * Strings are written as JSON strings (control characters, quote and backslash escaped).
 */
const JSON_ENCODER = String.raw`
local function esc(s)
  return (string.gsub(s, '[%c"\\]', function(c) return string.format('\\u%04x', string.byte(c)) end))
end
local function number(v)
  if v == math.floor(v) and v >= -9223372036854775808 and v < 9223372036854775808 then return string.format('%d', v) end
  return string.format('%.16g', v)
end
local function encode(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    local s
    if type(v) == 'string' then s = '"' .. esc(v) .. '"'
    elseif type(v) == 'boolean' then s = tostring(v)
    else s = number(v) end
    parts[#parts + 1] = '"' .. esc(k) .. '":' .. s
  end
  return '{' .. table.concat(parts, ',') .. '}'
end
`;

export interface LuaRun {
  readonly code: number;
  readonly record: Record<string, unknown>;
  /** The JSON text Fluent Bit would hand to the Firehose output. */
  readonly json: string;
}

export interface ReceivedTime {
  readonly sec: number;
  readonly nsec: number;
}

/**
 * Calls the filter function as Fluent Bit's lua filter does with `time_as_table On`, once per
 * record in one LuaJIT process: with the tag, a {sec, nsec} timestamp and the record (as the
 * FireLens input delivers it: metadata and the raw `log` string). Returns each result.
 */
export function runLuaFilterBatch(
  luaCode: string,
  fn: string,
  records: readonly Record<string, unknown>[],
  time: ReceivedTime,
): LuaRun[] {
  const program = [
    luaCode,
    JSON_ENCODER,
    ...records.map(
      (r) =>
        `do local code, ts, out = ${fn}("app-firelens-0123", {sec = ${time.sec}, nsec = ${time.nsec}}, ${toLua(r)}) io.write(code, "\\t", encode(out), "\\n") end`,
    ),
  ].join('\n');
  const r = spawnSync(enginePath(LUAJIT), ['-'], { input: program, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`luajit failed: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== records.length) throw new Error(`luajit printed ${lines.length} results for ${records.length} records`);
  return lines.map((line) => {
    const tab = line.indexOf('\t');
    const json = line.slice(tab + 1);
    return { code: Number(line.slice(0, tab)), record: JSON.parse(json) as Record<string, unknown>, json };
  });
}

/** {@link runLuaFilterBatch} for one record. */
export function runLuaFilter(luaCode: string, fn: string, record: Record<string, unknown>, time: ReceivedTime): LuaRun {
  return runLuaFilterBatch(luaCode, fn, [record], time)[0];
}

/** Runs a Lua chunk in the engine and returns what it printed. */
export function runLua(chunk: string): string {
  const r = spawnSync(enginePath(LUAJIT), ['-'], { input: chunk, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`luajit failed: ${r.stderr}`);
  return r.stdout;
}
