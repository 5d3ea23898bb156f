import {
  athenaBilledBytes,
  breakEven,
  CostInputs,
  CostOption,
  estimate,
  firehoseBilledBytes,
  flushesPerDay,
  lingerDays,
  scannedDaysForWindow,
  tieredCost,
} from '../../src/cost/model';
import { Price } from '../../src/cost/price-book';
import { testPrices, testSettings } from './support';

// Hand arithmetic below uses these literal units, not the model's constants.
const GiB = 1073741824;
const MiB = 1048576;
const TiB = 1099511627776;
const MONTH = 730 / 24; // days

const INPUTS: CostInputs = {
  gbPerDay: 10,
  avgRecordBytes: 1024,
  queriesPerDay: 100,
  queryWindowHours: 1,
  storedRatio: 0.2,
  errorFraction: 0.001,
  athenaScan: { kind: 'window' },
};

function lineOf(option: CostOption, id: string) {
  const l = option.lines.find((x) => x.id === id);
  if (!l) throw new Error(`no line ${id} in ${option.id}`);
  return l;
}

function run(inputs: Partial<CostInputs> = {}, settings = testSettings(), region = 'us-east-1', prices = testPrices()) {
  const e = estimate({ ...INPUTS, ...inputs }, settings, prices, region);
  const [platform, standard, ia] = e.options;
  return { e, platform, standard, ia };
}

describe('billing rules', () => {
  const fiveKb = 5 * 1024;

  test('Firehose Direct PUT rounds every record up to 5 KB (3 KB bills 5 KB, 12 KB bills 15 KB)', () => {
    // 1,000 records of 3 KB: 3,072,000 bytes sent, 1,000 x 5,120 = 5,120,000 billed.
    expect(firehoseBilledBytes(1000 * 3072, 3072, fiveKb)).toBe(5_120_000);
    // 100 records of 12 KB: 100 x 15,360 = 1,536,000 billed.
    expect(firehoseBilledBytes(100 * 12288, 12288, fiveKb)).toBe(1_536_000);
    // A record of exactly 5 KB is not rounded further; 5 KB + 1 byte bills 10 KB.
    expect(firehoseBilledBytes(10 * 5120, 5120, fiveKb)).toBe(51_200);
    expect(firehoseBilledBytes(5121, 5121, fiveKb)).toBe(10_240);
  });

  test('Firehose to Iceberg bills the bytes as sent (no 5 KB increments)', () => {
    expect(firehoseBilledBytes(1000 * 3072, 3072, null)).toBe(3_072_000);
    expect(firehoseBilledBytes(123, 1, undefined)).toBe(123);
  });

  test('Athena bills whole megabytes with a 10 MB minimum per query', () => {
    const rule = { minimumBytesPerQuery: 10 * MiB, roundUpToBytes: MiB };
    expect(athenaBilledBytes(0, rule)).toBe(10 * MiB);
    expect(athenaBilledBytes(1, rule)).toBe(10 * MiB);
    expect(athenaBilledBytes(10 * MiB, rule)).toBe(10 * MiB);
    expect(athenaBilledBytes(10 * MiB + 1, rule)).toBe(11 * MiB);
    expect(athenaBilledBytes(25.5 * MiB, rule)).toBe(26 * MiB);
  });

  test('tiered prices are marginal; past the last bounded tier is refused', () => {
    const storage = testPrices().price('s3tables.storage', 'us-east-1');
    // 60 TB: 51,200 GB at $0.0265 + 10,240 GB at $0.0253.
    expect(tieredCost(61440, storage)).toBeCloseTo(51200 * 0.0265 + 10240 * 0.0253, 9);
    // 600 TB reaches the open third tier.
    expect(tieredCost(614400, storage)).toBeCloseTo(51200 * 0.0265 + 460800 * 0.0253 + 102400 * 0.0242, 6);
    const firehose = testPrices().price('firehose.iceberg.ingestion', 'us-east-1');
    expect(tieredCost(256000, firehose)).toBeCloseTo(19200, 9);
    expect(() => tieredCost(256001, firehose)).toThrow(/exceeds the last tier in the price file \(256000\)/);
    const unpriced: Price = { ...firehose, tiers: undefined };
    expect(tieredCost(5, unpriced)).toBeNull();
    expect(tieredCost(0, unpriced)).toBe(0);
  });

  test('flushes follow whichever buffering hint fills first', () => {
    expect(flushesPerDay(10 * GiB, { intervalSeconds: 60, sizeMiB: 64 })).toBe(1440);
    expect(flushesPerDay(1000 * GiB, { intervalSeconds: 60, sizeMiB: 64 })).toBe(16000);
    expect(flushesPerDay(GiB, { intervalSeconds: 0, sizeMiB: 1 })).toBe(86400);
  });

  test('files leave storage after snapshot expiry + unreferenced + noncurrent days', () => {
    expect(
      lingerDays({ compactionTargetFileSizeMiB: 512, snapshotMaxAgeHours: 120, unreferencedDays: 3, nonCurrentDays: 10 }),
    ).toBe(18);
  });

  test('a query reads the whole partitions its window touches', () => {
    expect(scannedDaysForWindow(1, 24, 30)).toBeCloseTo(13 / 24, 12); // last hour in day partitions
    expect(scannedDaysForWindow(24, 24, 30)).toBeCloseTo(36 / 24, 12);
    expect(scannedDaysForWindow(1, 1, 30)).toBeCloseTo(1.5 / 24, 12); // hour partitions
    expect(scannedDaysForWindow(1, undefined, 30.5)).toBe(30.5); // unpartitioned: the whole table
    expect(scannedDaysForWindow(24 * 90, 24, 30.5)).toBe(30.5);
  });
});

