import { Fn } from 'cdktf';
import { ValidationError } from '../errors';

/** One IAM policy statement, in the shape AWS CDK users know. */
export interface PolicyStatement {
  readonly sid?: string;
  /** Default `Allow`. */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** Concrete ARNs (Terraform tokens allowed). `*` needs {@link PolicyStatement.wildcardReason}. */
  readonly resources: readonly string[];
  /** IAM condition block: operator -> key -> value(s). */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
  /** Principals, for resource policies (e.g. bucket policies). */
  readonly principals?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Why `Resource: "*"` is unavoidable (the action supports no resource-level permissions).
   * Without it a wildcard resource in an Allow fails synth: least privilege is the default here.
   */
  readonly wildcardReason?: string;
}

/** IAM's statement JSON for `statement`, after checking the least-privilege rules. */
export function toIamStatement(statement: PolicyStatement, field = 'policy'): Record<string, unknown> {
  if (statement.actions.length === 0) {
    throw new ValidationError(`${field}.actions`, '[iam.actions] a statement needs at least one action');
  }
  if (statement.resources.length === 0) {
    throw new ValidationError(`${field}.resources`, '[iam.resources] a statement needs at least one resource');
  }
  // Wildcards are refused only where they grant: a broad Deny (e.g. TLS-only) is the safe direction.
  const allows = (statement.effect ?? 'Allow') === 'Allow';
  if (allows && statement.actions.some((a) => a === '*' || a.endsWith(':*'))) {
    throw new ValidationError(
      `${field}.actions`,
      '[iam.noWildcardActions] name each action; "*" and "service:*" are not allowed',
      statement.actions,
    );
  }
  if (allows && statement.resources.includes('*') && !statement.wildcardReason) {
    throw new ValidationError(
      `${field}.resources`,
      '[iam.noWildcardResources] scope the statement to concrete ARNs, or set wildcardReason when the actions support no resource-level permissions',
      statement.actions,
    );
  }
  const unsafe = collectStrings(statement).find((v) => /["\\]/.test(v));
  if (unsafe !== undefined) {
    // cdktf 0.21 renders Fn.jsonencode(...) as an HCL object literal without escaping quotes or
    // backslashes inside strings, so such a value would produce a broken or different policy.
    throw new ValidationError(field, '[iam.noQuotesOrBackslashes] policy values must not contain " or \\', unsafe);
  }
  return {
    ...(statement.sid ? { Sid: statement.sid } : {}),
    Effect: statement.effect ?? 'Allow',
    ...(statement.principals ? { Principal: statement.principals } : {}),
    Action: statement.actions.length === 1 ? statement.actions[0] : [...statement.actions],
    Resource: statement.resources.length === 1 ? statement.resources[0] : [...statement.resources],
    ...(statement.conditions ? { Condition: statement.conditions } : {}),
  };
}

/** A policy document as a Terraform `jsonencode(...)` expression, so ARN tokens resolve at plan time. */
export function policyDocument(statements: readonly PolicyStatement[], field = 'policy'): string {
  if (statements.length === 0) {
    throw new ValidationError(field, '[iam.emptyPolicy] a policy document needs at least one statement');
  }
  return Fn.jsonencode({ Version: '2012-10-17', Statement: statements.map((s, i) => toIamStatement(s, `${field}[${i}]`)) });
}

function collectStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...collectStrings(v)]);
  return [];
}
