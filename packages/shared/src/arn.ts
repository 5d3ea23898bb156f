/**
 * The parts of an ARN, `arn:<partition>:<service>:<region>:<account>:<resource><sep><resourceName>`
 * (AWS General Reference, "Amazon Resource Names"). Omitted `partition`, `region` and `account`
 * default to where the stack runs; pass `''` for services whose ARNs leave a field empty (S3
 * buckets: no region and no account; IAM: no region).
 */
export interface ArnComponents {
  /** Service namespace, e.g. `athena`, `glue`, `s3`. */
  readonly service: string;
  /** Resource type or, for services without one, the whole resource (`*`, a bucket name). */
  readonly resource: string;
  /** Name after the resource type. @default none: the ARN ends with `resource` */
  readonly resourceName?: string;
  /**
   * Separator between `resource` and `resourceName`.
   * @default '/'
   */
  readonly sep?: '/' | ':';
  /** @default the stack's partition */
  readonly partition?: string;
  /** @default the stack's region */
  readonly region?: string;
  /** @default the stack's account */
  readonly account?: string;
}

/** Where ARNs point by default: the stack's partition, region and account (Terraform tokens allowed). */
export interface ArnEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** Anything that formats ARNs for where it runs; `PlatformStack` is one. */
export interface IArnFormatter {
  formatArn(components: ArnComponents): string;
}

/** The ARN of `components`, with unset fields taken from `environment`. */
export function formatArn(components: ArnComponents, environment: ArnEnvironment): string {
  const partition = components.partition ?? environment.partition;
  const region = components.region ?? environment.region;
  const account = components.account ?? environment.account;
  const tail = components.resourceName === undefined ? '' : `${components.sep ?? '/'}${components.resourceName}`;
  return `arn:${partition}:${components.service}:${region}:${account}:${components.resource}${tail}`;
}

/** An {@link IArnFormatter} for fixed values, e.g. in tests or for a known account. */
export function arnFormatter(environment: ArnEnvironment): IArnFormatter {
  return { formatArn: (components) => formatArn(components, environment) };
}
