import { ExtraColumnsSchema } from '@aws-log-mcp/log-contract';
import {
  ATHENA_WORKGROUP_NAME,
  LAKE_FORMATION_GRANT_MODES,
  nameSchema,
  S3_BUCKET_NAME,
  S3_TABLE_BUCKET_NAME,
  S3_TABLES_NAMESPACE,
  S3_TABLES_TABLE,
} from '@aws-log-mcp/shared';
import { z } from 'zod';
import { SCOPE_TOKEN } from './scope';

/** API Gateway's REST integration timeout is 29 s; the Lambda gets 4 s on top of the query budget. */
export const MAX_QUERY_TIMEOUT_SECONDS = 25;
/** Hard cap on rows per log tool call. */
export const MAX_LOG_ROWS = 200;

/** Where the log platform's resources are when they are not derived from this environment's config. */
const ExplicitLocationSchema = z
  .object({
    /** S3 table bucket name. */
    tableBucketName: nameSchema(S3_TABLE_BUCKET_NAME),
    /** S3 Tables namespace (Athena database). */
    namespace: nameSchema(S3_TABLES_NAMESPACE),
    tableName: nameSchema(S3_TABLES_TABLE),
    /** Athena workgroup the queries run in (its bytes-scanned cutoff applies). */
    workgroup: nameSchema(ATHENA_WORKGROUP_NAME),
    /** Bucket of the workgroup's enforced result location (`results/` prefix). */
    resultsBucket: nameSchema(S3_BUCKET_NAME),
    /** How the log platform grants Lake Formation permissions. */
    lakeFormationGrant: z.enum(LAKE_FORMATION_GRANT_MODES).default('local-exec'),
    /** The log platform's `extraColumns`, under the same rules. */
    extraColumns: ExtraColumnsSchema.default([]),
  })
  .strict();

/**
 * `environments.<env>.apps.mcp-server.logTools`: MCP tools over the log platform's table. Off by
 * default; `{ "enabled": true }` derives everything from the same environment's `log-platform`
 * section, through the log contract.
 */
export const LogToolsConfigSchema = z
  .object({
    /** Register the log tools and create their IAM policy, Lake Formation grant and scope. */
    enabled: z.boolean().default(false),
    /** Scope name on the MCP resource server the log tools require (full scope `<identifier>/<name>`). */
    scopeName: z.string().regex(SCOPE_TOKEN, 'must be 1-64 of letters, digits and . _ ~ -').default('logs.read'),
    /** Widest time window one query may cover, in hours (1-168). */
    maxWindowHours: z.number().int().min(1).max(168).default(24),
    /** Most rows a call returns (1-200). */
    maxLimit: z.number().int().min(1).max(MAX_LOG_ROWS).default(MAX_LOG_ROWS),
    /**
     * Issue the log scope only to users with an MFA method set up (a pre token generation trigger
     * removes it from other users' access tokens). Needs cognito.mfa `OPTIONAL` (with `ON` every
     * user has MFA already) and tier `ESSENTIALS` or `PLUS`.
     */
    requireMfa: z.boolean().default(false),
    /** Budget for one Athena query including polling (5-25 s; the Lambda timeout follows). */
    queryTimeoutSeconds: z.number().int().min(5).max(MAX_QUERY_TIMEOUT_SECONDS).default(20),
    /**
     * `derived`: the log platform's names for this environment, from the log contract and the
     * same environment's `log-platform` section (no remote state). `explicit`: from `explicit`.
     */
    source: z.enum(['derived', 'explicit']).default('derived'),
    explicit: ExplicitLocationSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.source === 'explicit' && !c.explicit) {
      ctx.addIssue({ code: 'custom', path: ['explicit'], message: 'source "explicit" needs the explicit location' });
    }
    if (c.source === 'derived' && c.explicit) {
      ctx.addIssue({ code: 'custom', path: ['explicit'], message: 'only used with source "explicit"' });
    }
  });

export type LogToolsConfig = z.output<typeof LogToolsConfigSchema>;
