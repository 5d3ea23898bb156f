import { COLUMN_NAME_PATTERN, COLUMN_TYPES, S3_TABLES_CATALOG_NAME } from '@aws-log-mcp/log-contract/queries';
import { z } from 'zod';

/**
 * The environment variable carrying {@link LogToolsSettings} as JSON. One variable keeps the
 * whole contract in one place (Lambda allows 4 KB of environment in total; the stack checks
 * the size at synth).
 */
export const LOG_TOOLS_ENV = 'MCP_LOG_TOOLS';

// Identifiers reach SQL text, so the Lambda re-checks them with the contract's rules even though
// the stack derived them from the validated contract: a hand-edited environment fails closed at
// cold start.
const COLUMN = z.string().regex(COLUMN_NAME_PATTERN, 'column names are lowercase snake_case');
const TABLE_PART = z.string().regex(/^[a-z0-9_][a-z0-9_-]{0,254}$/, 'lowercase letters, digits, _ and -');

export const LogToolsSettingsSchema = z
  .object({
    /** Full OAuth scope the log tools require, e.g. `mcp/logs.read`. */
    scope: z.string().regex(/^[A-Za-z0-9._~-]+\/[A-Za-z0-9._~-]+$/),
    /** Athena workgroup (enforced result location and bytes-scanned cutoff). */
    workgroup: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/),
    /** The table: `"<catalog>"."<database>"."<table>"` in SQL. */
    table: z
      .object({
        catalog: z.string().regex(new RegExp(`^${S3_TABLES_CATALOG_NAME}/[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)),
        database: TABLE_PART,
        table: TABLE_PART,
      })
      .strict(),
    /** Columns of the contract, in table order: `[name, type, description]`. */
    columns: z.array(z.tuple([COLUMN, z.enum(COLUMN_TYPES), z.string().max(255)])).min(1),
    /** Columns with a role in the tools (the contract's `ROLE_COLUMNS`). */
    roles: z
      .object({
        timestamp: COLUMN,
        level: COLUMN,
        message: COLUMN,
        requestId: COLUMN,
        containerName: COLUMN,
        log: COLUMN,
      })
      .strict(),
    maxWindowHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 31),
    maxLimit: z.number().int().min(1).max(1000),
    queryTimeoutSeconds: z.number().int().min(1).max(900),
  })
  .strict()
  .superRefine((s, ctx) => {
    const names = new Set(s.columns.map(([n]) => n));
    for (const [role, column] of Object.entries(s.roles)) {
      if (!names.has(column)) ctx.addIssue({ code: 'custom', path: ['roles', role], message: `"${column}" is not a column` });
    }
  });

export type LogToolsSettings = z.output<typeof LogToolsSettingsSchema>;

/** Reads the settings from the environment; `undefined` when the log tools are not configured. */
export function logToolsSettingsFromEnv(env: NodeJS.ProcessEnv): LogToolsSettings | undefined {
  const raw = env[LOG_TOOLS_ENV];
  if (!raw) return undefined;
  const parsed = LogToolsSettingsSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new Error(
      `${LOG_TOOLS_ENV} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
