import { LoggerPresetName, LogSchema, RowValue, shapeLogLine, shapingSpec } from '@aws-log-mcp/log-contract';
import { describeWithEngines, LUAJIT } from '@aws-log-mcp/testing';
import { LUA_FUNCTION, renderFluentBitConfig } from '../src/fluent-bit-config';
import { checkJsonLines, checkRecord, DOCKER_PARTIAL_BYTES } from '../src/record-checker';
import {
  at,
  CORPUS,
  CORPUS_METADATA as METADATA,
  CORPUS_SCHEMA as schema,
  CorpusLine,
  RECEIVED,
  RECEIVED_MICROS,
} from './corpus/log-lines';
import { runLua, runLuaFilterBatch } from './support/lua';

const spec = (preset: LoggerPresetName = 'default') => shapingSpec(schema, preset);
const expectedRow = (line: CorpusLine): Record<string, RowValue> => ({
  ...METADATA,
  log: line.log,
  timestamp: RECEIVED_MICROS,
  ...line.expect,
});
const byPreset = new Map<LoggerPresetName, CorpusLine[]>();
for (const line of CORPUS) byPreset.set(line.preset ?? 'default', [...(byPreset.get(line.preset ?? 'default') ?? []), line]);

describe('the corpus of log lines', () => {
  test('has at least 80 lines from at least 10 logging libraries and runtimes', () => {
    const libraries = new Set(CORPUS.map((l) => l.library).filter((l) => l !== 'any'));
    expect(CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(libraries.size).toBeGreaterThanOrEqual(10);
  });

  test.each(CORPUS.map((l, i) => [i, l.library, l] as const))(
    'line %i (%s): the contract shapes it into the expected row',
    (_i, _lib, line) => {
      const shaped = shapeLogLine(spec(line.preset), line.log, METADATA, RECEIVED_MICROS);
      expect(shaped.row).toEqual(expectedRow(line));
    },
  );
});

describeWithEngines('the corpus through the generated Lua filter in LuaJIT, then the record checker', [LUAJIT], () => {
  const results = new Map<CorpusLine, Record<string, unknown>>();
  beforeAll(() => {
    for (const [preset, lines] of byPreset) {
      const { luaCode } = renderFluentBitConfig(spec(preset));
      const out = runLuaFilterBatch(
        luaCode,
        LUA_FUNCTION,
        lines.map((l) => ({ ...METADATA, log: l.log })),
        RECEIVED,
      );
      lines.forEach((l, i) => {
        expect(out[i].code).toBe(2);
        results.set(l, out[i].record);
      });
    }
  });

  test('the harness LuaJIT formats numbers as Fluent Bit 4.2.2 does (Debian 2.1.0-beta3 prints 1.2345678901235e+14)', () => {
    expect(runLua('io.write(tostring(123456789012345), " ", jit.version)')).toBe('1.2345678901234e+14 LuaJIT 2.1.1765228720');
  });

  test.each(CORPUS.map((l, i) => [i, l.library, l] as const))(
    'line %i (%s): the router writes exactly the expected row',
    (_i, _lib, line) => {
      expect(results.get(line)).toEqual(expectedRow(line));
    },
  );

  test('the checker finds no error in the rows, except integers beyond 2^53 (refused) and a time before 2000', () => {
    for (const line of CORPUS) {
      const errors = checkRecord(results.get(line), schema, { shaping: spec(line.preset) }).filter((i) => i.severity === 'error');
      const expected = /"bytes":"?(9007199254740993|9223372036854775808|1e400)/.test(line.log)
        ? ['precision-refused:bytes']
        : line.log.includes('before the epoch')
          ? ['type-mismatch:timestamp']
          : [];
      expect([line.log.slice(0, 60), errors.map((e) => `${e.code}:${e.field}`)]).toEqual([line.log.slice(0, 60), expected]);
    }
  });
});

/** Splits `bytes` at Docker's 16 KiB boundary into FireLens partial records. */
function dockerParts(bytes: Buffer): Record<string, unknown>[] {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += DOCKER_PARTIAL_BYTES) parts.push(bytes.subarray(i, i + DOCKER_PARTIAL_BYTES));
  return parts.map((p, i) => ({
    ...METADATA,
    log: p,
    partial_message: 'true',
    partial_id: 'dc37eb08b4242c41757d4cd995d983d1',
    partial_ordinal: String(i + 1),
    partial_last: String(i === parts.length - 1),
  }));
}

