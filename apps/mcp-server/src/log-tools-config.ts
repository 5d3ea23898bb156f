import { z } from 'zod';

/** Same rule as the other Cognito scope names (`[A-Za-z0-9._~-]`, what stage variables carry unchanged). */
const SCOPE_NAME = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/;

/** API Gateway's REST integration timeout is 29 s; the Lambda gets 4 s on top of the query budget. */
export const MAX_QUERY_TIMEOUT_SECONDS = 25;
/** Hard cap on rows per log tool call (issue 7). */
export const MAX_LOG_ROWS = 200;

/** Where the log platform's resources are when they are not derived from this environment's config. */
const ExplicitLocationSchema = z
  .object({
    /** S3 table bucket name. */
    tableBucketName: z.string().min(3).max(63),
    /** S3 Tables namespace (Athena database). */
    namespace: z.string().min(1).max(255),
    tableName: z.string().min(1).max(255),
    /** Athena workgroup the queries run in (its bytes-scanned cutoff applies). */
    workgroup: z.string().min(1).max(128),
    /** Bucket of the workgroup's enforced result location (`results/` prefix). */
    resultsBucket: z.string().min(3).max(63),
    /** How the log platform grants Lake Formation permissions. */
    lakeFormationGrant: z.enum(['local-exec', 'native']).default('local-exec'),
    /** The log platform's `extraColumns` (name and type are what the tools need). */
    extraColumns: z
      .array(
        z
          .object({
            name: z.string(),
            type: z.enum(['string', 'timestamp', 'long', 'int', 'double', 'boolean']),
            description: z.string().max(255).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/**
 * `environments.<env>.apps.mcp-server.logTools`: MCP tools over the log platform's table
 * (issue 7). Off by default; `{ "enabled": true }` derives everything from the same
 * environment's `log-platform` section.
 */
export const LogToolsConfigSchema = z
  .object({
    /** Register the log tools and create their IAM policy, Lake Formation grant and scope. */
    enabled: z.boolean().default(false),
    /** Scope name on the MCP resource server the log tools require (full scope `<identifier>/<name>`). */
    scopeName: z.string().regex(SCOPE_NAME, 'must be 1-64 of letters, digits and . _ ~ -').default('logs.read'),
    /** Widest time window one query may cover, in hours (1-168). */
    maxWindowHours: z.number().int().min(1).max(168).default(24),
    /** Most rows a call returns (1-200). */
    maxLimit: z.number().int().min(1).max(MAX_LOG_ROWS).default(MAX_LOG_ROWS),
    /** Budget for one Athena query including polling (5-25 s; the Lambda timeout follows). */
    queryTimeoutSeconds: z.number().int().min(5).max(MAX_QUERY_TIMEOUT_SECONDS).default(20),
    /**
     * `derived`: compute the log platform's names for this environment with the log-platform
     * package's own naming and config code (no remote state). `explicit`: take them from `explicit`.
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
