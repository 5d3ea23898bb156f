import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { hclSafeLiteral, ManagedLogGroup, ServiceRole, setAddress, ValidationError } from '@aws-log-mcp/shared';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export interface BundledNodeFunctionProps {
  /** Address name of the function, its role (+ policy) and its log group. */
  readonly addressName: string;
  /** Prefix of error fields, e.g. the construct id. */
  readonly field: string;
  /** The zip `build.mjs` wrote. */
  readonly bundlePath: string;
  readonly functionName: string;
  readonly description: string;
  /** `<file>.<export>` inside the zip. */
  readonly handler: string;
  readonly roleName: string;
  /** What the role may do, for its description. */
  readonly roleDescription: string;
  /** MB, 128-10240. */
  readonly memorySize: number;
  /** Seconds. */
  readonly timeout: number;
  /** 1-1000: reserved for the function and the most it runs at once. */
  readonly reservedConcurrency: number;
  readonly environment: Readonly<Record<string, string>>;
  /** A CloudWatch retention value. */
  readonly logRetentionDays: number;
  /**
   * Whether the function waits for its role's policy. False when that policy names a resource that
   * names the function (a Cognito trigger's user pool), which would be a cycle.
   */
  readonly waitForPolicy: boolean;
}

/**
 * What every Lambda of this app is made of, created in `scope` with the ids `bundle`, `logs`, `role`
 * and `function`: the esbuild zip as a content-addressed `TerraformAsset`, its own log group with
 * retention, a role that writes that group, and a `nodejs22.x` arm64 function with reserved
 * concurrency that logs there.
 */
export function bundledNodeFunction(
  scope: Construct,
  props: BundledNodeFunctionProps,
): { readonly fn: LambdaFunction; readonly role: ServiceRole; readonly logGroup: ManagedLogGroup } {
  if (!existsSync(props.bundlePath)) {
    throw new ValidationError(
      `${props.field}.bundlePath`,
      '[lambda.bundle] the Lambda bundle is missing; run `npx turbo run build --filter=@aws-log-mcp/mcp-server` first',
      path.basename(props.bundlePath),
    );
  }
  if (!Number.isInteger(props.reservedConcurrency) || props.reservedConcurrency < 1 || props.reservedConcurrency > 1000) {
    // 0 would throttle every invocation; -1 (unreserved) is what reserving exists to avoid.
    throw new ValidationError(
      `${props.field}.reservedConcurrency`,
      '[lambda.reservedConcurrency] must be a whole number 1-1000',
      props.reservedConcurrency,
    );
  }
  const asset = new TerraformAsset(scope, 'bundle', { path: props.bundlePath, type: AssetType.FILE });
  const logGroup = new ManagedLogGroup(scope, 'logs', {
    addressName: props.addressName,
    name: `/aws/lambda/${props.functionName}`,
    retentionInDays: props.logRetentionDays,
  });
  const role = new ServiceRole(scope, 'role', {
    addressName: props.addressName,
    roleName: props.roleName,
    servicePrincipal: 'lambda.amazonaws.com',
    // Lambda does not send aws:SourceAccount when assuming its execution role.
    restrictToSourceAccount: false,
    description: props.roleDescription,
  });
  logGroup.grantWrite(role);
  const fn = setAddress(
    new LambdaFunction(scope, 'function', {
      functionName: props.functionName,
      description: props.description,
      role: role.roleArn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: props.handler,
      filename: asset.path,
      sourceCodeHash: Fn.filebase64sha256(asset.path),
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // Values built from config text (the log tools' JSON) reach both renderings unchanged.
      environment: {
        variables: Object.fromEntries(Object.entries(props.environment).map(([name, value]) => [name, hclSafeLiteral(value)])),
      },
      loggingConfig: { logFormat: 'Text', logGroup: logGroup.name },
      // The role's policy must exist before the first invocation tries to log.
      dependsOn: [logGroup.logGroup, ...(props.waitForPolicy && role.policyResource ? [role.policyResource] : [])],
    }),
    props.addressName,
  );
  return { fn, role, logGroup };
}