/** A JSON error line of `size` bytes whose byte 16,384 falls `at` the given text. */
function splitLine(marker: string, size = 20_115): Buffer {
  const head = '{"timestamp":"2026-11-30T10:00:00.5Z","level":"error","message":"';
  const markerBytes = Buffer.byteLength(marker);
  const pad = 'p'.repeat(DOCKER_PARTIAL_BYTES - Buffer.byteLength(head) - 1);
  const tailStart = `${head}${pad}${marker}`;
  const close = '","stack":"';
  const end = '"}';
  const fill = 's'.repeat(size - Buffer.byteLength(tailStart) - close.length - end.length);
  expect(Buffer.byteLength(tailStart)).toBe(DOCKER_PARTIAL_BYTES - 1 + markerBytes);
  return Buffer.from(`${tailStart}${close}${fill}${end}`, 'utf8');
}

describeWithEngines('lines Docker split at 16 KiB', [LUAJIT], () => {
  const { luaCode } = renderFluentBitConfig(spec());
  test.each([
    ['inside a string', 'ab'],
    ['inside an escaped quote', '\\"'],
    ['inside a \\u escape', '\\u00e9'],
    ['inside a 3-byte character', '日'],
    ['inside a 4-byte character', '🎉'],
  ])('split %s: parts land as fragments the checker flags, the joined line as one correct row', (_where, marker) => {
    const line = splitLine(marker);
    expect(line.length).toBe(20_115);
    const parts = dockerParts(line);
    expect(parts).toHaveLength(2);
    // Each part on its own (what lands when the router does not join them): nothing lifted.
    const alone = runLuaFilterBatch(
      luaCode,
      LUA_FUNCTION,
      parts.map((p) => ({ ...METADATA, log: p.log })),
      RECEIVED,
    );
    for (const r of alone)
      expect(Object.keys(r.record).sort()).toEqual(['container_name', 'ecs_cluster', 'log', 'source', 'timestamp']);
    const fragmentCodes = alone.map((r) => checkRecord(r.record, schema).map((i) => i.code));
    expect(fragmentCodes[0].some((c) => c === 'unjoined-fragment' || c === 'possible-fragment')).toBe(true);
    expect(fragmentCodes[1]).toContain('possible-fragment');
    if (Buffer.from(marker).length === 1 || marker.startsWith('\\')) expect(fragmentCodes[0]).toContain('unjoined-fragment');
    // The parts as FireLens delivers them: the checker says the router joins them.
    const asDelivered = checkJsonLines(
      parts.map((p) => JSON.stringify({ ...p, log: (p.log as Buffer).toString('utf8') })).join('\n'),
      schema,
    );
    expect(asDelivered.issues.map((i) => i.code)).toEqual(['partial-message', 'partial-message']);
    // Joined as the multiline filter in partial_message mode does (concatenating the log bytes).
    const joined = { ...METADATA, log: Buffer.concat(parts.map((p) => p.log as Buffer)) };
    const [row] = runLuaFilterBatch(luaCode, LUA_FUNCTION, [joined], RECEIVED);
    const text = line.toString('utf8');
    const parsed = JSON.parse(text) as { message: string };
    expect(row.record).toEqual({
      ...METADATA,
      log: text,
      timestamp: at('2026-11-30T10:00:00.5Z'),
      level: 'ERROR',
      message: parsed.message,
    });
    expect(checkRecord(row.record, schema).filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('the reported inputs, checked', () => {
  test('a request id whose digits were lost on the way is an error, not a clean record', () => {
    const log = '{"timestamp":"2026-11-30T10:00:00Z","level":"INFO","message":"charged","request_id":123456789012345}';
    const corrupted = { log, timestamp: at(T0), level: 'INFO', message: 'charged', request_id: '1.2345678901235e+14' };
    const issues = checkRecord(corrupted, LogSchema.withExtraColumns());
    expect(issues.map((i) => `${i.severity}:${i.code}:${i.field}`)).toEqual(['error:value-mismatch:request_id']);
    expect(issues[0].message).toContain('"123456789012345"');
  });

  test('a line of another logger gets a hint naming its preset', () => {
    const log =
      '{"instant":{"epochSecond":1796032800,"nanoOfSecond":5000},"thread":"main","level":"INFO","message":"m","contextMap":{"requestId":"r-1"}}';
    const row = shapeLogLine(spec(), log).row;
    const hints = checkRecord(row, schema).filter((i) => i.code === 'preset-hint');
    expect(hints.map((h) => h.message)).toEqual([
      'looks like log4j2-json: set "loggerPreset": "log4j2-json" (it reads request_id as "r-1")',
    ]);
    expect(
      checkRecord(shapeLogLine(spec('log4j2-json'), log).row, schema, { shaping: spec('log4j2-json') }).filter(
        (i) => i.code === 'preset-hint',
      ),
    ).toEqual([]);
  });
});
const T0 = '2026-11-30T10:00:00Z';
