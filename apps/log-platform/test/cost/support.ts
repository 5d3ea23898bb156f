import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ScanBenchmark } from '../../src/cost/benchmark';
import { PriceBook, PriceFile, PRICE_IDS, PriceId } from '../../src/cost/price-book';
import { CostSettings } from '../../src/cost/settings';

/** Round-number prices for hand-computed cases (the real file changes when AWS does). */
export const TEST_USD: Record<PriceId, number | { upToGB: number | null; usd: number }[]> = {
  'firehose.iceberg.ingestion': [{ upToGB: 256000, usd: 0.075 }],
  's3tables.storage': [
    { upToGB: 51200, usd: 0.0265 },
    { upToGB: 512000, usd: 0.0253 },
    { upToGB: null, usd: 0.0242 },
  ],
  's3tables.requests.put': 0.005,
  's3tables.requests.get': 0.0004,
  's3tables.monitoring': 0.025,
  's3tables.compaction.objects': 0.002,
  's3tables.compaction.binpack': 0.005,
  's3tables.compaction.sort': 0.01,
  'athena.scan': 5,
  's3.standard.storage': 0.023,
  's3.standard.put': 0.005,
  'cloudwatch.logs.ingestion.standard': 0.5,
  'cloudwatch.logs.ingestion.infrequentAccess': 0.25,
  'cloudwatch.logs.storage': 0.03,
  'cloudwatch.logs.insights': 0.005,
  'cloudwatch.alarm.standard': 0.1,
};

/** A valid price file: `us-east-1` with {@link TEST_USD}, `eu-west-1` with `unpricedInEu` left null. */
export function testPriceFile(unpricedInEu: readonly PriceId[] = []): PriceFile {
  const entry = (id: PriceId, region: string) => {
    const base = { id, region, unit: 'USD per unit', read: '2026-11-30', source: 'https://aws.amazon.com/pricing/ (test)' };
    const v = TEST_USD[id];
    if (region === 'eu-west-1' && unpricedInEu.includes(id)) return { ...base, usd: null, unavailable: 'not found (test)' };
    const priced = typeof v === 'number' ? { usd: v } : { tiers: v };
    const extra =
      id === 'athena.scan'
        ? { minimumBytesPerQuery: 10 * 2 ** 20, roundUpToBytes: 2 ** 20 }
        : id === 'firehose.iceberg.ingestion'
          ? { billingIncrementBytes: null }
          : {};
    return { ...base, ...priced, ...extra, via: 'test' };
  };
  return {
    description: 'test prices',
    currency: 'USD',
    prices: ['us-east-1', 'eu-west-1'].flatMap((r) => PRICE_IDS.map((id) => entry(id, r))),
    factors: [
      { id: 'cloudwatch.logs.storageCompression', value: 0.15, unit: 'ratio', read: '2026-11-30', source: 'test', via: 'test' },
    ],
  } as PriceFile;
}

export function testPrices(unpricedInEu: readonly PriceId[] = []): PriceBook {
  return new PriceBook(testPriceFile(unpricedInEu), 'test-prices.json');
}

/** Settings as `readCostSettings` would return them, without synthesizing a stack. */
export function testSettings(overrides: Partial<CostSettings> = {}): CostSettings {
  return {
    env: 'dev',
    region: 'us-east-1',
    retentionDays: 10,
    retentionFrom: 'config',
    partitionSpec: [{ column: 'timestamp', transform: 'day' }],
    partitionSpecFrom: 'default',
    buffering: { intervalSeconds: 60, sizeMiB: 64 },
    maintenance: { compactionTargetFileSizeMiB: 512, snapshotMaxAgeHours: 120, unreferencedDays: 3, nonCurrentDays: 10 },
    athena: { bytesScannedCutoff: 2 ** 40, resultsExpirationDays: 7 },
    errorRetentionDays: 14,
    logRetentionDays: 14,
    footprint: {
      alarms: 2,
      alarmMetrics: 2,
      logGroups: [{ name: '/aws/kinesisfirehose/test', retentionDays: 14, firehoseErrors: true }],
    },
    ...overrides,
  };
}

/** A result as the scan benchmark writes it (README "Cost estimate", "Scan benchmark result file"). */
export const SAMPLE_BENCHMARK: ScanBenchmark = {
  schemaVersion: 1,
  provenance: {
    generatedAt: '2026-11-30T08:00:00Z',
    command: 'npm run bench:scan -w apps/log-platform',
    engine: 'Trino 477',
    commit: '0123456789abcdef0123456789abcdef01234567',
    machine: '2 cores, 24 GiB, shared',
    dataset: { rows: 3_000_000, days: 30 },
  },
  tableBytes: { partitioned: 300_000_000, unpartitioned: 310_000_000 },
  queries: [
    {
      name: 'errors-last-hour',
      windowHours: 1,
      partitioned: { bytesScanned: 3_000_000, filesScanned: 2 },
      unpartitioned: { bytesScanned: 310_000_000, filesScanned: 40 },
    },
    {
      name: 'request-trace',
      windowHours: 24,
      partitioned: { bytesScanned: 15_000_000, filesScanned: 4 },
      unpartitioned: { bytesScanned: 150_000_000, filesScanned: 40 },
    },
  ],
};

export function writeBenchmark(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-')), 'scan-benchmark.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
