import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';

/** A synthesized Terraform JSON value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** A provider class (`S3Bucket`, `DataAwsPartition`) or its Terraform type name (`aws_s3_bucket`). */
export type ResourceType = string | { readonly tfResourceType: string };

function typeName(type: ResourceType): string {
  return typeof type === 'string' ? type : type.tfResourceType;
}

/**
 * Typed assertions over one synthesized stack, keyed by resource type (the shape of
 * TerraConstructs' `Template`): resources by type and address name, data sources, outputs, the
 * address list (the state contract) and the `moved` blocks.
 */
export class Template {
  /** Synthesizes `stack` (aspects included, as `cdktf synth` runs them). */
  static synth(stack: TerraformStack): Template {
    return new Template(JSON.parse(Testing.synth(stack)) as Json);
  }

  constructor(readonly json: Json) {}

  /** Resources of `type` by address name (`{}` when there are none). */
  resources(type: ResourceType): Record<string, Json> {
    return (this.json.resource?.[typeName(type)] ?? {}) as Record<string, Json>;
  }

  /** The resources of `type`, in address-name order. */
  resourceList(type: ResourceType): Json[] {
    return Object.values(this.resources(type));
  }

  /** The resource `<type>.<name>`; throws listing the names there are. */
  resource(type: ResourceType, name: string): Json {
    const all = this.resources(type);
    if (!(name in all)) throw new Error(`no ${typeName(type)}.${name}; there are: ${Object.keys(all).join(', ') || 'none'}`);
    return all[name];
  }

  /** The only resource of `type`; throws when there is not exactly one. */
  only(type: ResourceType): Json {
    const all = this.resourceList(type);
    if (all.length !== 1) throw new Error(`expected one ${typeName(type)}, found ${all.length}`);
    return all[0];
  }

  /** The one resource of `type` whose config satisfies `pick`, as `[name, config]`. */
  find(type: ResourceType, pick: (config: Json) => boolean): [string, Json] {
    const hits = Object.entries(this.resources(type)).filter(([, r]) => pick(r));
    if (hits.length !== 1) throw new Error(`expected one matching ${typeName(type)}, found ${hits.length}`);
    return hits[0];
  }

  /** Data sources of `type` by name. */
  data(type: ResourceType): Record<string, Json> {
    return (this.json.data?.[typeName(type)] ?? {}) as Record<string, Json>;
  }

  /** The output `name`; throws when absent. */
  output(name: string): Json {
    const out = this.json.output?.[name];
    if (out === undefined) throw new Error(`no output ${name}; there are: ${Object.keys(this.json.output ?? {}).join(', ')}`);
    return out as Json;
  }

  /** `<type>.<name>` of every resource, sorted: what Terraform state holds. */
  addresses(): string[] {
    return Object.entries((this.json.resource ?? {}) as Record<string, Json>)
      .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
      .sort();
  }

  /** The `moved` blocks, sorted by `from`. */
  moved(): { from: string; to: string }[] {
    return ((this.json.moved ?? []) as { from: string; to: string }[])
      .map(({ from, to }) => ({ from, to }))
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }

  /**
   * The `from` addresses of the `removed` blocks that forget without destroying
   * (`lifecycle { destroy = false }`), sorted.
   */
  forgotten(): string[] {
    return ((this.json.removed ?? []) as { from: string; lifecycle?: { destroy?: boolean } }[])
      .filter((r) => r.lifecycle?.destroy === false)
      .map((r) => r.from)
      .sort();
  }

  /** `${<type>.<name>.<attribute>}`, as a reference to it appears in the JSON. */
  ref(type: ResourceType, name: string, attribute: string): string {
    this.resource(type, name);
    return `\${${typeName(type)}.${name}.${attribute}}`;
  }
}

/**
 * Builds a stack with cdktf's HCL renderer on (`SYNTH_HCL_OUTPUT=true` is read when a stack is
 * constructed) and returns the HCL; the variable is restored afterwards.
 */
export function synthHcl(build: () => TerraformStack): string {
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'true';
  try {
    return String(Testing.synthHcl(build()));
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
}

/**
 * Turns a synthesized `${jsonencode({...})}` expression back into JSON so tests can compare
 * policies exactly; `base64decode("...")` is decoded, and bare references (`aws_x.y.arn`) become
 * `"${aws_x.y.arn}"` strings.
 */
export function decodeJsonencode(expression: string): Json {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expression);
  if (!m) throw new Error(`not a jsonencode expression: ${expression.slice(0, 80)}`);
  const json = m[1]
    .replace(/base64decode\("([A-Za-z0-9+/=]*)"\)/g, (_, b64: string) =>
      JSON.stringify(Buffer.from(b64, 'base64').toString('utf8')),
    )
    .replace(/" = /g, '": ')
    .replace(/([[:,]\s*)((?:data\.)?aws_[A-Za-z0-9_.-]+)/g, '$1"${$2}"');
  return JSON.parse(json) as Json;
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** `value` with every cdktf token replaced by the Terraform expression it synthesizes to, e.g. `${aws_s3_bucket.logs.arn}`. */
export function resolveTokens<T>(scope: IConstruct, value: T): T {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER }) as T;
}
