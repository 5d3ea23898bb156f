import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CallerIdentity } from './identity';
import { registerTools } from './tools';

/**
 * `tools/list` answers from JSON Schemas computed once, not on every list.
 *
 * The SDK's `McpServer` converts every tool's zod input and output schema to JSON Schema on each
 * `tools/list`; with a fresh server per request that is paid on every list, and on a cold start it
 * is most of the first list's cost. The tool definitions are fixed per configuration (only the
 * log tools depend on `MCP_LOG_TOOLS`), so the list is computed once, by the SDK itself from the
 * same zod schemas that `tools/call` validates with, and served from then on. The zod schemas stay
 * the one definition of each tool.
 */

/** Server identity of the scratch servers that compute lists; never seen by a client. */
const LISTING_SERVER = { name: 'tool-list', version: '0' } as const;

/**
 * The caller the scratch server registers tools for: it only lists them, so no tool of it is
 * ever called and the identity is never read.
 */
export const LISTING_ONLY_CALLER: CallerIdentity = Object.freeze({
  sub: '',
  clientId: '',
  scopes: Object.freeze([]),
  tokenUse: '',
  source: 'dev-local',
});

/**
 * What the SDK answers to `tools/list` for a server with `register`'s tools: a scratch
 * `McpServer` is asked over the SDK's in-memory transport and its raw result is returned, as
 * the JSON a client would receive (`undefined` members dropped).
 */
export async function sdkToolList(register: (server: McpServer) => void): Promise<Tool[]> {
  const server = new McpServer(LISTING_SERVER, { capabilities: { tools: {} } });
  register(server);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const answer = new Promise<JSONRPCMessage>((resolve) => {
    clientSide.onmessage = resolve;
  });
  await server.connect(serverSide);
  try {
    await clientSide.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const reply = (await answer) as { result?: { tools?: Tool[] }; error?: { message: string } };
    if (!reply.result?.tools) throw new Error(`tools/list failed: ${reply.error?.message ?? 'no tools in the result'}`);
    return JSON.parse(JSON.stringify(reply.result.tools)) as Tool[];
  } finally {
    await server.close();
  }
}

/** The list of the tools every configuration serves (`get_uuid`, `whoami`), as the SDK produces it. */
export function staticToolList(): Promise<Tool[]> {
  return sdkToolList((server) => registerTools(server, LISTING_ONLY_CALLER));
}

// build.mjs replaces this name with the JSON of `staticToolList()`, computed at build time from the
// same sources, so a cold start does not convert these schemas. Unbundled (tests, tsc output) it is
// not defined and the list is computed on the first `tools/list`.
declare const MCP_STATIC_TOOL_LIST: string | undefined;

/** `staticToolList()` as computed when the bundle was built; `undefined` when running unbundled. */
export const PRECOMPUTED_STATIC_TOOL_LIST: readonly Tool[] | undefined =
  typeof MCP_STATIC_TOOL_LIST === 'string' ? (JSON.parse(MCP_STATIC_TOOL_LIST) as Tool[]) : undefined;
