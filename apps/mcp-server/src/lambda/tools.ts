import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CallerIdentity } from './identity';

/** Names of the tools this server registers; the handler rejects any other name up front. */
export const TOOL_NAMES = ['get_uuid', 'whoami'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Most UUIDs one `get_uuid` call returns; keeps responses small and bounded. */
export const MAX_UUIDS = 10;

// Strict objects: an unexpected argument is a client bug worth reporting, not something to drop silently.
const getUuidInput = z
  .object({
    count: z.number().int().min(1).max(MAX_UUIDS).optional().describe(`How many UUIDs to generate (1-${MAX_UUIDS}, default 1)`),
  })
  .strict();
const getUuidOutput = z.object({ uuids: z.array(z.string()) });

const whoamiInput = z.object({}).strict();
const whoamiOutput = z.object({
  sub: z.string(),
  client_id: z.string(),
  username: z.string().optional(),
  scopes: z.array(z.string()),
  token_use: z.string(),
  source: z.enum(['cognito', 'dev-local']),
});

/** Registers `get_uuid` and `whoami`; `identity` is the already-authenticated caller of this request. */
export function registerTools(server: McpServer, identity: CallerIdentity): void {
  server.registerTool(
    'get_uuid',
    {
      title: 'Generate UUID',
      description: 'Generate new random UUID v4 values.',
      inputSchema: getUuidInput,
      outputSchema: getUuidOutput,
      annotations: { readOnlyHint: true, idempotentHint: false, openWorldHint: false },
    },
    async ({ count }) => {
      const uuids = Array.from({ length: count ?? 1 }, () => randomUUID());
      return { content: [{ type: 'text', text: uuids.join('\n') }], structuredContent: { uuids } };
    },
  );

  server.registerTool(
    'whoami',
    {
      title: 'Who am I',
      description:
        'Return the authenticated caller: user id (sub), OAuth client id and granted scopes, as the API Gateway authorizer saw them.',
      inputSchema: whoamiInput,
      outputSchema: whoamiOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      const result = {
        sub: identity.sub,
        client_id: identity.clientId,
        ...(identity.username ? { username: identity.username } : {}),
        scopes: [...identity.scopes],
        token_use: identity.tokenUse,
        source: identity.source,
      };
      return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
    },
  );
}
