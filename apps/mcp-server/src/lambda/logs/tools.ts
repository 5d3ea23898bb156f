import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { CallerIdentity } from '../identity';
import type { QueryOutcome, QueryRunner } from './athena-client';
import { BuiltQuery, LogQueryBuilder, LogQueryError, TimeWindow } from '@aws-log-mcp/log-contract/queries';
import type { LogToolsSettings } from './settings';

/** Names of the log tools; registered only when the log tools are configured. */
export const LOG_TOOL_NAMES = ['search_logs', 'get_request_trace', 'log_stats', 'describe_log_schema'] as const;

export interface LogToolsOptions {
  readonly settings: LogToolsSettings;
  readonly runner: QueryRunner;
  /** Clock for `last_minutes` and default windows (tests pin it). */
  readonly now?: () => Date;
}

// Bounds well under Athena's 1024-character parameter limit; they also keep the SQL text fixed-size.
const MAX_TEXT = 256;
const isoDateTime = z.iso.datetime({ offset: true });

function windowShape(maxWindowHours: number) {
  return {
    last_minutes: z
      .number()
      .int()
      .min(1)
      .max(maxWindowHours * 60)
      .optional()
      .describe(`Window ending now, in minutes (1-${maxWindowHours * 60}). Use this or from/to.`),
    from: isoDateTime.optional().describe('Window start, ISO-8601 with offset, e.g. 2026-11-26T10:00:00Z (inclusive)'),
    to: isoDateTime.optional().describe('Window end, ISO-8601 with offset (exclusive; default now)'),
  };
}

const value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const row = z.record(z.string(), value);
const windowOut = z.object({ from: z.string(), to: z.string() });
const queryOut = z.object({
  query_execution_id: z.string(),
  data_scanned_bytes: z.number().optional(),
  engine_execution_ms: z.number().optional(),
});
const rowsOutput = z.object({
  rows: z.array(row),
  row_count: z.number().int(),
  truncated: z.boolean().describe('More rows matched than were returned; narrow the window or add filters'),
  window: windowOut,
  query: queryOut,
});
const statsOutput = z.object({
  total: z.number().int(),
  by_level: z.record(z.string(), z.number().int()),
  by_container: z.record(z.string(), z.number().int()),
  groups: z.array(z.object({ level: z.string().nullable(), container_name: z.string().nullable(), events: z.number().int() })),
  truncated: z.boolean(),
  window: windowOut,
  query: queryOut,
});
const schemaOutput = z.object({
  table: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string(), description: z.string(), filterable_by: z.array(z.string()) })),
  limits: z.object({ max_window_hours: z.number().int(), max_limit: z.number().int(), query_timeout_seconds: z.number().int() }),
  required_scope: z.string(),
});

/**
 * Registers `search_logs`, `get_request_trace`, `log_stats` and `describe_log_schema`. Each call
 * re-checks the log scope on the caller's token (the endpoint also admits tokens with only the
 * MCP tools scope) and answers a missing scope, bad input, or a failed/timed-out query with an
 * `isError` result naming the problem.
 */
