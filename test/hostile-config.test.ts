import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  checkoutCopy,
  outputDigest,
  removeCheckout,
  synth,
  SynthResult,
  SynthServer,
  synthLeftovers,
  terraformReading,
} from './checkout';
import { CaseInput, HOSTILE_CASES, LiteralCase, RefusedCase } from './hostile-config/corpus';

/**
 * Every case of the hostile-configuration corpus through the real synth script in a checkout
 * copy: `scripts/synth.js`'s command-line function for `log-platform mcp-server`, served for every
 * case by one Node process (`SynthServer`), and for a few cases of each kind of failure the
 * command line itself (`node scripts/synth.js`, as `npm run synth` runs it), so the exit code
 * and the printed line are proven at the process too.
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
/**
 * Refused cases that also run as their own `node scripts/synth.js` process: one refused while the
 * config file is read (bytes), one refused by an app's own section rules while its stacks are
 * staged. (A failure of the second app after the first was staged runs as a process in
 * synth.test.ts.)
 */
const THROUGH_THE_COMMAND_LINE = ['invalid UTF-8 in the project', 'quote in demo.cluster'];

/** One checkout copy and one synth process for the whole file (the describes run in order). */
let root: string;
let server: SynthServer;
beforeAll(() => {
  root = checkoutCopy('hostile');
  server = new SynthServer(root);
});
afterAll(async () => {
  await server.close();
  removeCheckout(root);
});

describe('the hostile-configuration corpus', () => {
  it('has at least 60 cases, every name unique, every reported input kept', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(HOSTILE_CASES.map((c) => c.name)).size).toBe(HOSTILE_CASES.length);
    expect(refused.filter((c) => c.reported).length).toBeGreaterThanOrEqual(20);
  });
});

describe('hostile configurations that synth refuses', () => {
  let before: string;
  const results = new Map<string, SynthResult & { digest: string }>();
  const files = new Map<string, string>();

  function expectRefused(c: RefusedCase, r: SynthResult & { digest: string }) {
    const firstLine = r.stderr.split('\n')[0];
    expect(firstLine).toContain(`synth failed: ${c.field}: `);
    expect(firstLine).toContain(c.rule.includes('.') && !c.rule.includes(' ') ? `[${c.rule}]` : c.rule);
    // One line, no stack trace.
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(1);
    expect(r.digest).toBe(before);
  }

  beforeAll(async () => {
    const first = await server.synth();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    before = outputDigest(root);
    // One after the other in the one process: most fail while reading the config, in milliseconds.
    for (const [i, c] of refused.entries()) {
      const file = writeInput(root, `case-${i}`, c.input);
      files.set(c.name, file);
      const r = await server.synth({ PLATFORM_CONFIG: file, ...(c.env ?? {}) });
      results.set(c.name, { ...r, digest: outputDigest(root) });
    }
  }, 600_000);

  it.each(refused.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectRefused(c, results.get(c.name)!);
  });

  it.each(THROUGH_THE_COMMAND_LINE)('through the command line, as its own process: %s', (name) => {
    const c = refused.find((x) => x.name === name)!;
    expect(c).toBeDefined();
    const r = synth(root, { PLATFORM_CONFIG: files.get(name)!, ...(c.env ?? {}) });
    expectRefused(c, { ...r, digest: outputDigest(root) });
    // The process prints exactly what the served run printed.
    const served = results.get(name)!;
    expect([r.status, r.stdout, r.stderr]).toEqual([served.status, served.stdout, served.stderr]);
  });

  it('left every previous output intact and no scratch folder behind', () => {
    expect(outputDigest(root)).toBe(before);
    expect(synthLeftovers(root)).toEqual([]);
  });
});

describe('hostile configurations whose text reaches Terraform literally', () => {
  it.each(literal.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const r = await server.synth({ PLATFORM_CONFIG: writeInput(root, 'literal', c.input) });
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
