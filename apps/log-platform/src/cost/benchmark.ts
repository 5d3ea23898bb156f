import { parseWith } from '@aws-log-mcp/shared';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/**
 * Where the table-lifecycle scan benchmark writes its result and `npm run cost -- --from-benchmark`
 * reads it: `apps/log-platform/bench/results/scan-benchmark.json`.
 */
export const DEFAULT_BENCHMARK_FILE = path.resolve(__dirname, '../../bench/results/scan-benchmark.json');

const Count = z.number().int().nonnegative();
const Scan = z.object({ bytesScanned: Count, filesScanned: Count }).strict();

/**
 * The scan benchmark's result file (README "Cost estimate" documents it field by field): the same
 * rows in a partitioned+sorted and an unpartitioned table, and per named query what each read.
 */
export const ScanBenchmarkSchema = z
  .object({
    schemaVersion: z.literal(1),
    provenance: z
      .object({
        /** ISO-8601 time the benchmark ran. */
        generatedAt: z.iso.datetime({ offset: true }),
        /** The command that produced the file. */
        command: z.string().min(1),
        /** Engine and version that ran the queries, e.g. "Trino 477". */
        engine: z.string().min(1),
        /** Git commit of the repository the benchmark ran from. */
        commit: z.string().min(1).optional(),
        /** Machine description (cores, memory; "shared" when other work ran). */
        machine: z.string().min(1).optional(),
        dataset: z.object({ rows: z.number().int().positive(), days: z.number().positive() }).strict(),
      })
      .strict(),
    /** Bytes of data files of each table (what a full scan would read). */
    tableBytes: z.object({ partitioned: z.number().int().positive(), unpartitioned: z.number().int().positive() }).strict(),
    queries: z
      .array(
        z
          .object({
            /** Named query, e.g. `errors-last-hour`. */
            name: z.string().min(1),
            /** Time range the query filters on, in hours. */
            windowHours: z.number().positive(),
            partitioned: Scan,
            unpartitioned: Scan,
          })
          .strict(),
      )
      .min(1)
      .refine((q) => new Set(q.map((x) => x.name)).size === q.length, 'query names must be unique'),
  })
  .strict();

export type ScanBenchmark = z.output<typeof ScanBenchmarkSchema>;

/** One benchmarked query as the cost model uses it. */
export interface BenchmarkedQuery {
  readonly name: string;
  readonly windowHours: number;
  /** Bytes the partitioned query read / bytes of the partitioned table. */
  readonly fractionOfTable: number;
  /** Bytes the partitioned query read / bytes the unpartitioned query read. */
  readonly ratioVsUnpartitioned: number;
  /** Days of stored data the query reads: fractionOfTable x the benchmark's days (independent of retention). */
  readonly daysRead: number;
}

export function benchmarkedQueries(b: ScanBenchmark): BenchmarkedQuery[] {
  return b.queries.map((q) => {
    const fractionOfTable = q.partitioned.bytesScanned / b.tableBytes.partitioned;
    return {
      name: q.name,
      windowHours: q.windowHours,
      fractionOfTable,
      ratioVsUnpartitioned: q.unpartitioned.bytesScanned === 0 ? 0 : q.partitioned.bytesScanned / q.unpartitioned.bytesScanned,
      daysRead: fractionOfTable * b.provenance.dataset.days,
    };
  });
}

/** Reads and validates the benchmark file; a missing file gets a message saying what produces it. */
export function loadScanBenchmark(file: string = DEFAULT_BENCHMARK_FILE): ScanBenchmark {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(
        `--from-benchmark: ${file} does not exist; run the table-lifecycle scan benchmark first (it writes that file), or pass --scanned-gb-per-query`,
      );
    throw new Error(`--from-benchmark: ${file} cannot be read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`--from-benchmark: ${file} is not valid JSON: ${(e as Error).message}`);
  }
  return parseWith(ScanBenchmarkSchema, raw, path.basename(file));
}
