import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkoutCopy, outputDigest, removeCheckout, synth, synthAsync, synthLeftovers, terraformReading } from './checkout';
import { CaseInput, HOSTILE_CASES, LiteralCase, RefusedCase } from './hostile-config/corpus';

/**
 * Every case of the hostile-configuration corpus through the real synth script
 * (`node scripts/synth.js log-platform mcp-server` in a checkout copy, as `npm run synth` runs it).
 */

/** Writes the case's config file as `<root>/<name>/platform.json` (errors name the file). */
function writeInput(root: string, name: string, input: CaseInput): string {
  mkdirSync(path.join(root, name), { recursive: true });
  const file = path.join(root, name, 'platform.json');
  if ('config' in input) writeFileSync(file, JSON.stringify(input.config, null, 2));
  else if ('text' in input) writeFileSync(file, input.text, 'utf8');
  else
    writeFileSync(file, Buffer.concat(input.bytes.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));
  return file;
}

function at(value: unknown, keys: readonly (string | number)[]): unknown {
  return keys.reduce<any>((node, k) => (node === undefined || node === null ? undefined : node[k]), value);
}

const refused = HOSTILE_CASES.filter((c): c is RefusedCase => c.outcome === 'refused');
const literal = HOSTILE_CASES.filter((c): c is LiteralCase => c.outcome === 'literal');

describe('the hostile-configuration corpus', () => {
  it('has at least 60 cases, every name unique, every reported input kept', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(HOSTILE_CASES.map((c) => c.name)).size).toBe(HOSTILE_CASES.length);
    expect(refused.filter((c) => c.reported).length).toBeGreaterThanOrEqual(20);
  });
});

describe('hostile configurations that synth refuses', () => {
  let root: string;
  let before: string;
  const results = new Map<string, { status: number | null; stdout: string; stderr: string; digest: string }>();

  beforeAll(async () => {
    root = checkoutCopy('hostile');
    const first = synth(root);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    before = outputDigest(root);
    // Two at a time: each is its own node process, and most fail while reading the config.
    const queue = refused.map((c, i) => ({ c, file: writeInput(root, `case-${i}`, c.input) }));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const r = await synthAsync(root, { PLATFORM_CONFIG: next.file, ...(next.c.env ?? {}) });
        results.set(next.c.name, { ...r, digest: outputDigest(root) });
      }
    };
    await Promise.all([worker(), worker()]);
  }, 600_000);

  afterAll(() => removeCheckout(root));

  it.each(refused.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = results.get(c.name)!;
    const firstLine = r.stderr.split('\n')[0];
    expect(firstLine).toContain(`synth failed: ${c.field}: `);
    expect(firstLine).toContain(c.rule.includes('.') && !c.rule.includes(' ') ? `[${c.rule}]` : c.rule);
    // One line, no stack trace.
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(1);
    expect(r.digest).toBe(before);
  });

  it('left every previous output intact and no scratch folder behind', () => {
    expect(outputDigest(root)).toBe(before);
    expect(synthLeftovers(root)).toEqual([]);
  });
});

describe('hostile configurations whose text reaches Terraform literally', () => {
  let root: string;
  beforeAll(() => {
    root = checkoutCopy('literal');
  });
  afterAll(() => removeCheckout(root));

  it.each(literal.map((c) => [c.name, c] as const))(
    '%s',
    (_name, c) => {
      const r = synth(root, { PLATFORM_CONFIG: writeInput(root, 'literal', c.input) });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      for (const l of c.literals) {
        const json = JSON.parse(
          readFileSync(
            path.join(root, 'apps', l.stack.replace(/-dev$/, ''), 'cdktf.out', 'stacks', l.stack, 'cdk.tf.json'),
            'utf8',
          ),
        );
        const read = terraformReading(at(json, l.path));
        expect([l.path.join('.'), l.inJson ? at(JSON.parse(read), l.inJson) : read]).toEqual([l.path.join('.'), l.value]);
      }
    },
    120_000,
  );
});
