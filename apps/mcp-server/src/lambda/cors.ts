// Kept apart from mcp-handler.ts so the dev server can use them without loading the MCP SDK.

/** Headers browsers need to read MCP responses cross-origin (MCP Inspector's direct mode runs in a browser). */
export const CORS_EXPOSE_HEADERS = 'WWW-Authenticate, Mcp-Session-Id';
/** Request headers MCP clients send. */
export const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, Accept, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID';
