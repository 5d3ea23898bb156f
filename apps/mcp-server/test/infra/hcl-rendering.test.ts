import { parse } from '@cdktf/hcl2json';
import { Testing } from 'cdktf';
import { spawnSync } from 'node:child_process';
import { McpServerStack } from '../../src/stack';
import { environment } from './helpers';

// `npm run verify` also plans the HCL rendering of each stack (SYNTH_HCL_OUTPUT=true), and cdktf
// 0.21's HCL renderer mishandles quotes next to tokens and backslashes (see src/infra/hcl-safe.ts).
// Here both renderings of the whole stack are compared value by value.
type Json = Record<string, unknown>;

function render(app: Json, hcl: boolean): string {
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    const stack = new McpServerStack(Testing.app(), { config: environment(app) });
    return hcl ? String(Testing.synthHcl(stack)) : Testing.synth(stack);
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
}

/** Every string leaf of `json` next to the value at the same place in the parsed HCL. */
function pairs(json: unknown, hcl: unknown, path: string, out: [string, string, unknown][]): void {
  if (typeof json === 'string') {
    out.push([path, json, hcl]);
  } else if (Array.isArray(json)) {
    json.forEach((v, i) => pairs(v, Array.isArray(hcl) ? hcl[i] : undefined, `${path}[${i}]`, out));
  } else if (json && typeof json === 'object') {
    for (const [k, v] of Object.entries(json)) {
      let h = (hcl as Json | undefined)?.[k];
      // hcl2json represents every nested block as a list of blocks.
      if (Array.isArray(h) && !Array.isArray(v) && h.length === 1) h = h[0];
      pairs(v, h, `${path}.${k}`, out);
    }
  }
}

describe.each([
  ['defaults', {}],
  [
    'all options',
    {
      manageApiGatewayAccountLogging: true,
      preRegisteredClient: { name: 'vscode', callbackUrls: ['https://vscode.dev/redirect'] },
    },
  ],
])('HCL rendering of the stack (%s)', (_label, app) => {
  let json: { resource: Record<string, Record<string, Json>> };
  let hcl: string;
  let parsed: { resource: Record<string, Record<string, Json[]>> };
  beforeAll(async () => {
    json = JSON.parse(render(app, false));
    hcl = render(app, true);
    parsed = (await parse('cdk.tf', hcl)) as typeof parsed;
  });

  it('is valid HCL for terraform fmt', () => {
    const terraform = ['tofu', 'terraform'].find((bin) => spawnSync(bin, ['version']).status === 0);
    if (!terraform) return; // hcl2json above already parsed it
    const r = spawnSync(terraform, ['fmt', '-'], {
      input: hcl,
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
    });
    expect(r.status).toBe(0);
  });

  it('gives every resource attribute the same string value as the JSON', () => {
    const out: [string, string, unknown][] = [];
    for (const [type, byId] of Object.entries(json.resource)) {
      for (const [id, config] of Object.entries(byId)) pairs(config, parsed.resource[type]?.[id]?.[0], `${type}.${id}`, out);
    }
    expect(out.length).toBeGreaterThan(300);
    const mismatches = out.filter(([, j, h]) => {
      // cdktf writes multi-line strings as heredocs, which always end with one more newline.
      const expected = j.includes('\n') ? `${j}\n` : j;
      return h !== expected;
    });
    expect(mismatches).toEqual([]);
  });
});
