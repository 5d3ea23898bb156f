import { benchmarkedQueries, loadScanBenchmark } from '../../src/cost/benchmark';
import { SAMPLE_BENCHMARK, writeBenchmark } from './support';

describe('scan benchmark result file', () => {
  test('per query: fraction of the table, ratio to unpartitioned, days of data read', () => {
    const [errors, trace] = benchmarkedQueries(loadScanBenchmark(writeBenchmark(SAMPLE_BENCHMARK)));
    expect(errors.fractionOfTable).toBeCloseTo(0.01, 12); // 3 MB of 300 MB
    expect(errors.ratioVsUnpartitioned).toBeCloseTo(3 / 310, 12);
    expect(errors.daysRead).toBeCloseTo(0.3, 12); // 1% of 30 days
    expect(trace.daysRead).toBeCloseTo(1.5, 12);
    expect(trace.windowHours).toBe(24);
  });

  test('an absent file says what produces it', () => {
    expect(() => loadScanBenchmark('/nonexistent/scan-benchmark.json')).toThrow(
      /--from-benchmark: \/nonexistent\/scan-benchmark.json does not exist; run the table-lifecycle scan benchmark first/,
    );
  });

  test.each([
    ['not JSON', '{"schemaVersion": 1,', /is not valid JSON/],
    ['another schema version', { ...SAMPLE_BENCHMARK, schemaVersion: 2 }, /scan-benchmark\.json\.schemaVersion/],
    ['no provenance', { ...SAMPLE_BENCHMARK, provenance: undefined }, /scan-benchmark\.json\.provenance/],
    [
      'a date that is not ISO-8601',
      { ...SAMPLE_BENCHMARK, provenance: { ...SAMPLE_BENCHMARK.provenance, generatedAt: 'yesterday' } },
      /provenance\.generatedAt/,
    ],
    [
      'bytes as a string',
      { ...SAMPLE_BENCHMARK, tableBytes: { partitioned: '300', unpartitioned: 1 } },
      /tableBytes\.partitioned/,
    ],
    ['an empty table', { ...SAMPLE_BENCHMARK, tableBytes: { partitioned: 0, unpartitioned: 1 } }, /tableBytes\.partitioned/],
    ['no queries', { ...SAMPLE_BENCHMARK, queries: [] }, /scan-benchmark\.json\.queries/],
    [
      'a duplicate query name',
      { ...SAMPLE_BENCHMARK, queries: [SAMPLE_BENCHMARK.queries[0], SAMPLE_BENCHMARK.queries[0]] },
      /query names must be unique/,
    ],
    [
      'negative bytes',
      { ...SAMPLE_BENCHMARK, queries: [{ ...SAMPLE_BENCHMARK.queries[0], partitioned: { bytesScanned: -1, filesScanned: 1 } }] },
      /queries\.0\.partitioned\.bytesScanned/,
    ],
  ])('rejects %s, naming the field', (_name, content, message) => {
    expect(() => loadScanBenchmark(writeBenchmark(content))).toThrow(message);
  });
});
