import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_PRICE_FILE, PRICE_IDS, PriceBook, PriceFileSchema } from '../../src/cost/price-book';
import { testPriceFile } from './support';

const raw = JSON.parse(readFileSync(DEFAULT_PRICE_FILE, 'utf8')) as {
  prices: Record<string, unknown>[];
  factors: Record<string, unknown>[];
};

describe('the price file (data/aws-prices.json)', () => {
  const book = PriceBook.load();

  test('loads and validates', () => {
    expect(book.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(book.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test.each(raw.prices.map((p) => [`${p.id} @ ${p.region}`, p]))('%s has a region, unit, read date and source', (_name, p) => {
    expect(p.region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(typeof p.unit).toBe('string');
    expect((p.unit as string).trim()).not.toBe('');
    expect(p.read).toMatch(/^20\d{2}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(p.read as string))).toBe(false);
    // The source names the AWS page or documentation section the number belongs to.
    expect(p.source).toMatch(/aws\.amazon\.com|AWS Price List|CloudWatch User Guide/);
    if (p.usd === null) {
      expect(typeof p.unavailable).toBe('string');
      expect(p.tiers).toBeUndefined();
    } else {
      // A number says which stored copy it was read from, and is a plausible positive price.
      expect(typeof p.via).toBe('string');
      const values = p.tiers ? (p.tiers as { usd: number }[]).map((t) => t.usd) : [p.usd as number];
      for (const v of values) {
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThan(10);
      }
    }
  });

  test.each(raw.factors.map((f) => [f.id, f]))('factor %s has a unit, read date and source', (_id, f) => {
    expect(f.unit).toEqual(expect.any(String));
    expect(f.read).toMatch(/^20\d{2}-\d{2}-\d{2}$/);
    expect(f.source).toEqual(expect.any(String));
    expect(f.via).toEqual(expect.any(String));
  });

  test('every price the model reads is listed for both regions (null with a reason when not found)', () => {
    for (const region of ['us-east-1', 'eu-west-1'])
      for (const id of PRICE_IDS) expect(() => book.price(id, region)).not.toThrow();
  });

  test('us-east-1 has a number for every price (the stack has alarms, so their price counts)', () => {
    const missing = PRICE_IDS.filter((id) => !book.price(id, 'us-east-1').tiers);
    expect(missing).toEqual([]);
  });

  test('the Iceberg destination does not round records (AWS pricing page); Athena has its 10 MB / 1 MB rule', () => {
    for (const region of book.regions) {
      expect(book.price('firehose.iceberg.ingestion', region).billingIncrementBytes).toBeNull();
      const athena = book.price('athena.scan', region);
      expect(athena.minimumBytesPerQuery).toBe(10 * 1024 * 1024);
      expect(athena.roundUpToBytes).toBe(1024 * 1024);
    }
  });
});

describe('price file validation', () => {
  const valid = testPriceFile();
  const broken = (edit: (f: any) => void) => {
    const f = JSON.parse(JSON.stringify(valid));
    edit(f);
    return f;
  };
  const error = (f: unknown) => {
    const r = PriceFileSchema.safeParse(f);
    if (r.success) throw new Error('expected a validation error');
    return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
  };

  test('accepts the test file', () => expect(PriceFileSchema.safeParse(valid).success).toBe(true));

  test.each([
    ['no source', (f: any) => delete f.prices[0].source, /prices\.0\.source/],
    ['empty source', (f: any) => (f.prices[0].source = '   '), /prices\.0\.source: must not be empty/],
    ['no read date', (f: any) => delete f.prices[0].read, /prices\.0\.read/],
    ['read date not ISO', (f: any) => (f.prices[0].read = '30/11/2026'), /must be a date such as "2026-11-30"/],
    ['no unit', (f: any) => delete f.prices[0].unit, /prices\.0\.unit/],
    ['bad region', (f: any) => (f.prices[0].region = 'Ireland'), /must be an AWS region code/],
    ['price as a string', (f: any) => (f.prices[2].usd = '0.005'), /prices\.2\.usd/],
    ['negative price', (f: any) => (f.prices[2].usd = -1), /prices\.2\.usd/],
    ['null without a reason', (f: any) => (f.prices[2].usd = null), /must say why \(unavailable\)/],
    ['a number without its copy', (f: any) => delete f.prices[2].via, /which copy of the source/],
    ['usd and tiers', (f: any) => (f.prices[0].usd = 1), /either usd or tiers/],
    ['open tier not last', (f: any) => (f.prices[1].tiers[0].upToGB = null), /only the last tier may be open/],
    ['decreasing tiers', (f: any) => (f.prices[1].tiers[1].upToGB = 100), /tier bounds must increase/],
    ['a price missing for a region', (f: any) => f.prices.splice(3, 1), /is missing for us-east-1/],
    ['a price listed twice', (f: any) => f.prices.push({ ...f.prices[0] }), /listed twice/],
    ['an unknown field', (f: any) => (f.prices[0].discount = 0.1), /Unrecognized key/],
    ['an unknown id', (f: any) => (f.prices[0].id = 'ec2.instance'), /prices\.0\.id/],
    ['a factor without a source', (f: any) => delete f.factors[0].source, /factors\.0\.source/],
  ])('rejects %s', (_name, edit, message) => {
    expect(error(broken(edit))).toMatch(message);
  });

  test('a broken file fails to load with the file, field and rule named', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'prices-'));
    const file = path.join(dir, 'prices.json');
    writeFileSync(file, JSON.stringify(broken((f) => delete f.prices[0].source)));
    expect(() => PriceBook.load(file)).toThrow(/^prices\.json\.prices\.0\.source: /);
    writeFileSync(file, '{"prices": [');
    expect(() => PriceBook.load(file)).toThrow(/is not valid JSON/);
    expect(() => PriceBook.load(path.join(dir, 'absent.json'))).toThrow(/cannot be read/);
  });
});
