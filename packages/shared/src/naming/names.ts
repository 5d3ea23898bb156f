import { createHash } from 'node:crypto';
import {
  assertName,
  ATHENA_WORKGROUP_NAME,
  COGNITO_DOMAIN_PREFIX,
  FIREHOSE_STREAM_NAME,
  IAM_ROLE_NAME,
  LAMBDA_FUNCTION_NAME,
  NameRule,
  S3_BUCKET_NAME,
  S3_TABLE_BUCKET_NAME,
  SCHEDULER_SCHEDULE_NAME,
} from './rules';

/**
 * Builds resource names of the form `<project>-<environment>-<app>-<purpose>` that satisfy
 * each service's rules, so stacks of different environments and apps never collide.
 */
export class ResourceNames {
  constructor(
    readonly project: string,
    readonly environment: string,
    readonly app: string,
  ) {}

  /** The common prefix, e.g. `acme-dev-logs`. */
  get prefix(): string {
    return `${this.project}-${this.environment}-${this.app}`;
  }

  /** `<prefix>-<purpose>` checked against `rule`; `field` names the source in errors. */
  name(purpose: string, rule?: NameRule, field = `name(${purpose})`): string {
    const n = purpose ? `${this.prefix}-${purpose}` : this.prefix;
    return rule ? assertName(rule, n, field) : n;
  }

  s3TableBucket(purpose: string): string {
    return this.name(purpose, S3_TABLE_BUCKET_NAME);
  }

  /**
   * General purpose bucket names are global: the account id (a Terraform token is fine) is
   * appended so two accounts deploying the same config do not collide. Validation runs on
   * the literal part with a 12-digit placeholder standing in for the account id.
   */
  s3Bucket(purpose: string, accountId: string): string {
    assertName(S3_BUCKET_NAME, `${this.prefix}-${purpose}-123456789012`, `name(${purpose})`);
    return `${this.prefix}-${purpose}-${accountId}`;
  }

  firehoseStream(purpose: string): string {
    return this.name(purpose, FIREHOSE_STREAM_NAME);
  }

  lambdaFunction(purpose: string): string {
    return this.name(purpose, LAMBDA_FUNCTION_NAME);
  }

  athenaWorkgroup(purpose: string): string {
    return this.name(purpose, ATHENA_WORKGROUP_NAME);
  }

  /**
   * IAM role names are capped at 64 characters; longer ones keep their start and end a
   * stable hash so they stay unique and deterministic.
   */
  iamRole(purpose: string): string {
    return assertName(IAM_ROLE_NAME, shorten(this.name(purpose), 64), `name(${purpose})`);
  }

  /** An EventBridge Scheduler schedule name, cut to 64 characters with a stable hash like {@link iamRole}. */
  schedulerSchedule(purpose: string): string {
    return assertName(SCHEDULER_SCHEDULE_NAME, shorten(this.name(purpose), 64), `name(${purpose})`);
  }

  /** A Cognito domain prefix; an explicit one from config is validated as given. */
  cognitoDomainPrefix(explicit?: string): string {
    const candidate = explicit ?? this.prefix;
    return assertName(COGNITO_DOMAIN_PREFIX, candidate, explicit ? 'domainPrefix' : 'name(domainPrefix)');
  }
}

/** Cuts `name` to `max` characters, replacing the cut part with an 8-character content hash. */
export function shorten(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9)}-${hash}`;
}
