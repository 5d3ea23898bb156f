import { parse } from '@cdktf/hcl2json';
import { spawnSync } from 'node:child_process';
import { enginePath, TERRAFORM } from './engines';
import { TerraformStack, Testing } from 'cdktf';
import { synthHcl, type Json } from './template';

/** `terraform fmt -` (or tofu) over `hcl`: the engine's own parser, no providers or network. */
export function terraformFmt(hcl: string): { status: number | null; stderr: string } {
  const r = spawnSync(enginePath(TERRAFORM), ['fmt', '-'], {
    input: hcl,
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
  });
  // An empty CLI config file makes Terraform print a warning box; it is not a parse error.
  return { status: r.status, stderr: r.stderr.replace(/.*CLI configuration[\s\S]*?╵\n/, '') };
}

/** hcl2json's reading of `hcl` (the parser cdktf itself ships). */
export async function parseHcl(hcl: string): Promise<Json> {
  return (await parse('cdk.tf', hcl)) as Json;
}

/**
 * Every string leaf of the JSON rendering whose value differs in the HCL rendering, as
 * `[path, json value, hcl value]`; `count` is how many leaves were compared. A multi-line string
 * is expected one newline longer in HCL (cdktf's heredocs; `formatHcl` repairs them in the files
 * `npm run synth` writes).
 */
export function hclMismatches(
  json: Json,
  hcl: Json,
  blocks: readonly string[] = ['resource', 'data', 'output', 'moved'],
): {
  count: number;
  mismatches: [string, string, unknown][];
} {
  const out: [string, string, unknown][] = [];
  for (const block of blocks) pairs(json[block], hcl[block], block, out);
  const mismatches = out.filter(([path, j, h]) => {
    // Addresses in `moved` blocks and `depends_on` are references: bare in JSON, `${...}` in hcl2json.
    if (/^moved\[|\.depends_on\[/.test(path) && h === `\${${j}}`) return false;
    // `${null}` (see cdktf-compat's TERRAFORM_NULL) is a null in both: HCL writes it as `null`.
    if (j === '${null}') return h !== null && h !== undefined;
    // cdktf writes a numeric string unquoted; Terraform converts it back for string attributes.
    if ((typeof h === 'number' || typeof h === 'boolean') && String(h) === j) return false;
    return h !== (j.includes('\n') ? `${j}\n` : j);
  });
  return { count: out.length, mismatches };
}

function pairs(json: unknown, hcl: unknown, path: string, out: [string, string, unknown][]): void {
  if (typeof json === 'string') {
    out.push([path, json, hcl]);
  } else if (Array.isArray(json)) {
    const blocks = blockList(json, hcl);
    json.forEach((v, i) => pairs(v, blocks ? blocks[i] : Array.isArray(hcl) ? hcl[i] : undefined, `${path}[${i}]`, out));
  } else if (json && typeof json === 'object') {
    for (const [k, v] of Object.entries(json)) {
      if (k === '//') continue;
      let h = (hcl as Json | undefined)?.[k];
      // hcl2json represents every nested block as a list of blocks.
      if (Array.isArray(h) && !Array.isArray(v) && h.length === 1) h = h[0];
      pairs(v, h, `${path}.${k}`, out);
    }
  }
}

/**
 * Asserts that the HCL rendering of the stack `build` makes is valid for `terraform fmt` and
 * holds, leaf by leaf, the same strings as its JSON rendering (`npm run verify` plans both).
 * Returns how many leaves were compared.
 */
export async function expectHclToMatchJson(build: () => TerraformStack): Promise<number> {
  const json = JSON.parse(Testing.synth(build())) as Json;
  const hcl = synthHcl(build);
  const fmt = terraformFmt(hcl);
  expect(fmt.stderr).not.toContain('Error');
  expect(fmt.status).toBe(0);
  const { count, mismatches } = hclMismatches(json, await parseHcl(hcl));
  expect(mismatches).toEqual([]);
  return count;
}

/**
 * Repeated blocks of different types (`provisioner "local-exec" {}` twice): JSON keeps them as a
 * list of `{ type: body }`, hcl2json as `{ type: [body, ...] }`. The HCL side in the JSON's order.
 */
function blockList(json: unknown[], hcl: unknown): unknown[] | undefined {
  if (!hcl || typeof hcl !== 'object' || Array.isArray(hcl)) return undefined;
  const single = json.every((v) => v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1);
  if (!single) return undefined;
  const queues = Object.fromEntries(Object.entries(hcl as Json).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  return json.map((v) => {
    const type = Object.keys(v as Json)[0];
    return { [type]: queues[type]?.shift() };
  });
}
