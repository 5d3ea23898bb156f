import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { AddressableProps, addressName, addressNameOf, ServiceRole, setAddress, ValidationError } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { GUARDED_SCOPES_ENV } from '../lambda/mfa-scope-trigger';
import { bundledNodeFunction } from './bundled-node-function';
import { COGNITO_READ_USER_ACTIONS } from './permissions';

/** Where `npm run build` writes the trigger's zip (next to the tools bundle). */
export const DEFAULT_TRIGGER_BUNDLE_PATH = path.resolve(__dirname, '..', '..', 'dist', 'lambda', 'mfa-scope-trigger.zip');

export interface MfaScopeTriggerProps extends AddressableProps {
  /** Function name (`ResourceNames.lambdaFunction`). */
  readonly functionName: string;
  /** Execution role name (`ResourceNames.iamRole`). */
  readonly roleName: string;
  /** Full scopes (`mcp/logs.read`) only users with MFA set up may get. */
  readonly guardedScopes: readonly string[];
  /** @default 30 */
  readonly logRetentionDays?: number;
  /**
   * Concurrent token requests it may serve (sign-ins and refreshes); beyond it Cognito fails the
   * token request. @default 10
   */
  readonly reservedConcurrency?: number;
  /** @default {@link DEFAULT_TRIGGER_BUNDLE_PATH} */
  readonly bundlePath?: string;
}

/**
 * The Lambda behind `logTools.requireMfa`: a Cognito pre token generation trigger (event version
 * `V2_0`) that removes the guarded scopes from the access token of a user without an MFA method
 * (see `src/lambda/mfa-scope-trigger.ts` for why that is the check). Wire it with
 * `preTokenGenerationConfig` (the pool's `lambda_config`) and then {@link grantUserPool}: the pool
 * needs the function's ARN and the role needs the pool's, so the role policy comes after the
 * pool. 5 seconds timeout: Cognito waits at most 5 seconds for a trigger.
 *
 * Addresses, for address name `n`: `aws_lambda_function.n`, `aws_iam_role.n` (+ policy),
 * `aws_cloudwatch_log_group.n`, `aws_lambda_permission.n_cognito`.
 */
export class MfaScopeTrigger extends Construct {
  readonly fn: LambdaFunction;
  readonly role: ServiceRole;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: MfaScopeTriggerProps) {
    super(scope, id);
    this.name = addressNameOf(id, props);
    if (
      props.guardedScopes.length === 0 ||
      props.guardedScopes.some((s) => !/^[A-Za-z0-9._~-]{1,256}\/[A-Za-z0-9._~-]{1,64}$/.test(s))
    ) {
      throw new ValidationError(
        `${id}.guardedScopes`,
        '[cognito.guardedScopes] one or more scopes such as "mcp/logs.read"',
        props.guardedScopes,
      );
    }
    const parts = bundledNodeFunction(this, {
      addressName: this.name,
      field: id,
      bundlePath: props.bundlePath ?? DEFAULT_TRIGGER_BUNDLE_PATH,
      functionName: props.functionName,
      description: 'Cognito pre token generation: the log scope only for users with MFA set up',
      handler: 'mfa-scope-trigger.handler',
      roleName: props.roleName,
      roleDescription: 'MCP log scope MFA trigger: reads users of the MCP user pool, writes its own log group',
      memorySize: 128,
      timeout: 5,
      reservedConcurrency: props.reservedConcurrency ?? 10,
      environment: { [GUARDED_SCOPES_ENV]: JSON.stringify([...props.guardedScopes]) },
      logRetentionDays: props.logRetentionDays ?? 30,
      // The role's policy names the user pool, which names this function: waiting for it would be a
      // cycle. Until the policy exists the trigger cannot look users up and so withholds the scopes.
      waitForPolicy: false,
    });
    this.fn = parts.fn;
    this.role = parts.role;
  }

  /** The pool's `lambda_config.pre_token_generation_config`: this function, event version 2. */
  get preTokenGenerationConfig(): { lambdaArn: string; lambdaVersion: 'V2_0' } {
    return { lambdaArn: this.fn.arn, lambdaVersion: 'V2_0' };
  }

  /** Lets the user pool invoke the function and the function read that pool's users (AdminGetUser). */
  grantUserPool(userPoolArn: string): void {
    this.role.addToPolicy({ sid: 'ReadUserMfaSettings', actions: COGNITO_READ_USER_ACTIONS, resources: [userPoolArn] });
    setAddress(
      new LambdaPermission(this, 'cognito-invoke', {
        statementId: 'AllowCognitoInvoke',
        action: 'lambda:InvokeFunction',
        functionName: this.fn.functionName,
        principal: 'cognito-idp.amazonaws.com',
        sourceArn: userPoolArn,
      }),
      addressName(this.name, 'cognito'),
    );
  }
}
