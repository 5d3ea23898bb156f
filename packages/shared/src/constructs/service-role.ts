import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Fn, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';
import { IAM_ROLE_NAME, assertName } from '../naming/rules';
import { PolicyStatement, policyDocument } from '../iam/policy';

export interface ServiceRoleProps {
  /** Role name; validated against IAM's rules (use `ResourceNames.iamRole`). */
  readonly roleName: string;
  /** Service principal allowed to assume the role, e.g. `firehose.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * Account that may act through the service (`aws:SourceAccount`), guarding against the
   * confused-deputy problem. Pass `data.aws_caller_identity.account_id`.
   */
  readonly sourceAccount: string;
  /** Optional `aws:SourceArn` (ArnLike) narrowing the trust to one resource. */
  readonly sourceArn?: string;
  /**
   * Whether the trust policy carries the `aws:SourceAccount` condition (default true).
   * Lambda and ECS tasks do not send it on AssumeRole, so their roles set false.
   */
  readonly restrictToSourceAccount?: boolean;
  readonly description?: string;
  /** Name of the inline policy (default `least-privilege`). */
  readonly policyName?: string;
}

/**
 * An IAM role assumed by one AWS service, with one inline policy assembled from
 * `addToPolicy` calls. Statements must name concrete resources (see `PolicyStatement`).
 */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  private readonly statements: PolicyStatement[] = [];
  private policy?: IamRolePolicy;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ServiceRoleProps,
  ) {
    super(scope, id);
    assertName(IAM_ROLE_NAME, props.roleName, `${id}.roleName`);
    if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(props.servicePrincipal)) {
      throw new ValidationError(
        `${id}.servicePrincipal`,
        '[iam.servicePrincipal] must be a service principal such as "firehose.amazonaws.com"',
        props.servicePrincipal,
      );
    }
    const conditions: Record<string, Record<string, string>> = {};
    if (props.restrictToSourceAccount ?? true) conditions.StringEquals = { 'aws:SourceAccount': props.sourceAccount };
    if (props.sourceArn) conditions.ArnLike = { 'aws:SourceArn': props.sourceArn };
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: policyDocumentForTrust(props.servicePrincipal, conditions),
    });
  }

  get roleArn(): string {
    return this.role.arn;
  }

  get roleName(): string {
    return this.role.name;
  }

  /** Adds statements to the role's inline policy (created on first use). */
  addToPolicy(...statements: PolicyStatement[]): this {
    this.statements.push(...statements);
    if (!this.policy) {
      this.policy = new IamRolePolicy(this, 'policy', {
        name: this.props.policyName ?? 'least-privilege',
        role: this.role.id,
        policy: Lazy.stringValue({ produce: () => policyDocument(this.statements, `${this.node.id}.policy`) }),
      });
    }
    return this;
  }

  /** The inline policy resource, for `dependsOn` from resources that need it in place first. */
  get policyResource(): IamRolePolicy | undefined {
    return this.policy;
  }
}

function policyDocumentForTrust(principal: string, conditions: Record<string, Record<string, string>>): string {
  // Trust policies carry no Resource element, so they are written here rather than via policyDocument.
  return Fn.jsonencode({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: principal },
        Action: 'sts:AssumeRole',
        ...(Object.keys(conditions).length ? { Condition: conditions } : {}),
      },
    ],
  });
}
