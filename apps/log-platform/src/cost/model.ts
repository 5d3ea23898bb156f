import { BenchmarkedQuery } from './benchmark';
import { Price, PriceBook, PriceId } from './price-book';
import { CostSettings, filesPerFlush, timePartitionHours } from './settings';
import { DAYS_PER_MONTH, GB, KB, MB, TB } from './units';

/**
 * What the user tells the model about their logs. Volumes are raw JSON bytes as FireLens sends
 * them to Firehose (and as CloudWatch Logs would ingest them).
 */
export interface CostInputs {
  /** GB (2^30 bytes) of log data a day; > 0. */
  readonly gbPerDay: number;
  /** Average record size in bytes (Firehose's per-record billing rounds on it); 1-1,024,000. @default 1024 */
  readonly avgRecordBytes: number;
  /** Queries a day, on both sides. @default 100 */
  readonly queriesPerDay: number;
  /** Hours of logs each query filters on (e.g. "errors in the last hour"). @default 1 */
  readonly queryWindowHours: number;
  /** Bytes the Iceberg table stores (Parquet, compressed) per raw JSON byte; (0, 1]. @default 0.2 */
  readonly storedRatio: number;
  /** Share of records Firehose cannot deliver (they go to the error bucket); [0, 1]. @default 0.001 */
  readonly errorFraction: number;
  /** How much each Athena query reads. */
  readonly athenaScan: AthenaScan;
}

/**
 * `window`: the partitions the query window touches (`partitionSpec`); `fixed`: the user's
 * `--scanned-gb-per-query`; `benchmark`: the partitioned table's measured scan per named query.
 */
export type AthenaScan =
  | { readonly kind: 'window' }
  | { readonly kind: 'fixed'; readonly gbPerQuery: number }
  | { readonly kind: 'benchmark'; readonly queries: readonly BenchmarkedQuery[]; readonly file: string };

export const DEFAULT_INPUTS = {
  avgRecordBytes: 1024,
  queriesPerDay: 100,
  queryWindowHours: 1,
  storedRatio: 0.2,
  errorFraction: 0.001,
} as const;

/** Numbers the model assumes about how Firehose, Iceberg and the stack behave (README "Assumptions"). */
export const ASSUMPTIONS = {
  /** Objects an Iceberg commit writes besides data files: metadata.json, manifest list, manifest. */
  metadataObjectsPerCommit: 3,
  /** Objects a writer reads to commit: current metadata.json, manifest list, manifest. */
  metadataGetsPerCommit: 3,
  /** Average age of Firehose's small files when compaction rewrites them, in days. */
  compactionLagDays: 0.5,
  /** Bytes of results a query leaves in the Athena results bucket. */
  resultBytesPerQuery: MB,
  /** Bytes Firehose logs to its error log group per failed record. */
  errorLogBytesPerFailedRecord: KB,
  /** Firehose flushes a second when buffering interval is 0 (no buffering). */
  unbufferedFlushesPerSecond: 1,
} as const;

export type OptionId = 'log-platform' | 'cloudwatch-standard' | 'cloudwatch-infrequent-access';

export interface CostLine {
  readonly id: string;
  readonly label: string;
  /** Monthly quantity in `unit`. */
  readonly quantity: number;
  readonly unit: string;
  readonly priceId: PriceId;
  /** USD a month; `null` when the price file has no price for the region (and quantity > 0). */
  readonly usd: number | null;
  /** How the quantity was derived. */
  readonly detail: string;
}

export interface CostOption {
  readonly id: OptionId;
  readonly label: string;
  readonly lines: readonly CostLine[];
  /** Sum of all lines; `null` when a line is unpriced. */
  readonly totalUsd: number | null;
  /** Sum of the priced lines. */
  readonly pricedUsd: number;
  /** Price ids without a number for this region that a non-zero line needs. */
  readonly unpriced: readonly PriceId[];
}

export interface Estimate {
  readonly region: string;
  readonly inputs: CostInputs;
  readonly options: readonly CostOption[];
  readonly warnings: readonly string[];
}

