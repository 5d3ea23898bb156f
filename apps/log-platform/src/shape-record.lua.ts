// The Fluent Bit Lua filter's program, written as Lua. `fluent-bit-config.ts` prepends the
// spec tables (COLS, NCOLS, NAMES, NUMERIC, IMPLIED, ...) generated from the log contract,
// drops the full-line `--` comments and joins the lines into the one-line `code` value.
// Rules (enforced by the generator): no trailing comments, no `#` (the length operator), no
// `${` or `%{`. The semantics are the log contract's `shapeLogLine`; the corpus tests run both.

export const SHAPE_RECORD_LUA = String.raw`
local byte, sub, find, match, len, char, floor = string.byte, string.sub, string.find, string.match, string.len, string.char, math.floor
local ESC = { ["\""] = "\"", ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }
local function skip(s, p)
  local _, e = find(s, "^[ \t\n\r]*", p)
  return e + 1
end
local function utf8(cp)
  if cp < 128 then return char(cp) end
  if cp < 2048 then return char(192 + floor(cp / 64), 128 + cp % 64) end
  if cp < 65536 then return char(224 + floor(cp / 4096), 128 + floor(cp / 64) % 64, 128 + cp % 64) end
  return char(240 + floor(cp / 262144), 128 + floor(cp / 4096) % 64, 128 + floor(cp / 64) % 64, 128 + cp % 64)
end
-- A JSON string starting at p (the quote): its value and the position after it.
local function read_string(s, p)
  local out, n, i = {}, 0, p + 1
  while true do
    local q = find(s, "[\"\\%z\1-\31]", i)
    if not q then return nil end
    local c = byte(s, q)
    if c < 32 then return nil end
    n = n + 1
    out[n] = sub(s, i, q - 1)
    if c == 34 then return table.concat(out), q + 1 end
    local e = sub(s, q + 1, q + 1)
    if e == "u" then
      local h = sub(s, q + 2, q + 5)
      if not find(h, "^%x%x%x%x$") then return nil end
      local cp, nexti = tonumber(h, 16), q + 6
      if cp >= 55296 and cp <= 56319 then
        local h2 = sub(s, q + 8, q + 11)
        local lo = sub(s, q + 6, q + 7) == "\\u" and find(h2, "^%x%x%x%x$") and tonumber(h2, 16)
        if lo and lo >= 56320 and lo <= 57343 then
          cp, nexti = 65536 + (cp - 55296) * 1024 + (lo - 56320), q + 12
        else
          cp = 65533
        end
      elseif cp >= 56320 and cp <= 57343 then
        cp = 65533
      end
      n = n + 1
      out[n] = utf8(cp)
      i = nexti
    else
      local r = ESC[e]
      if not r then return nil end
      n = n + 1
      out[n] = r
      i = q + 2
    end
  end
end
-- A JSON number's text starting at p, and the position after it.
local function read_number(s, p)
  local _, e = find(s, "^%-?%d+", p)
  if not e or find(s, "^%-?0%d", p) then return nil end
  local _, f = find(s, "^%.%d+", e + 1)
  if f then e = f end
  local _, x = find(s, "^[eE][%+%-]?%d+", e + 1)
  if x then e = x end
  return sub(s, p, e), e + 1
end
local function is_number(t)
  local x, q = read_number(t, 1)
  return x ~= nil and q == len(t) + 1
end
-- Nodes: k = "o" (e: key -> node), "a", "s" (v: value), "n" (v: text), "b", "z" (null); i..j: the JSON text.
local function decode(s, p, depth)
  local c = byte(s, p)
  if c == 123 or c == 91 then
    if depth >= MAX_DEPTH then return nil end
    local start, e, n = p, {}, 0
    local close = c == 123 and 125 or 93
    p = skip(s, p + 1)
    if byte(s, p) == close then return { k = c == 123 and "o" or "a", e = e, i = start, j = p }, p + 1 end
    while true do
      local key
      if c == 123 then
        if byte(s, p) ~= 34 then return nil end
        key, p = read_string(s, p)
        if not key then return nil end
        p = skip(s, p)
        if byte(s, p) ~= 58 then return nil end
        p = skip(s, p + 1)
      end
      local v
      v, p = decode(s, p, depth + 1)
      if not v then return nil end
      if c == 123 then
        e[key] = v
      else
        n = n + 1
        e[n] = v
      end
      p = skip(s, p)
      local d = byte(s, p)
      if d == close then return { k = c == 123 and "o" or "a", e = e, i = start, j = p }, p + 1 end
      if d ~= 44 then return nil end
      p = skip(s, p + 1)
    end
  elseif c == 34 then
    local v, q = read_string(s, p)
    if not v then return nil end
    return { k = "s", v = v, i = p, j = q - 1 }, q
  elseif c == 116 and sub(s, p, p + 3) == "true" then
    return { k = "b", v = true, i = p, j = p + 3 }, p + 4
  elseif c == 102 and sub(s, p, p + 4) == "false" then
    return { k = "b", v = false, i = p, j = p + 4 }, p + 5
  elseif c == 110 and sub(s, p, p + 3) == "null" then
    return { k = "z", i = p, j = p + 3 }, p + 4
  end
  local t, q = read_number(s, p)
  if not t then return nil end
  return { k = "n", v = t, i = p, j = q - 1 }, q
end
local function parse_object(s)
  local p = skip(s, 1)
  if byte(s, p) ~= 123 then return nil end
  local v, q = decode(s, p, 0)
  if not v or skip(s, q) <= len(s) then return nil end
  return v
end
-- The literal key first, then a.b as key b of the object under a.
local function lookup(o, path)
  if o.k ~= "o" then return nil end
  local v = o.e[path]
  if v then return v end
  local dot = find(path, ".", 1, true)
  if not dot then return nil end
  local head = o.e[sub(path, 1, dot - 1)]
  if not head then return nil end
  return lookup(head, sub(path, dot + 1))
end
-- A number's text as exact decimal digits: negative, significant digits, point position.
local function decimal(t)
  local neg, ip, rest = match(t, "^(%-?)(%d+)(.*)$")
  local fp = match(rest, "^%.(%d+)") or ""
  local ex = match(rest, "[eE]([%+%-]?%d+)$")
  local digits = ip .. fp
  local point = len(ip) + (ex and tonumber(ex) or 0)
  local lead = len(match(digits, "^0*"))
  digits = sub(digits, lead + 1)
  point = point - lead
  digits = string.gsub(digits, "0+$", "")
  return neg == "-" and digits ~= "", digits, point
end
-- The integer part of the decimal times 10^shift, toward negative infinity; nil beyond 2^53.
local function scaled(neg, digits, point, shift)
  if digits == "" then return 0, true end
  point = point + shift
  if point > 16 then return nil end
  local int, exact = "0", point >= len(digits)
  if point > 0 then int = sub(digits, 1, point) .. string.rep("0", point - len(digits)) end
  if point == 16 and int > MAX_EXACT_DIGITS then return nil end
  local v = tonumber(int)
  if neg then
    if exact then v = -v else v = -v - 1 end
  end
  if v < -MAX_EXACT then return nil end
  return v, exact
end
local function scaled_text(t, shift)
  local neg, d, p = decimal(t)
  return (scaled(neg, d, p, shift))
end
local function numtext(n)
  if n.k == "n" then return n.v end
  if n.k == "s" and is_number(n.v) then return n.v end
  return nil
end
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end
local function iso_to_micros(s)
  local y, mo, d, h, mi, sec, rest = match(s, "^(%d%d%d%d)%-(%d%d)%-(%d%d)[Tt ](%d%d):(%d%d):(%d%d)(.*)$")
  if not y then return nil end
  local frac = 0
  local f = match(rest, "^[.,](%d+)")
  if f then
    frac = tonumber(sub(f .. "000000", 1, 6))
    rest = sub(rest, len(f) + 2)
  end
  local offset = 0
  if rest ~= "" and rest ~= "Z" and rest ~= "z" then
    local sign, oh, om = match(rest, "^([%+%-])(%d%d):?(%d%d)$")
    if not sign then return nil end
    offset = (tonumber(oh) * 60 + tonumber(om)) * 60
    if sign == "-" then offset = -offset end
  end
  y, mo, d, h, mi, sec = tonumber(y), tonumber(mo), tonumber(d), tonumber(h), tonumber(mi), tonumber(sec)
  if mo < 1 or mo > 12 or d < 1 or d > 31 or h > 23 or mi > 59 or sec > 60 then return nil end
  return (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset) * 1000000 + frac
end
local SHIFT = { ["epoch-seconds"] = 6, ["epoch-millis"] = 3, ["epoch-micros"] = 0, ["epoch-nanos"] = -3 }
local function to_micros(n, conv)
  if n.k == "o" then
    local a, b = n.e.epochSecond, n.e.nanoOfSecond
    if a and b and a.k == "n" and b.k == "n" then
      local x, y = scaled_text(a.v, 6), scaled_text(b.v, -3)
      if x and y then return x + y end
    end
    return nil
  end
  local t = numtext(n)
  if t then
    if conv == "iso8601" then return nil end
    local neg, d, p = decimal(t)
    local sh = SHIFT[conv]
    if not sh then
      if p <= 11 then sh = 6 elseif p <= 14 then sh = 3 elseif p <= 17 then sh = 0 else sh = -3 end
    end
    return (scaled(neg, d, p, sh))
  end
  if n.k == "s" then
    local m = iso_to_micros(n.v)
    if m and m <= MAX_EXACT and m >= -MAX_EXACT then return m end
  end
  return nil
end
-- Strings as they are; any other JSON value as its text in the line.
local function text(n, s)
  if n.k == "s" then return n.v end
  return sub(s, n.i, n.j)
end
local function convert(conv, n, s)
  if conv == "text" then return text(n, s) end
  if conv == "level" then
    if n.k == "n" then return NUMERIC[n.v] or n.v end
    if n.k == "s" then return NUMERIC[n.v] or NAMES[string.lower(n.v)] or n.v end
    return text(n, s)
  end
  if conv == "long" or conv == "int" then
    local t = numtext(n)
    if not t then return nil end
    local neg, d, p = decimal(t)
    local v, exact = scaled(neg, d, p, 0)
    if not v or not exact then return nil end
    if conv == "int" and (v < -2147483648 or v > 2147483647) then return nil end
    return v
  end
  if conv == "double" then
    local t = numtext(n)
    if not t then return nil end
    local v = tonumber(t)
    if v ~= v or v == math.huge or v == -math.huge then return nil end
    return v
  end
  if conv == "boolean" then
    if n.k == "b" then return n.v end
    if n.k == "s" and n.v == "true" then return true end
    if n.k == "s" and n.v == "false" then return false end
    return nil
  end
  return to_micros(n, conv)
end
local function shape(record, out)
  local raw = record.log
  local app = nil
  if type(raw) == "string" then app = parse_object(raw) end
  for i = 1, NCOLS do
    local c = COLS[i]
    local name, source = c[1], c[2]
    if source == "firelens" then
      if type(record[name]) == "string" then out[name] = record[name] end
    elseif source == "raw" then
      if type(raw) == "string" then out[name] = raw end
    elseif app then
      for k = 1, c[5] do
        local n = lookup(app, c[4][k])
        if n and n.k ~= "z" then
          local v = convert(c[3], n, raw)
          if v ~= nil then
            out[name] = v
            break
          end
        end
      end
    end
  end
  if app and LEVEL and out[LEVEL] == nil then
    for k = 1, NIMPLIED do
      if app.e[IMPLIED[k]] then
        out[LEVEL] = IMPLIED_LEVEL
        break
      end
    end
  end
end
function shape_record(tag, ts, record)
  local out = {}
  if not pcall(shape, record, out) then
    out = {}
    for i = 1, NCOLS do
      local c = COLS[i]
      if c[2] ~= "lifted" and type(record[c[1]]) == "string" then out[c[1]] = record[c[1]] end
    end
  end
  if out[TS] == nil then out[TS] = ts.sec * 1000000 + floor(ts.nsec / 1000) end
  return 2, ts, out
end
`;
