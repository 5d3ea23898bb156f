import { parseWith, RegionSchema } from '@aws-log-mcp/shared';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/** Every price the cost model reads; the price file must have each of them for every region it lists. */
export const PRICE_IDS = [
  'firehose.iceberg.ingestion',
  's3tables.storage',
  's3tables.requests.put',
  's3tables.requests.get',
  's3tables.monitoring',
  's3tables.compaction.objects',
  's3tables.compaction.binpack',
  's3tables.compaction.sort',
  'athena.scan',
  's3.standard.storage',
  's3.standard.put',
  'cloudwatch.logs.ingestion.standard',
  'cloudwatch.logs.ingestion.infrequentAccess',
  'cloudwatch.logs.storage',
  'cloudwatch.logs.insights',
  'cloudwatch.alarm.standard',
] as const;
export type PriceId = (typeof PRICE_IDS)[number];

/** Factors (not prices) the model takes from the same file, with their own sources. */
export const FACTOR_IDS = ['cloudwatch.logs.storageCompression'] as const;
export type FactorId = (typeof FACTOR_IDS)[number];

/** Where the model looks for the price file: `apps/log-platform/data/aws-prices.json`. */
export const DEFAULT_PRICE_FILE = path.resolve(__dirname, '../../data/aws-prices.json');

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as "2026-11-30"');
const Text = z.string().trim().min(1, 'must not be empty');
const Usd = z.number().finite().nonnegative();

const Tier = z
  .object({
    /** Cumulative upper bound of the tier in GB (2^30 bytes) a month; `null` for the last, open tier. */
    upToGB: z.number().positive().nullable(),
    usd: Usd,
  })
  .strict();

const Described = {
  unit: Text,
  /** Day the number was read. */
  read: IsoDate,
  /** The AWS pricing page (with its section) or documentation section the number belongs to. */
  source: Text,
  /** Which stored copy it was read from. */
  via: Text.optional(),
  note: Text.optional(),
};
const Provenance = { region: RegionSchema, ...Described };

const PriceEntry = z
  .object({
    id: z.enum(PRICE_IDS),
    ...Provenance,
    usd: Usd.nullable().optional(),
    tiers: z.array(Tier).min(1).optional(),
    /** Unit in which each record is billed (Firehose); `null` when records are not rounded. */
    billingIncrementBytes: z.number().int().positive().nullable().optional(),
    /** Athena: bytes billed at least per query. */
    minimumBytesPerQuery: z.number().int().positive().optional(),
    /** Athena: scanned bytes are rounded up to a multiple of this. */
    roundUpToBytes: z.number().int().positive().optional(),
    /** Why `usd` is null. */
    unavailable: Text.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const priced = (p.usd !== undefined && p.usd !== null) || p.tiers !== undefined;
    if (p.usd !== undefined && p.usd !== null && p.tiers !== undefined)
      ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'give either usd or tiers, not both' });
    if (!priced && !p.unavailable)
      ctx.addIssue({ code: 'custom', path: ['unavailable'], message: 'a price without usd or tiers must say why (unavailable)' });
    if (priced && p.unavailable)
      ctx.addIssue({ code: 'custom', path: ['unavailable'], message: 'a priced entry must not be marked unavailable' });
    if (priced && !p.via)
      ctx.addIssue({
        code: 'custom',
        path: ['via'],
        message: 'a priced entry must say which copy of the source it was read from',
      });
    if (p.tiers) {
      const bounds = p.tiers.map((t) => t.upToGB);
      bounds.forEach((b, i) => {
        if (b === null && i !== bounds.length - 1)
          ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upToGB'], message: 'only the last tier may be open (null)' });
        if (b !== null && i > 0 && bounds[i - 1] !== null && b <= (bounds[i - 1] as number))
          ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upToGB'], message: 'tier bounds must increase' });
      });
    }
  });

const FactorEntry = z.object({ id: z.enum(FACTOR_IDS), value: z.number().positive(), ...Described }).strict();

export const PriceFileSchema = z
  .object({
    description: Text,
    currency: z.literal('USD'),
    prices: z.array(PriceEntry).min(1),
    factors: z.array(FactorEntry),
  })
  .strict()
  .superRefine((file, ctx) => {
    const regions = [...new Set(file.prices.map((p) => p.region))];
    const seen = new Set<string>();
    file.prices.forEach((p, i) => {
      const key = `${p.id}@${p.region}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['prices', i], message: `${key} is listed twice` });
      seen.add(key);
    });
    for (const region of regions)
      for (const id of PRICE_IDS)
        if (!seen.has(`${id}@${region}`))
          ctx.addIssue({
            code: 'custom',
            path: ['prices'],
            message: `${id} is missing for ${region} (list it with usd null and why)`,
          });
    for (const id of FACTOR_IDS)
      if (!file.factors.some((f) => f.id === id))
        ctx.addIssue({ code: 'custom', path: ['factors'], message: `${id} is missing` });
  });

export type PriceFile = z.output<typeof PriceFileSchema>;
export type PriceEntry = PriceFile['prices'][number];

/** A price ready for arithmetic: `tiers` is always set (a flat price is one open tier), or the entry is unpriced. */
export interface Price {
  readonly id: PriceId;
  readonly region: string;
  readonly unit: string;
  /** `undefined` when the price file has no number for this region (the line is reported as unpriced). */
  readonly tiers?: readonly { readonly upToGB: number | null; readonly usd: number }[];
  readonly billingIncrementBytes?: number | null;
  readonly minimumBytesPerQuery?: number;
  readonly roundUpToBytes?: number;
  readonly entry: PriceEntry;
}

/** Prices of one region, looked up by id. */
export class PriceBook {
  /** Reads and validates a price file; errors name the JSON path and the rule. */
  static load(file: string = DEFAULT_PRICE_FILE): PriceBook {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`price file ${file} cannot be read: ${(e as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error(`price file ${file} is not valid JSON: ${(e as Error).message}`);
    }
    return new PriceBook(parseWith(PriceFileSchema, raw, path.basename(file)), file);
  }

  constructor(
    readonly data: PriceFile,
    readonly file: string = DEFAULT_PRICE_FILE,
  ) {}

  /** Regions that have entries, in file order. */
  get regions(): string[] {
    return [...new Set(this.data.prices.map((p) => p.region))];
  }

  /** Latest `read` date over all entries. */
  get readOn(): string {
    return [...this.data.prices.map((p) => p.read), ...this.data.factors.map((f) => f.read)].sort().at(-1) as string;
  }

  price(id: PriceId, region: string): Price {
    const entry = this.data.prices.find((p) => p.id === id && p.region === region);
    if (!entry) throw new Error(`no ${id} price for ${region} in ${this.file} (regions: ${this.regions.join(', ')})`);
    const tiers = entry.tiers ?? (entry.usd === null || entry.usd === undefined ? undefined : [{ upToGB: null, usd: entry.usd }]);
    return {
      id,
      region,
      unit: entry.unit,
      tiers,
      billingIncrementBytes: entry.billingIncrementBytes,
      minimumBytesPerQuery: entry.minimumBytesPerQuery,
      roundUpToBytes: entry.roundUpToBytes,
      entry,
    };
  }

  factor(id: FactorId): number {
    return (this.data.factors.find((f) => f.id === id) as { value: number }).value;
  }
}