/** Cost of `quantity` under marginal tiers (`upToGB` cumulative); throws past the last bounded tier. */
export function tieredCost(quantity: number, price: Price): number | null {
  if (quantity === 0) return 0;
  if (!price.tiers) return null;
  let cost = 0;
  let from = 0;
  for (const tier of price.tiers) {
    const to = tier.upToGB ?? Infinity;
    if (quantity > from) cost += (Math.min(quantity, to) - from) * tier.usd;
    from = to;
  }
  if (quantity > from)
    throw new RangeError(
      `${price.id} (${price.region}): ${round(quantity)} exceeds the last tier in the price file (${from}); add the next tier`,
    );
  return cost;
}

/**
 * Bytes Firehose bills for `rawBytes` of records averaging `avgRecordBytes`: each record rounded
 * up to a multiple of `incrementBytes` (Direct PUT to most destinations: 5 KB), or the bytes as
 * they are when the destination does not round (Apache Iceberg Tables).
 */
export function firehoseBilledBytes(rawBytes: number, avgRecordBytes: number, incrementBytes: number | null | undefined): number {
  if (!incrementBytes) return rawBytes;
  const records = rawBytes / avgRecordBytes;
  return records * Math.ceil(avgRecordBytes / incrementBytes) * incrementBytes;
}

/** Bytes Athena bills for one query that scanned `scannedBytes`: rounded up to whole MB, at least 10 MB. */
export function athenaBilledBytes(scannedBytes: number, price: Pick<Price, 'minimumBytesPerQuery' | 'roundUpToBytes'>): number {
  const step = price.roundUpToBytes ?? 1;
  const rounded = Math.ceil(scannedBytes / step) * step;
  return Math.max(rounded, price.minimumBytesPerQuery ?? 0);
}

/** Firehose buffer flushes a day: whichever of the size and interval hints fills first. */
export function flushesPerDay(rawBytesPerDay: number, buffering: CostSettings['buffering']): number {
  const bySize = rawBytesPerDay / (buffering.sizeMiB * MB);
  const byTime =
    buffering.intervalSeconds > 0 ? 86_400 / buffering.intervalSeconds : 86_400 * ASSUMPTIONS.unbufferedFlushesPerSecond;
  return Math.max(bySize, byTime);
}

/**
 * Days a file that leaves the current snapshot stays stored (and billed): until its snapshot
 * expires, then `unreferencedDays` until S3 Tables marks it noncurrent, then `nonCurrentDays`.
 */
export function lingerDays(m: CostSettings['maintenance']): number {
  return m.snapshotMaxAgeHours / 24 + m.unreferencedDays + m.nonCurrentDays;
}

/**
 * Days of data a query over the last `windowHours` reads: every partition the window touches,
 * whole. With partitions of P hours the window starts on average P/2 into its first partition, so
 * it reads (window + P/2) hours; without time partitioning it reads the whole table.
 */
export function scannedDaysForWindow(windowHours: number, partitionHours: number | undefined, tableDays: number): number {
  if (partitionHours === undefined) return tableDays;
  return Math.min((windowHours + partitionHours / 2) / 24, tableDays);
}

interface QueryShape {
  readonly name: string;
  readonly share: number;
  readonly athenaBytes: number;
  readonly insightsBytes: number;
}

function line(
  prices: PriceBook,
  region: string,
  l: Omit<CostLine, 'usd'> & { readonly usd?: number | null },
): CostLine & { unpriced?: PriceId } {
  const price = prices.price(l.priceId, region);
  const usd = l.usd !== undefined ? l.usd : tieredCost(l.quantity, price);
  return { ...l, usd, ...(usd === null ? { unpriced: l.priceId } : {}) };
}

function option(id: OptionId, label: string, lines: (CostLine & { unpriced?: PriceId })[]): CostOption {
  const unpriced = [...new Set(lines.flatMap((l) => (l.unpriced ? [l.unpriced] : [])))];
  const pricedUsd = lines.reduce((s, l) => s + (l.usd ?? 0), 0);
  return {
    id,
    label,
    lines: lines.map(({ unpriced: _u, ...l }) => l),
    totalUsd: unpriced.length ? null : pricedUsd,
    pricedUsd,
    unpriced,
  };
}