describe('estimate: every line of a hand-computed case (10 GB/day, 10 days, day(timestamp))', () => {
  const { e, platform, standard, ia } = run();

  test('Firehose ingestion: 10 GB/day for a 730-hour month at $0.075', () => {
    const l = lineOf(platform, 'firehose-ingestion');
    expect(l.quantity).toBeCloseTo(10 * MONTH, 9);
    expect(l.usd).toBeCloseTo(10 * MONTH * 0.075, 9); // $22.8125
  });

  test('S3 Tables storage: live retention + compaction lag + superseded and expired files for 18 days', () => {
    // stored 2 GB/day; (10 + 0.5) live days + 18 days of superseded small files + 18 days of expired rows
    const l = lineOf(platform, 's3tables-storage');
    expect(l.quantity).toBeCloseTo(2 * 10.5 + 2 * 18 + 2 * 18, 9);
    expect(l.usd).toBeCloseTo(93 * 0.0265, 9);
  });

  test('requests: PUTs per flush, GETs per commit, compaction and query', () => {
    // 1,440 flushes/day: 1 data file + 3 metadata objects each; 20 GB live / 10 day partitions = 2 GB
    // each = 4 files of 512 MB, so 4 compacted files a day.
    const puts = lineOf(platform, 's3tables-put');
    expect(puts.quantity).toBeCloseTo(((1440 * 4 + 4) * MONTH) / 1000, 9);
    expect(puts.usd).toBeCloseTo(((5764 * MONTH) / 1000) * 0.005, 9);
    // GETs: 3 per commit, 1 per file compacted, and per query ceil(1.0833 GB / 512 MB) = 3 files + 3 metadata.
    const gets = lineOf(platform, 's3tables-get');
    expect(gets.quantity).toBeCloseTo(((1440 * 3 + 1440 + 100 * 6) * MONTH) / 1000, 9);
    expect(gets.usd).toBeCloseTo(((6360 * MONTH) / 1000) * 0.0004, 9);
  });

  test('monitoring: steady-state object count', () => {
    // 40 compacted files + 720 awaiting compaction (half a day) + 1,440 x 3 metadata x 5 days of
    // snapshots + (1,440 data + 4,320 metadata + 4 compacted) x 18 days awaiting removal
    const l = lineOf(platform, 's3tables-monitoring');
    expect(l.quantity).toBeCloseTo((40 + 720 + 21600 + 5764 * 18) / 1000, 9);
    expect(l.usd).toBeCloseTo(126.112 * 0.025, 9);
  });

  test('compaction: every Firehose file and stored byte once (binpack)', () => {
    expect(lineOf(platform, 'compaction-objects').usd).toBeCloseTo(((1440 * MONTH) / 1000) * 0.002, 9);
    expect(lineOf(platform, 'compaction-bytes').quantity).toBeCloseTo(2 * MONTH, 9);
    expect(lineOf(platform, 'compaction-bytes').usd).toBeCloseTo(2 * MONTH * 0.005, 9);
  });

  test('Athena: the last hour reads 13/24 of a day partition, rounded up to whole MB', () => {
    // 13/24 x 2 GB = 1,109.33 MB -> 1,110 MB billed per query
    const l = lineOf(platform, 'athena-scans');
    expect(l.quantity).toBeCloseTo((100 * MONTH * 1110 * MiB) / TiB, 9);
    expect(l.usd).toBeCloseTo(((100 * MONTH * 1110 * MiB) / TiB) * 5, 9);
  });

  test('error bucket, results bucket, their PUTs and the stack’s own CloudWatch', () => {
    // 0.1% of 10 GB kept 14 days; 100 results of 1 MB kept 7 days
    expect(lineOf(platform, 'error-bucket-storage').quantity).toBeCloseTo(0.01 * 14, 12);
    expect(lineOf(platform, 'error-bucket-storage').usd).toBeCloseTo(0.14 * 0.023, 12);
    expect(lineOf(platform, 'athena-results-storage').quantity).toBeCloseTo((100 * 7) / 1024, 12);
    // failed records/day = 10 GB / 1 KB x 0.001 = 10,485.76, more than the 1,440 flushes: one error object per flush
    expect(lineOf(platform, 's3-put').quantity).toBeCloseTo(((1440 + 100) * MONTH) / 1000, 9);
    // 10,485.76 failed records x 1 KB logged = 0.01 GB/day; archived at 15% for 14 days
    expect(lineOf(platform, 'stack-log-ingestion').usd).toBeCloseTo(0.01 * MONTH * 0.5, 9);
    expect(lineOf(platform, 'stack-log-storage').quantity).toBeCloseTo(0.01 * 0.15 * 14, 12);
    expect(lineOf(platform, 'stack-alarms').usd).toBeCloseTo(2 * 0.1, 12);
  });

  test('the platform total is the sum of its lines', () => {
    const sum = platform.lines.reduce((s, l) => s + (l.usd as number), 0);
    expect(platform.totalUsd).toBeCloseTo(sum, 9);
    expect(platform.unpriced).toEqual([]);
    expect(e.warnings).toEqual([]);
  });

  test('CloudWatch Logs Standard: ingestion, 15% archived for the retention, Insights over the window', () => {
    expect(lineOf(standard, 'ingestion').usd).toBeCloseTo(10 * MONTH * 0.5, 9);
    expect(lineOf(standard, 'storage').quantity).toBeCloseTo(10 * 0.15 * 10, 9);
    expect(lineOf(standard, 'storage').usd).toBeCloseTo(15 * 0.03, 9);
    // each query scans the last hour: 10/24 GB of raw logs
    expect(lineOf(standard, 'insights').quantity).toBeCloseTo(100 * MONTH * (10 / 24), 9);
    expect(standard.totalUsd).toBeCloseTo(10 * MONTH * 0.5 + 0.45 + 100 * MONTH * (10 / 24) * 0.005, 9);
  });

  test('CloudWatch Logs Infrequent Access differs only in the ingestion price', () => {
    expect(lineOf(ia, 'ingestion').usd).toBeCloseTo(10 * MONTH * 0.25, 9);
    expect((standard.totalUsd as number) - (ia.totalUsd as number)).toBeCloseTo(10 * MONTH * 0.25, 9);
  });
});

