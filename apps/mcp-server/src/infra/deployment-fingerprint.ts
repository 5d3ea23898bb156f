import { Fn } from 'cdktf';
import { createHash } from 'node:crypto';

/** How cdktf encodes unresolved values inside strings (`${TfToken[TOKEN.n]}`, lists `#{TfToken[...]}`). */
const TOKEN = /[$#]\{TfToken\[[^\]]*\]\}/g;

/**
 * Collects the configuration of every REST API resource, method, integration, template and
 * gateway response so the deployment can be replaced whenever any of it changes. API Gateway
 * serves a deployment's snapshot: an integration or template updated in place is not live until
 * a new deployment exists, and Terraform has no dependency edge that would create one.
 *
 * Two halves: literal text (templates, paths, statuses, header values) is hashed at synth time,
 * with each token replaced by a placeholder so token numbering cannot change the hash; the
 * token values themselves (ids, ARNs, URLs known only at apply) are hashed by Terraform with
 * `sha1(jsonencode([...]))`, so a replaced Lambda or authorizer also redeploys.
 */
export class DeploymentFingerprint {
  private readonly entries: [string, unknown][] = [];
  private readonly tokens: string[] = [];

  /** Records `config` under a unique `key` such as `method GET /mcp`. */
  add(key: string, config: unknown): void {
    this.entries.push([key, config]);
    collectTokens(config, this.tokens);
  }

  /** sha256 of the literal configuration, keys sorted so declaration order does not matter. */
  literalHash(): string {
    const sorted = [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const json = JSON.stringify(sorted, (_k, v: unknown) => (typeof v === 'string' ? v.replace(TOKEN, '<token>') : v));
    return createHash('sha256').update(json).digest('hex');
  }

  /** `aws_api_gateway_deployment.triggers`. */
  triggers(): Record<string, string> {
    return {
      redeployment: this.literalHash(),
      tokens: Fn.sha1(Fn.jsonencode(this.tokens)),
    };
  }

  /** Number of recorded entries (for tests). */
  get size(): number {
    return this.entries.length;
  }
}

function collectTokens(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    // Each token on its own: the literal text around it is already in the synth-time hash, and
    // quotes around a token would need escaping inside the Terraform expression.
    for (const token of value.match(TOKEN) ?? []) if (!out.includes(token)) out.push(token);
  } else if (Array.isArray(value)) {
    for (const v of value) collectTokens(v, out);
  } else if (value && typeof value === 'object') {
    for (const k of Object.keys(value).sort()) collectTokens((value as Record<string, unknown>)[k], out);
  }
}