/** Monthly cost of the log platform and of CloudWatch Logs (Standard, Infrequent Access) for the same logs. */
export function estimate(inputs: CostInputs, settings: CostSettings, prices: PriceBook, region: string): Estimate {
  const warnings: string[] = [];
  const days = DAYS_PER_MONTH;
  const rawDay = inputs.gbPerDay * GB;
  const storedDay = rawDay * inputs.storedRatio;
  const recordsDay = rawDay / inputs.avgRecordBytes;
  const retention = settings.retentionDays;
  const linger = lingerDays(settings.maintenance);
  const lag = ASSUMPTIONS.compactionLagDays;
  const tableDays = retention + lag;
  const partitionHours = timePartitionHours(settings.partitionSpec);
  const perFlushFiles = filesPerFlush(settings.partitionSpec);
  const targetBytes = settings.maintenance.compactionTargetFileSizeMiB * MB;

  // Firehose: every flush writes one data file per partition it touches and commits a snapshot.
  const firehosePrice = prices.price('firehose.iceberg.ingestion', region);
  const billedDay = firehoseBilledBytes(rawDay, inputs.avgRecordBytes, firehosePrice.billingIncrementBytes);
  const flushes = flushesPerDay(rawDay, settings.buffering);
  const dataFilesDay = flushes * perFlushFiles;

  // Queries: what Athena reads (stored bytes) and what Logs Insights reads (raw bytes) for the same question.
  const windowDays = (hours: number) => Math.min(hours / 24, retention);
  let queries: QueryShape[];
  const scan = inputs.athenaScan;
  if (scan.kind === 'benchmark') {
    queries = scan.queries.map((q) => ({
      name: q.name,
      share: 1 / scan.queries.length,
      athenaBytes: Math.min(q.daysRead, tableDays) * storedDay,
      insightsBytes: windowDays(q.windowHours) * rawDay,
    }));
  } else {
    const insightsBytes = windowDays(inputs.queryWindowHours) * rawDay;
    const athenaBytes =
      scan.kind === 'fixed'
        ? scan.gbPerQuery * GB
        : scannedDaysForWindow(inputs.queryWindowHours, partitionHours, tableDays) * storedDay;
    queries = [{ name: scan.kind === 'fixed' ? 'fixed' : 'window', share: 1, athenaBytes, insightsBytes }];
  }
  const athenaPrice = prices.price('athena.scan', region);
  const cutoff = settings.athena.bytesScannedCutoff;
  let athenaBilledMonth = 0;
  let athenaFilesPerQuery = 0;
  for (const q of queries) {
    if (q.athenaBytes > cutoff)
      warnings.push(
        `Athena: ${q.name} queries would read ${fmtBytes(q.athenaBytes)}, more than the workgroup cutoff ` +
          `(athena.bytesScannedCutoff = ${fmtBytes(cutoff)}); Athena cancels them and bills the bytes read up to the cutoff. ` +
          `Raise the cutoff or narrow the queries.`,
      );
    const read = Math.min(q.athenaBytes, cutoff);
    athenaBilledMonth += inputs.queriesPerDay * q.share * days * athenaBilledBytes(read, athenaPrice);
    athenaFilesPerQuery += q.share * (Math.ceil(read / targetBytes) + ASSUMPTIONS.metadataGetsPerCommit);
  }

  // Table files at steady state.
  const partitionsPerDay = partitionHours === undefined ? 0 : 24 / partitionHours;
  const partitionCount = Math.max(1, partitionsPerDay * retention) * perFlushFiles;
  const liveBytes = storedDay * retention;
  const liveDataFiles = partitionCount * Math.ceil(liveBytes / partitionCount / targetBytes);
  const compactedFilesDay = liveDataFiles / retention;
  const pendingFiles = dataFilesDay * lag;
  const snapshotDays = settings.maintenance.snapshotMaxAgeHours / 24;
  const commitsDay = flushes;
  const liveMetadata = commitsDay * ASSUMPTIONS.metadataObjectsPerCommit * snapshotDays;
  const supersededObjects = (dataFilesDay + commitsDay * ASSUMPTIONS.metadataObjectsPerCommit + compactedFilesDay) * linger;
  const objects = liveDataFiles + pendingFiles + liveMetadata + supersededObjects;

  const storageGbMonth = (storedDay * (retention + lag) + storedDay * linger * 2) / GB;
  const putsDay = dataFilesDay + commitsDay * ASSUMPTIONS.metadataObjectsPerCommit + compactedFilesDay;
  const getsDay = commitsDay * ASSUMPTIONS.metadataGetsPerCommit + dataFilesDay + inputs.queriesPerDay * athenaFilesPerQuery;

  // Error bucket, Athena results bucket and the stack's own CloudWatch resources.
  const failedRecordsDay = recordsDay * inputs.errorFraction;
  const errorObjectsDay = Math.min(flushes, failedRecordsDay);
  const errorGbMonth = (rawDay * inputs.errorFraction * settings.errorRetentionDays) / GB;
  const resultsGbMonth = (inputs.queriesPerDay * ASSUMPTIONS.resultBytesPerQuery * settings.athena.resultsExpirationDays) / GB;
  const errorLogGroup = settings.footprint.logGroups.find((g) => g.firehoseErrors);
  const errorLogRetention = errorLogGroup?.retentionDays ?? settings.logRetentionDays;
  const errorLogBytesDay = errorLogGroup ? failedRecordsDay * ASSUMPTIONS.errorLogBytesPerFailedRecord : 0;
  const compression = prices.factor('cloudwatch.logs.storageCompression');
  const others = settings.footprint.logGroups.filter((g) => !g.firehoseErrors);
  if (others.length)
    warnings.push(
      `The stack also creates ${others.map((g) => g.name).join(', ')}; their volume depends on your containers and is not estimated.`,
    );

  const p = (l: Omit<CostLine, 'usd'> & { readonly usd?: number | null }) => line(prices, region, l);
  const n = (x: number) => round(x);
  const platform = option('log-platform', 'S3 Tables + Firehose + Athena (this stack)', [
    p({
      id: 'firehose-ingestion',
      label: firehosePrice.billingIncrementBytes
        ? `Firehose ingestion (each record billed in ${firehosePrice.billingIncrementBytes}-byte steps)`
        : 'Firehose ingestion (Iceberg destination: per GB, no 5 KB record rounding)',
      quantity: (billedDay * days) / GB,
      unit: 'GB',
      priceId: 'firehose.iceberg.ingestion',
      detail: `${n(recordsDay)} records/day x ${inputs.avgRecordBytes} B = ${n(rawDay / GB)} GB/day, billed ${n(billedDay / GB)} GB/day`,
    }),
    p({
      id: 's3tables-storage',
      label: 'S3 Tables storage',
      quantity: storageGbMonth,
      unit: 'GB-month',
      priceId: 's3tables.storage',
      detail:
        `stored ${n(storedDay / GB)} GB/day (x${inputs.storedRatio} of raw); live ${retention} d retention + ${lag} d awaiting compaction; ` +
        `superseded small files and expired rows each kept ${n(linger)} d (snapshot ${n(snapshotDays)} d + unreferenced ${settings.maintenance.unreferencedDays} d + noncurrent ${settings.maintenance.nonCurrentDays} d)`,
    }),
    p({
      id: 's3tables-put',
      label: 'S3 Tables PUT requests',
      quantity: (putsDay * days) / 1000,
      unit: '1,000 requests',
      priceId: 's3tables.requests.put',
      detail: `${n(flushes)} flushes/day x (${perFlushFiles} data file + ${ASSUMPTIONS.metadataObjectsPerCommit} metadata) + ${n(compactedFilesDay)} compacted files/day`,
    }),
    p({
      id: 's3tables-get',
      label: 'S3 Tables GET requests',
      quantity: (getsDay * days) / 1000,
      unit: '1,000 requests',
      priceId: 's3tables.requests.get',
      detail: `commit reads ${n(commitsDay * ASSUMPTIONS.metadataGetsPerCommit)}/day, compaction reads ${n(dataFilesDay)}/day, queries ${n(inputs.queriesPerDay * athenaFilesPerQuery)}/day`,
    }),
    p({
      id: 's3tables-monitoring',
      label: 'S3 Tables object monitoring',
      quantity: objects / 1000,
      unit: '1,000 objects',
      priceId: 's3tables.monitoring',
      detail: `${n(liveDataFiles)} compacted data files, ${n(pendingFiles)} awaiting compaction, ${n(liveMetadata)} metadata, ${n(supersededObjects)} superseded awaiting removal`,
    }),
    p({
      id: 'compaction-objects',
      label: 'Compaction: objects processed',
      quantity: (dataFilesDay * days) / 1000,
      unit: '1,000 objects',
      priceId: 's3tables.compaction.objects',
      detail: `each Firehose data file compacted once: ${n(dataFilesDay)}/day`,
    }),
    p({
      id: 'compaction-bytes',
      label: 'Compaction: data processed (binpack)',
      quantity: (storedDay * days) / GB,
      unit: 'GB',
      priceId: 's3tables.compaction.binpack',
      detail: `each stored byte compacted once: ${n(storedDay / GB)} GB/day`,
    }),
    p({
      id: 'athena-scans',
      label: 'Athena scans',
      quantity: athenaBilledMonth / TB,
      unit: 'TB',
      priceId: 'athena.scan',
      detail: queries
        .map((q) => `${q.name}: ${n(inputs.queriesPerDay * q.share)}/day x ${fmtBytes(Math.min(q.athenaBytes, cutoff))}`)
        .join('; ')
        .concat(' (rounded up to MB, 10 MB minimum each)'),
    }),
    p({
      id: 'error-bucket-storage',
      label: 'Error bucket storage (failed records)',
      quantity: errorGbMonth,
      unit: 'GB-month',
      priceId: 's3.standard.storage',
      detail: `${inputs.errorFraction} of records fail, kept ${settings.errorRetentionDays} d`,
    }),
    p({
      id: 'athena-results-storage',
      label: 'Athena results bucket storage',
      quantity: resultsGbMonth,
      unit: 'GB-month',
      priceId: 's3.standard.storage',
      detail: `${fmtBytes(ASSUMPTIONS.resultBytesPerQuery)} per query, kept ${settings.athena.resultsExpirationDays} d`,
    }),
    p({
      id: 's3-put',
      label: 'S3 PUT requests (error objects, query results)',
      quantity: ((errorObjectsDay + inputs.queriesPerDay) * days) / 1000,
      unit: '1,000 requests',
      priceId: 's3.standard.put',
      detail: `${n(errorObjectsDay)} error objects/day + ${inputs.queriesPerDay} results/day`,
    }),
    p({
      id: 'stack-log-ingestion',
      label: 'Firehose error log group: ingestion',
      quantity: (errorLogBytesDay * days) / GB,
      unit: 'GB',
      priceId: 'cloudwatch.logs.ingestion.standard',
      detail: errorLogGroup
        ? `${n(failedRecordsDay)} failed records/day x ${ASSUMPTIONS.errorLogBytesPerFailedRecord} B into ${errorLogGroup.name}`
        : 'the stack has no Firehose error log group',
    }),
    p({
      id: 'stack-log-storage',
      label: 'Firehose error log group: storage',
      quantity: (errorLogBytesDay * compression * errorLogRetention) / GB,
      unit: 'GB-month',
      priceId: 'cloudwatch.logs.storage',
      detail: `kept ${errorLogRetention} d, archived at ${compression} of ingested size`,
    }),
    p({
      id: 'stack-alarms',
      label: 'CloudWatch alarms in the stack',
      quantity: settings.footprint.alarmMetrics,
      unit: 'alarm metrics',
      priceId: 'cloudwatch.alarm.standard',
      detail: `${settings.footprint.alarms} alarms in the synthesized stack, ${settings.footprint.alarmMetrics} billed alarm metrics (a metric math alarm counts each metric it reads)`,
    }),
  ]);

  const insightsBytesMonth = queries.reduce((s, q) => s + inputs.queriesPerDay * q.share * days * q.insightsBytes, 0);
  const cloudwatch = (id: OptionId, label: string, ingestion: PriceId) =>
    option(id, label, [
      p({
        id: 'ingestion',
        label: 'Ingestion',
        quantity: (rawDay * days) / GB,
        unit: 'GB',
        priceId: ingestion,
        detail: `${n(rawDay / GB)} GB/day`,
      }),
      p({
        id: 'storage',
        label: 'Storage (archived, compressed)',
        quantity: (rawDay * compression * retention) / GB,
        unit: 'GB-month',
        priceId: 'cloudwatch.logs.storage',
        detail: `${retention} d retention, archived at ${compression} of ingested size`,
      }),
      p({
        id: 'insights',
        label: 'Logs Insights scans',
        quantity: insightsBytesMonth / GB,
        unit: 'GB',
        priceId: 'cloudwatch.logs.insights',
        detail: queries
          .map(
            (q) => `${q.name}: ${n(inputs.queriesPerDay * q.share)}/day x ${fmtBytes(q.insightsBytes)} of raw logs in the window`,
          )
          .join('; '),
      }),
    ]);

  return {
    region,
    inputs,
    options: [
      platform,
      cloudwatch('cloudwatch-standard', 'CloudWatch Logs Standard', 'cloudwatch.logs.ingestion.standard'),
      cloudwatch(
        'cloudwatch-infrequent-access',
        'CloudWatch Logs Infrequent Access',
        'cloudwatch.logs.ingestion.infrequentAccess',
      ),
    ],
    warnings,
  };
}

