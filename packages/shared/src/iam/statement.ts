/**
 * One IAM policy statement, in the shape AWS CDK users know (IAM User Guide, "IAM JSON policy
 * elements reference"). A plain value: building one loads no cdktf code, so Lambda bundles and
 * pure contract packages can describe permissions too; `policyDocument` renders it.
 */
export interface PolicyStatement {
  /** Statement id; letters and digits (IAM `Sid`). @default no Sid */
  readonly sid?: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  /** IAM actions such as `s3:GetObject`; at least one, no wildcards in an Allow. */
  readonly actions: readonly string[];
  /** Concrete ARNs (Terraform tokens allowed). `*` needs {@link PolicyStatement.wildcardReason}. */
  readonly resources: readonly string[];
  /** IAM condition block: operator -> key -> value(s). @default no condition */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
  /** Principals, for resource policies (e.g. bucket policies). @default none (identity policy) */
  readonly principals?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Why `Resource: "*"` is unavoidable (the action supports no resource-level permissions).
   * Without it a wildcard resource in an Allow fails synth: least privilege is the default here.
   * @default none: wildcard resources are refused
   */
  readonly wildcardReason?: string;
}
