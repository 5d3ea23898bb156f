import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Fn, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { AddressableProps, addressNameOf, setAddress } from '../addresses';
import { ValidationError } from '../errors';
import type { IGrantable } from '../iam/grant';
import { policyDocument } from '../iam/policy';
import type { PolicyStatement } from '../iam/statement';
import { PlatformStack } from '../platform-stack';

export interface ServiceRoleProps extends AddressableProps {
  /** Role name, 1-64 characters (`ResourceNames.iamRole` builds and checks it). */
  readonly roleName: string;
  /** Service principal allowed to assume the role, e.g. `firehose.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Optional `aws:SourceArn` (ArnLike) narrowing the trust to one resource. @default no SourceArn condition */
  readonly sourceArn?: string;
  /**
   * Whether the trust policy requires `aws:SourceAccount` to be the stack's account (guards against
   * the confused-deputy problem). Lambda and ECS tasks do not send it on AssumeRole, so their
   * roles set false.
   * @default true
   */
  readonly restrictToSourceAccount?: boolean;
  /** @default no description */
  readonly description?: string;
  /** Name of the inline policy. @default 'least-privilege' */
  readonly policyName?: string;
}

/**
 * An IAM role assumed by one AWS service, with one inline policy assembled from the statements
 * granted to it. Statements must name concrete resources (see `PolicyStatement`). It is the
 * {@link IGrantable} every `grantX(grantee)` takes. Addresses: `aws_iam_role.<addressName>` and
 * `aws_iam_role_policy.<addressName>`.
 */
export class ServiceRole extends Construct implements IGrantable {
  readonly role: IamRole;
  private readonly statements: PolicyStatement[] = [];
  private policy?: IamRolePolicy;
  private readonly addressName: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ServiceRoleProps,
  ) {
    super(scope, id);
    // Principals are written in code, not config, so their rule is checked here.
    if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(props.servicePrincipal)) {
      throw new ValidationError(
        `${id}.servicePrincipal`,
        '[iam.servicePrincipal] must be a service principal such as "firehose.amazonaws.com"',
        props.servicePrincipal,
      );
    }
    this.addressName = addressNameOf(id, props);
    const conditions: Record<string, Record<string, string>> = {};
    if (props.restrictToSourceAccount ?? true) conditions.StringEquals = { 'aws:SourceAccount': PlatformStack.of(this).account };
    if (props.sourceArn) conditions.ArnLike = { 'aws:SourceArn': props.sourceArn };
    this.role = setAddress(
      new IamRole(this, 'role', {
        name: props.roleName,
        description: props.description,
        assumeRolePolicy: policyDocumentForTrust(props.servicePrincipal, conditions),
      }),
      this.addressName,
    );
  }

  get roleArn(): string {
    return this.role.arn;
  }

  get roleName(): string {
    return this.role.name;
  }

  /** The role's ARN, as {@link IGrantable} needs it. */
  get principalArn(): string {
    return this.role.arn;
  }

  /** Adds statements to the role's inline policy (created on first use). */
  addToPolicy(...statements: PolicyStatement[]): this {
    this.statements.push(...statements);
    if (!this.policy) {
      this.policy = setAddress(
        new IamRolePolicy(this, 'policy', {
          name: this.props.policyName ?? 'least-privilege',
          role: this.role.id,
          policy: Lazy.stringValue({ produce: () => policyDocument(this.statements, `${this.node.id}.policy`) }),
        }),
        this.addressName,
      );
    }
    return this;
  }

  addToPrincipalPolicy(...statements: PolicyStatement[]): void {
    this.addToPolicy(...statements);
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