export interface BreakEven {
  /** GB a day above which the log platform costs less (`null` when the curves do not cross in range). */
  readonly gbPerDay: number | null;
  readonly reason?: string;
}

/**
 * Volume at which the log platform and `against` cost the same, other inputs unchanged: the first
 * sign change of (platform - against) over 0.01 .. 100,000 GB/day, refined by bisection.
 */
export function breakEven(
  inputs: CostInputs,
  settings: CostSettings,
  prices: PriceBook,
  region: string,
  against: OptionId,
): BreakEven {
  const diff = (gb: number): number | string => {
    const e = estimate({ ...inputs, gbPerDay: gb }, settings, prices, region);
    const mine = e.options.find((o) => o.id === 'log-platform') as CostOption;
    const theirs = e.options.find((o) => o.id === against) as CostOption;
    if (mine.totalUsd === null || theirs.totalUsd === null)
      return `unpriced in ${region}: ${[...mine.unpriced, ...theirs.unpriced].join(', ')}`;
    return mine.totalUsd - theirs.totalUsd;
  };
  const grid = Array.from({ length: 71 }, (_, i) => 10 ** (-2 + i / 10));
  let prev: { gb: number; d: number } | undefined;
  for (const gb of grid) {
    let d: number | string;
    try {
      d = diff(gb);
    } catch (e) {
      if (e instanceof RangeError) return { gbPerDay: null, reason: e.message };
      throw e;
    }
    if (typeof d === 'string') return { gbPerDay: null, reason: d };
    if (prev && Math.sign(prev.d) !== Math.sign(d)) {
      let [lo, hi] = [prev.gb, gb];
      for (let i = 0; i < 60; i++) {
        const mid = Math.sqrt(lo * hi);
        const dm = diff(mid) as number;
        if (Math.sign(dm) === Math.sign(prev.d)) lo = mid;
        else hi = mid;
      }
      return { gbPerDay: round((lo + hi) / 2) };
    }
    prev = { gb, d };
  }
  return {
    gbPerDay: null,
    reason:
      prev && prev.d < 0
        ? 'the log platform costs less over the whole range'
        : 'the log platform costs more over the whole range',
  };
}

/** Rounds to 4 significant digits for display. */
export function round(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

export function fmtBytes(bytes: number): string {
  const units: [number, string][] = [
    [TB, 'TB'],
    [GB, 'GB'],
    [MB, 'MB'],
    [KB, 'KB'],
  ];
  for (const [size, name] of units) if (bytes >= size) return `${round(bytes / size)} ${name}`;
  return `${round(bytes)} B`;
}
