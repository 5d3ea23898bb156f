import { z } from 'zod';
import { formatValue } from '../errors';
import { KMS_KEY_ID, NameRule, S3_EXISTING_BUCKET_NAME, S3_STATE_KEY_TEMPLATE } from '../naming/rules';
import { isAwsRegion } from './regions';

/** AWS Region code that exists, such as `eu-west-1` or `us-gov-west-1` (see {@link AWS_REGIONS}). */
export const RegionSchema = z
  .string()
  .refine(
    isAwsRegion,
    '[config.region] must be an AWS region code that exists, such as "eu-west-1" (the list: AWS_REGIONS in packages/shared/src/config/regions.ts)',
  );

/** Lowercase identifier used inside every generated resource name. */
export const NameTokenSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be 1-20 characters of lowercase letters, numbers and hyphens, starting with a letter')
  .refine((s) => !s.endsWith('-') && !s.includes('--'), 'must not end with a hyphen or contain "--"');

/** Tags every resource gets from the platform (see `defaultTags`); config cannot set them. */
export const PLATFORM_TAG_KEYS = ['Project', 'Environment', 'Application', 'ManagedBy'] as const;

/** Most tags an AWS resource may carry (user-defined tags, Tagging API and every service's limit). */
export const AWS_TAG_LIMIT = 50;

/** Tags config may add: the limit less the platform's own. */
export const MAX_CONFIG_TAGS = AWS_TAG_LIMIT - PLATFORM_TAG_KEYS.length;

const TagKeySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'tag keys use letters, numbers, spaces and _ . : / = + - @')
  .refine((k) => !k.toLowerCase().startsWith('aws:'), 'tag keys must not start with the reserved prefix "aws:"')
  .refine(
    (k) => !PLATFORM_TAG_KEYS.some((p) => p.toLowerCase() === k.toLowerCase()),
    `[config.tags.reserved] ${PLATFORM_TAG_KEYS.join(', ')} are set by the platform; a key equal to one of them in any letter case would override it or stand beside it as a near-duplicate`,
  );
const TagValueSchema = z
  .string()
  .max(256)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, 'tag values use letters, numbers, spaces and _ . : / = + - @');

/** Terraform state backend: local (default, relative path) or S3 with native lock files. */
export const BackendSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('local') }).strict(),
  z
    .object({
      type: z.literal('s3'),
      /** State bucket; S3's bucket naming rule. */
      bucket: nameSchema(S3_EXISTING_BUCKET_NAME),
      /** State key; `{stack}` is replaced by the stack name. Characters: S3's safe key characters. */
      keyTemplate: nameSchema(S3_STATE_KEY_TEMPLATE).default('{stack}/terraform.tfstate'),
      region: RegionSchema.optional(),
      /** S3 native state locking (Terraform >= 1.10, OpenTofu >= 1.10); no DynamoDB table needed. */
      useLockfile: z.boolean().default(true),
      /** KMS key for the state objects: key id, key ARN, `alias/<name>` or alias ARN. */
      kmsKeyId: nameSchema(KMS_KEY_ID).optional(),
    })
    .strict(),
]);

/** The apps of this repository: the sections `environments.<env>.apps` may hold, and the stack name prefixes. */
export const PLATFORM_APPS = ['log-platform', 'mcp-server'] as const;

/** Settings common to every stack of one environment. Each app validates its own section. */
export const EnvironmentSchema = z
  .object({
    region: RegionSchema,
    /** Extra tags merged into the provider's `default_tags`; at most {@link MAX_CONFIG_TAGS}. */
    tags: z
      .record(z.string(), TagValueSchema)
      .superRefine((tags, ctx) => {
        // Keys are checked here rather than with a key schema so the error names the key and the rule.
        for (const key of Object.keys(tags)) {
          const result = TagKeySchema.safeParse(key);
          if (!result.success)
            ctx.addIssue({ code: 'custom', path: [key], message: `tag key: ${result.error.issues[0].message}` });
        }
        const count = Object.keys(tags).length;
        if (count > MAX_CONFIG_TAGS) {
          ctx.addIssue({
            code: 'custom',
            message: `[config.tags.limit] at most ${MAX_CONFIG_TAGS} tags (AWS allows ${AWS_TAG_LIMIT} per resource and the platform sets ${PLATFORM_TAG_KEYS.length}); got ${count}`,
          });
        }
      })
      .default({}),
    backend: BackendSchema.default({ type: 'local' }),
    /** App sections (`log-platform`, `mcp-server`), validated by each app's own schema (see `parseAppSection`). */
    apps: z
      .record(z.string(), z.unknown())
      .superRefine((apps, ctx) => {
        for (const key of Object.keys(apps)) {
          if (!(PLATFORM_APPS as readonly string[]).includes(key)) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: `[config.appSection] there is no app "${key}"; the app sections are ${PLATFORM_APPS.join(', ')}`,
            });
          }
        }
      })
      .default({}),
  })
  .strict();

export const PlatformConfigSchema = z
  .object({
    $schema: z.string().optional(),
    /** Short project identifier, the first token of every resource name. */
    project: NameTokenSchema,
    environments: z
      .record(NameTokenSchema, EnvironmentSchema)
      .refine((envs) => Object.keys(envs).length > 0, 'must define at least one environment'),
  })
  .strict();

export type BackendConfig = z.infer<typeof BackendSchema>;
export type EnvironmentFileConfig = z.infer<typeof EnvironmentSchema>;
export type PlatformConfigFile = z.infer<typeof PlatformConfigSchema>;

/** Everything a stack needs to know about its environment, after validation and env-var overrides. */
export interface EnvironmentConfig {
  readonly project: string;
  /** Environment name, e.g. `dev`. */
  readonly name: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: BackendConfig;
  /** Raw app sections; read them with `parseAppSection`. */
  readonly apps: Readonly<Record<string, unknown>>;
  /** Set when `AWS_ENDPOINT_URL` points the stacks at a local AWS emulator. @default none: real AWS endpoints */
  readonly emulatorEndpoint?: string;
  /** Absolute path of the file the environment was read from (`loadPlatformConfig`); files kept beside it, such as a schema lock, are found from it. @default none (built in code) */
  readonly configFile?: string;
}

/**
 * A string that must satisfy an AWS naming rule; the message carries the rule id, its wording and
 * the offending value, as `assertName` would write it.
 */
export function nameSchema(rule: NameRule) {
  return z.string().superRefine((value, ctx) => {
    if (!rule.test(value))
      ctx.addIssue({ code: 'custom', message: `[${rule.id}] ${rule.description} (got ${formatValue(value)})` });
  });
}

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Days a CloudWatch log group keeps events: one of {@link LOG_RETENTION_DAYS}. */
export const LogRetentionDaysSchema = z
  .number()
  .int()
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`);