describe('estimate: minimums, proration, cutoffs and query sources', () => {
  test('tiny volumes pay Athena’s 10 MB minimum per query', () => {
    // 0.001 GB/day: a query reads 13/24 x 0.0002 GB = 0.11 MB, billed as 10 MB
    const l = lineOf(run({ gbPerDay: 0.001 }).platform, 'athena-scans');
    expect(l.quantity).toBeCloseTo((100 * MONTH * 10 * MiB) / TiB, 12);
  });

  test('storage is prorated over the retention, on both sides', () => {
    const at = (retentionDays: number) => run({}, testSettings({ retentionDays }));
    const a = at(7);
    const b = at(30);
    expect(lineOf(a.platform, 's3tables-storage').quantity).toBeCloseTo(2 * (7 + 0.5) + 2 * 36, 9);
    expect(lineOf(b.platform, 's3tables-storage').quantity).toBeCloseTo(2 * (30 + 0.5) + 2 * 36, 9);
    expect(lineOf(a.standard, 'storage').quantity).toBeCloseTo(10 * 0.15 * 7, 9);
    expect(lineOf(b.standard, 'storage').quantity).toBeCloseTo(10 * 0.15 * 30, 9);
  });

  test('queries beyond the workgroup cutoff are billed up to the cutoff, with a warning', () => {
    const settings = testSettings({ athena: { bytesScannedCutoff: GiB, resultsExpirationDays: 7 } });
    const { platform, e } = run({}, settings);
    expect(lineOf(platform, 'athena-scans').quantity).toBeCloseTo((100 * MONTH * 1024 * MiB) / TiB, 9);
    expect(e.warnings.join('\n')).toMatch(/more than the workgroup cutoff \(athena.bytesScannedCutoff = 1 GB\)/);
  });

  test('an unpartitioned table reads the whole table for every query', () => {
    const { platform } = run({}, testSettings({ partitionSpec: [] }));
    // 10.5 days x 2 GB = 21 GB = 21,504 MB per query
    expect(lineOf(platform, 'athena-scans').quantity).toBeCloseTo((100 * MONTH * 21504 * MiB) / TiB, 9);
  });

  test('bucket[4] partitioning writes four files a flush', () => {
    const { platform } = run(
      {},
      testSettings({
        partitionSpec: [
          { column: 'level', transform: 'bucket', buckets: 4 },
          { column: 'timestamp', transform: 'day' },
        ],
      }),
    );
    expect(lineOf(platform, 'compaction-objects').quantity).toBeCloseTo((1440 * 4 * MONTH) / 1000, 9);
  });

  test('--scanned-gb-per-query replaces the window model on the Athena side only', () => {
    const { platform, standard } = run({ athenaScan: { kind: 'fixed', gbPerQuery: 0.5 } });
    expect(lineOf(platform, 'athena-scans').quantity).toBeCloseTo((100 * MONTH * 512 * MiB) / TiB, 9);
    expect(lineOf(standard, 'insights').quantity).toBeCloseTo(100 * MONTH * (10 / 24), 9);
  });

  test('benchmark mode splits the queries evenly over the named queries', () => {
    const athenaScan = {
      kind: 'benchmark' as const,
      file: 'scan-benchmark.json',
      queries: [
        { name: 'errors-last-hour', windowHours: 1, fractionOfTable: 0.001, ratioVsUnpartitioned: 0.001, daysRead: 0.03 },
        { name: 'request-trace', windowHours: 24, fractionOfTable: 0.01, ratioVsUnpartitioned: 0.01, daysRead: 0.3 },
      ],
    };
    const { platform, standard } = run({ athenaScan });
    // 50 queries x 0.03 days x 2 GB = 61.44 MB -> 62 MB; 50 x 0.3 x 2 GB = 614.4 MB -> 615 MB
    expect(lineOf(platform, 'athena-scans').quantity).toBeCloseTo((50 * MONTH * (62 + 615) * MiB) / TiB, 9);
    // Insights: 50 x 10/24 GB + 50 x 10 GB
    expect(lineOf(standard, 'insights').quantity).toBeCloseTo(MONTH * (50 * (10 / 24) + 50 * 10), 9);
  });

  test('a region without a price reports the line as unpriced, never as zero', () => {
    const prices = testPrices(['firehose.iceberg.ingestion', 'cloudwatch.alarm.standard']);
    const { platform } = run({}, testSettings({ footprint: { alarms: 0, alarmMetrics: 0, logGroups: [] } }), 'eu-west-1', prices);
    expect(lineOf(platform, 'firehose-ingestion').usd).toBeNull();
    expect(lineOf(platform, 'stack-alarms').usd).toBe(0); // no alarms: nothing to price
    expect(platform.totalUsd).toBeNull();
    expect(platform.unpriced).toEqual(['firehose.iceberg.ingestion']);
    expect(platform.pricedUsd).toBeCloseTo(
      platform.lines.filter((l) => l.id !== 'firehose-ingestion').reduce((s, l) => s + (l.usd as number), 0),
      9,
    );
  });
});

describe('break-even', () => {
  test('the returned volume is where both totals meet, cheaper on the right side of it', () => {
    const settings = testSettings();
    const prices = testPrices();
    const b = breakEven(INPUTS, settings, prices, 'us-east-1', 'cloudwatch-standard');
    expect(b.gbPerDay).not.toBeNull();
    const at = (gb: number) => {
      const { platform, standard } = run({ gbPerDay: gb }, settings, 'us-east-1', prices);
      return { p: platform.totalUsd as number, c: standard.totalUsd as number };
    };
    const g = b.gbPerDay as number;
    const here = at(g);
    expect(Math.abs(here.p - here.c) / here.c).toBeLessThan(0.01);
    expect(at(g / 2).p).toBeGreaterThan(at(g / 2).c);
    expect(at(g * 2).p).toBeLessThan(at(g * 2).c);
  });

  test('no break-even when a price is missing, and the reason says which', () => {
    const b = breakEven(INPUTS, testSettings(), testPrices(['athena.scan']), 'eu-west-1', 'cloudwatch-standard');
    expect(b).toEqual({ gbPerDay: null, reason: 'unpriced in eu-west-1: athena.scan' });
  });
});