export function registerLogTools(server: McpServer, identity: CallerIdentity, options: LogToolsOptions): void {
  const { settings, runner } = options;
  const now = options.now ?? (() => new Date());
  const { builder, types, configs } = prepare(settings);
  const r = settings.roles;
  const maxHours = settings.maxWindowHours;

  const guarded =
    <A>(run: (args: A) => Promise<CallToolResult>) =>
    async (args: A): Promise<CallToolResult> => {
      if (!identity.scopes.includes(settings.scope)) {
        return toolError(
          `Missing OAuth scope ${settings.scope}: the log tools need an access token granted "${settings.scope}" ` +
            `(this token has: ${identity.scopes.join(' ') || 'no scopes'}). Re-authorize the client requesting that scope.`,
        );
      }
      try {
        return await run(args);
      } catch (error) {
        if (error instanceof LogQueryError) return toolError(error.message);
        throw error;
      }
    };

  const rowsResult = (outcome: QueryOutcome, limit: number, window: TimeWindow, what: string) => {
    const rows = outcome.rows.slice(0, limit).map((values) => toRow(outcome.columns, values, types));
    const structured = {
      rows,
      row_count: rows.length,
      truncated: outcome.rows.length > limit,
      window: windowText(window),
      query: queryInfo(outcome),
    };
    const summary = `${rows.length} ${what}${structured.truncated ? ` (more matched; limit ${limit})` : ''} between ${structured.window.from} and ${structured.window.to}.`;
    return { content: [{ type: 'text' as const, text: `${summary}\n${JSON.stringify(rows)}` }], structuredContent: structured };
  };
  const run = (query: BuiltQuery, limit: number) => runner.run(query, limit + 1);

  server.registerTool(
    'search_logs',
    configs.search_logs,
    guarded(async (args) => {
      const q = builder.searchLogs(args, now());
      return rowsResult(await run(q, q.limit), q.limit, q.window, 'log lines');
    }),
  );

  server.registerTool(
    'get_request_trace',
    configs.get_request_trace,
    guarded(async (args) => {
      const q = builder.requestTrace(args, now());
      return rowsResult(await run(q, q.limit), q.limit, q.window, `log lines of request ${JSON.stringify(args.request_id)}`);
    }),
  );

  server.registerTool(
    'log_stats',
    configs.log_stats,
    guarded(async (args) => {
      const q = builder.logStats(args, now());
      const outcome = await run(q, q.limit);
      const groups = outcome.rows.slice(0, q.limit).map((values) => {
        const g = toRow(outcome.columns, values, new Map([['events', 'long']]));
        return {
          level: g[r.level] === null ? null : String(g[r.level]),
          container_name: g[r.containerName] === null ? null : String(g[r.containerName]),
          events: Number(g.events),
        };
      });
      const byLevel: Record<string, number> = {};
      const byContainer: Record<string, number> = {};
      for (const g of groups) {
        byLevel[g.level ?? '(none)'] = (byLevel[g.level ?? '(none)'] ?? 0) + g.events;
        byContainer[g.container_name ?? '(none)'] = (byContainer[g.container_name ?? '(none)'] ?? 0) + g.events;
      }
      const structured = {
        total: groups.reduce((n, g) => n + g.events, 0),
        by_level: byLevel,
        by_container: byContainer,
        groups,
        truncated: outcome.rows.length > q.limit,
        window: windowText(q.window),
        query: queryInfo(outcome),
      };
      const levels = Object.entries(byLevel)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return {
        content: [
          {
            type: 'text' as const,
            text: `${structured.total} log lines between ${structured.window.from} and ${structured.window.to}; by level: ${levels || 'none'}.\n${JSON.stringify({ by_level: byLevel, by_container: byContainer })}`,
          },
        ],
        structuredContent: structured,
      };
    }),
  );

  server.registerTool(
    'describe_log_schema',
    configs.describe_log_schema,
    guarded(async () => {
      const filters: Record<string, string[]> = {
        [r.timestamp]: ['last_minutes', 'from', 'to'],
        [r.level]: ['level'],
        [r.containerName]: ['container_name'],
        [r.requestId]: ['request_id'],
        [r.message]: ['message_contains'],
      };
      const structured = {
        table: `${settings.table.catalog}.${settings.table.database}.${settings.table.table}`,
        columns: settings.columns.map(([name, type, description]) => ({
          name,
          type,
          description,
          filterable_by: filters[name] ?? [],
        })),
        limits: { max_window_hours: maxHours, max_limit: settings.maxLimit, query_timeout_seconds: settings.queryTimeoutSeconds },
        required_scope: settings.scope,
      };
      const lines = structured.columns.map(
        (c) =>
          `- ${c.name} (${c.type})${c.filterable_by.length ? ` [filter: ${c.filterable_by.join(', ')}]` : ''}: ${c.description}`,
      );
      return {
        content: [{ type: 'text' as const, text: `Log table ${structured.table}; timestamps are UTC.\n${lines.join('\n')}` }],
        structuredContent: structured,
      };
    }),
  );
}

/**
 * What does not depend on the caller: the query builder and the tool definitions (zod schemas).
 * Built once per settings object and reused by every request's fresh `McpServer`.
 */
