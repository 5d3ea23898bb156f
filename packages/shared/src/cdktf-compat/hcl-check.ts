import { parse } from '@cdktf/hcl2json';
import { formatValue, ValidationError } from '../errors';

/** A parsed Terraform document, JSON syntax or hcl2json's reading of HCL. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a document of any shape, read by path in tests
export type TerraformDocument = Record<string, any>;

/** The top-level blocks whose strings {@link hclMismatches} compares by default. */
export const COMPARED_BLOCKS = ['terraform', 'provider', 'resource', 'data', 'output', 'moved', 'removed'] as const;

/**
 * hcl2json's reading of `hcl` (the HCL v2 parser cdktf itself ships, compiled to WebAssembly):
 * string values as Terraform holds them before evaluation, `${...}` expressions as source text.
 * Rejects with the parser's diagnostics (file, line, column) when `hcl` does not parse.
 */
export async function parseHcl(hcl: string, fileName = 'cdk.tf'): Promise<TerraformDocument> {
  return (await parse(fileName, hcl)) as TerraformDocument;
}

/** What {@link hclMismatches} found: leaves compared, and each `[path, JSON value, HCL value]` that differs. */
export interface HclComparison {
  readonly count: number;
  readonly mismatches: [string, string, unknown][];
}

/**
 * Every string leaf of the JSON rendering whose value differs in the HCL rendering (as
 * {@link parseHcl} reads it), as `[path, json value, hcl value]`; `count` is how many leaves were
 * compared. The representations that differ without a difference in value are accepted:
 * references bare in JSON `moved`/`removed` blocks, `depends_on` and `replace_triggered_by`, `${null}` written as `null`, numeric
 * strings written unquoted, and `formatHcl`'s `trimsuffix(<<EOF ... EOF, "\n")`. With
 * `rawHeredocs`, a multi-line string may be one newline longer in HCL: cdktf's own heredocs,
 * before `formatHcl` repairs them.
 */
export function hclMismatches(
  json: TerraformDocument,
  hcl: TerraformDocument,
  options: { readonly blocks?: readonly string[]; readonly rawHeredocs?: boolean } = {},
): HclComparison {
  const out: [string, string, unknown][] = [];
  for (const block of options.blocks ?? COMPARED_BLOCKS) pairs(json[block], singleBlock(json[block], hcl[block]), block, out);
  const mismatches = out.filter(([path, j, h]) => {
    // Addresses in `moved`/`removed` blocks and `depends_on` are references: bare in JSON, `${...}` in hcl2json.
    if (/^(moved|removed)\[|\.depends_on\[|\.lifecycle\.replace_triggered_by\[/.test(path) && h === `\${${j}}`) return false;
    // `${null}` (see cdktf-compat's TERRAFORM_NULL) is a null in both: HCL writes it as `null`.
    if (j === '${null}') return h !== null && h !== undefined;
    // cdktf writes a numeric string unquoted; Terraform converts it back for string attributes.
    if ((typeof h === 'number' || typeof h === 'boolean') && String(h) === j) return false;
    if (typeof h === 'string') {
      const trimmed = TRIMSUFFIX_HEREDOC.exec(h);
      if (trimmed) return trimmed[1] !== j;
    }
    return h !== (options.rawHeredocs && j.includes('\n') ? `${j}\n` : j);
  });
  return { count: out.length, mismatches };
}

/** `formatHcl`'s exact heredoc for a value without a final newline, as hcl2json returns it. */
const TRIMSUFFIX_HEREDOC = /^\$\{trimsuffix\(<<EOF\n([\s\S]*)\nEOF\n, "\\n"\)\}$/;

/**
 * Synth's guard over what it writes: the HCL rendering of a stack must parse, and every string
 * of its JSON rendering must read the same in it. Throws a {@link ValidationError} naming the
 * stack, the first differing attribute and the rule `[synth.hclRendering]` otherwise; a stack
 * whose HCL Terraform would refuse, or read differently from its JSON, is never written.
 */
export async function assertHclMatchesJson(stack: string, json: TerraformDocument, hcl: string): Promise<number> {
  let parsed: TerraformDocument;
  try {
    parsed = await parseHcl(hcl, `${stack}/cdk.tf`);
  } catch (e) {
    throw new ValidationError(
      `stack ${stack}`,
      `[synth.hclRendering] the HCL rendering does not parse, so it was not written: ${String((e as Error).message ?? e).slice(0, 600)}`,
    );
  }
  const { count, mismatches } = hclMismatches(json, parsed);
  if (mismatches.length > 0) {
    const [path, j, h] = mismatches[0];
    throw new ValidationError(
      `stack ${stack}`,
      `[synth.hclRendering] ${mismatches.length} value(s) of the HCL rendering differ from the JSON rendering, so neither was written; first: ${path} is ${formatValue(j)} in JSON, ${formatValue(h)} in HCL`,
    );
  }
  return count;
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
      pairs(v, singleBlock(v, (hcl as TerraformDocument | undefined)?.[k]), `${path}.${k}`, out);
    }
  }
}

/** hcl2json represents every block as a list of blocks; a single one is compared with its JSON object. */
function singleBlock(json: unknown, hcl: unknown): unknown {
  return Array.isArray(hcl) && !Array.isArray(json) && hcl.length === 1 ? hcl[0] : hcl;
}

/**
 * Repeated blocks of different types (`provisioner "local-exec" {}` twice): JSON keeps them as a
 * list of `{ type: body }`, hcl2json as `{ type: [body, ...] }`. The HCL side in the JSON's order.
 */
function blockList(json: unknown[], hcl: unknown): unknown[] | undefined {
  if (!hcl || typeof hcl !== 'object' || Array.isArray(hcl)) return undefined;
  const single = json.every((v) => v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1);
  if (!single) return undefined;
  const queues = Object.fromEntries(
    Object.entries(hcl as TerraformDocument).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]),
  );
  return json.map((v) => {
    const type = Object.keys(v as TerraformDocument)[0];
    return { [type]: queues[type]?.shift() };
  });
}
