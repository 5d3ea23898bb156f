import { Fn } from 'cdktf';
import { assertJsonencodeSafe } from '../cdktf-compat/jsonencode';
import { ValidationError } from '../errors';
import type { PolicyStatement } from './statement';

export type { PolicyStatement } from './statement';

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
  assertJsonencodeSafe(statement, field, 'iam.noQuotesOrBackslashes', 'policy values must not contain " or \\');
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
