import type { PolicyStatement } from './statement';

/**
 * A principal permissions can be granted to: a role with an identity policy (`ServiceRole`).
 * The one grantee shape of every `grantX(grantee)` method, as in the AWS CDK's `iam.IGrantable`.
 */
export interface IGrantable {
  /** ARN of the principal, for Lake Formation grants and resource policies (a Terraform token is fine). */
  readonly principalArn: string;
  /** Adds statements to the principal's identity policy. */
  addToPrincipalPolicy(...statements: PolicyStatement[]): void;
}

/** What a `grantX(grantee)` call did: the statements it added to the grantee's policy. */
export interface Grant {
  readonly grantee: IGrantable;
  readonly statements: readonly PolicyStatement[];
}

/**
 * Adds `statements` to `grantee`'s policy and returns them: the single path every public
 * `grantX` method goes through, so grants differ only in the statements they build.
 */
export function grant(grantee: IGrantable, statements: readonly PolicyStatement[]): Grant {
  grantee.addToPrincipalPolicy(...statements);
  return { grantee, statements };
}