function prepare(settings: LogToolsSettings) {
  let p = preparedCache.get(settings) as ReturnType<typeof build> | undefined;
  if (!p) {
    p = build();
    preparedCache.set(settings, p);
  }
  return p;

  function build() {
    const r = settings.roles;
    const maxHours = settings.maxWindowHours;
    const limitField = z
      .number()
      .int()
      .min(1)
      .max(settings.maxLimit)
      .optional()
      .describe(`Most rows to return (1-${settings.maxLimit})`);
    const rawLog = z
      .boolean()
      .optional()
      .describe(`Also return the raw "${r.log}" line (default false: it is the largest column and most of the bytes scanned)`);
    const text = (field: string) => z.string().min(1).max(MAX_TEXT).describe(field);

    const configs = {
      search_logs: {
        title: 'Search application logs',
        description:
          `Search the application logs (Athena over the log platform's Iceberg table), newest first. A time window is ` +
          `required (last_minutes, or from/to) and may span at most ${maxHours} h; keep it as narrow as the question ` +
          `allows: cost grows with the data scanned. Filters combine with AND: level (case-insensitive, e.g. ERROR), ` +
          `container_name, request_id (exact), message_contains (plain substring, case-sensitive). Call ` +
          `describe_log_schema to see the columns; use get_request_trace to follow one request.`,
        inputSchema: z
          .object({
            ...windowShape(maxHours),
            level: z.string().min(1).max(32).optional().describe('Log level, e.g. ERROR, WARN, INFO (case-insensitive)'),
            container_name: text('Container name in the ECS task definition (exact)').optional(),
            request_id: text('Request id (exact)').optional(),
            message_contains: text('Substring of the message (case-sensitive; % and _ are literal)').optional(),
            limit: limitField,
            include_raw_log: rawLog,
          })
          .strict(),
        outputSchema: rowsOutput,
        annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      },
      get_request_trace: {
        title: 'Trace one request',
        description:
          `Every log line of one request_id, oldest first, across containers. Without a window it searches the last ` +
          `${maxHours} h; pass last_minutes or from/to when you know roughly when the request happened (cheaper).`,
        inputSchema: z
          .object({
            request_id: text('Request id to trace (exact)'),
            ...windowShape(maxHours),
            limit: limitField,
            include_raw_log: rawLog,
          })
          .strict(),
        outputSchema: rowsOutput,
        annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      },
      log_stats: {
        title: 'Log counts by level and container',
        description:
          `Counts of log lines by level and by container over a time window (required, at most ${maxHours} h). ` +
          `A cheap first look before search_logs: it scans only the ${r.timestamp}, ${r.level} and ${r.containerName} columns.`,
        inputSchema: z
          .object({ ...windowShape(maxHours), container_name: text('Only this container (exact)').optional() })
          .strict(),
        outputSchema: statsOutput,
        annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      },
      describe_log_schema: {
        title: 'Describe the log table',
        description:
          'The columns of the log table (from the log platform schema contract) with types and descriptions, which ' +
          'tool argument filters on each, and the query limits. Call it first to learn what can be searched.',
        inputSchema: z.object({}).strict(),
        outputSchema: schemaOutput,
        annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      },
    };
    return {
      builder: new LogQueryBuilder(settings),
      types: new Map(settings.columns.map(([name, type]) => [name, type])) as ReadonlyMap<string, string>,
      configs,
    };
  }
}
const preparedCache = new WeakMap<LogToolsSettings, unknown>();

function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

function windowText(window: TimeWindow): { from: string; to: string } {
  return { from: window.from.toISOString(), to: window.to.toISOString() };
}

function queryInfo(outcome: QueryOutcome): z.output<typeof queryOut> {
  return {
    query_execution_id: outcome.queryExecutionId,
    ...(outcome.dataScannedBytes !== undefined ? { data_scanned_bytes: outcome.dataScannedBytes } : {}),
    ...(outcome.engineExecutionMs !== undefined ? { engine_execution_ms: outcome.engineExecutionMs } : {}),
  };
}

/** One result row as an object, numbers and booleans typed by the contract; timestamps stay Athena's UTC text. */
export function toRow(
  columns: readonly string[],
  values: readonly (string | null)[],
  types: ReadonlyMap<string, string>,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  columns.forEach((name, i) => {
    const v = values[i] ?? null;
    const type = types.get(name);
    if (v === null) out[name] = null;
    else if (type === 'long' || type === 'int') out[name] = Number.isSafeInteger(Number(v)) ? Number(v) : v;
    else if (type === 'double') out[name] = Number.isFinite(Number(v)) ? Number(v) : v;
    else if (type === 'boolean') out[name] = v === 'true';
    else out[name] = v;
  });
  return out;
}
