import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { RunningDevServer, startDevServer } from '../../src/dev/dev-server';

// The official TypeScript SDK client, over real HTTP, against the same handler the Lambda runs.
describe('dev server through the official MCP SDK client', () => {
  let dev: RunningDevServer;
  let client: Client;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0 });
    client = new Client({ name: 'jest-sdk-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(dev.mcpUrl)));
  });

  afterAll(async () => {
    await client.close();
    await dev.close();
  });

  it('initializes and reports server info and the tools capability', () => {
    expect(client.getServerVersion()).toEqual({ name: 'aws-log-mcp-server', version: '0.1.0' });
    expect(client.getServerCapabilities()?.tools).toBeDefined();
  });

  it('lists exactly get_uuid and whoami with strict input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_uuid', 'whoami']);
    const getUuid = tools.find((t) => t.name === 'get_uuid')!;
    expect(getUuid.inputSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { count: { type: 'integer', minimum: 1, maximum: 10 } },
    });
    expect(getUuid.outputSchema).toMatchObject({ type: 'object', required: ['uuids'] });
    const whoami = tools.find((t) => t.name === 'whoami')!;
    expect(whoami.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(whoami.annotations?.readOnlyHint).toBe(true);
  });

  it('get_uuid returns one v4 UUID by default, as text and structured content', async () => {
    const result = await client.callTool({ name: 'get_uuid', arguments: {} });
    expect(result.isError).toBeFalsy();
    const text = (result.content as { type: string; text: string }[])[0].text;
    expect(text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.structuredContent).toEqual({ uuids: [text] });
  });

  it('get_uuid honours count and returns distinct values', async () => {
    const result = await client.callTool({ name: 'get_uuid', arguments: { count: 5 } });
    const uuids = (result.structuredContent as { uuids: string[] }).uuids;
    expect(uuids).toHaveLength(5);
    expect(new Set(uuids).size).toBe(5);
  });

  it('whoami returns the synthetic, clearly labelled dev-local caller', async () => {
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      sub: 'dev-local-user',
      client_id: 'dev-local-client',
      username: 'dev-local',
      scopes: ['mcp/tools'],
      token_use: 'access',
      source: 'dev-local',
    });
  });

  it('serves concurrent requests independently (a fresh stateless server per request)', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => client.callTool({ name: 'get_uuid', arguments: { count: (i % 10) + 1 } })),
    );
    results.forEach((r, i) => expect((r.structuredContent as { uuids: string[] }).uuids).toHaveLength((i % 10) + 1));
    const all = results.flatMap((r) => (r.structuredContent as { uuids: string[] }).uuids);
    expect(new Set(all).size).toBe(all.length);
  });

  it('answers ping', async () => {
    await expect(client.ping()).resolves.toEqual({});
  });

  it('reports argument validation failures as tool errors (isError), per the MCP spec', async () => {
    const extra = await client.callTool({ name: 'whoami', arguments: { admin: true } });
    expect(extra.isError).toBe(true);
    expect(JSON.stringify(extra.content)).toMatch(/Input validation error/);
    const wrongType = await client.callTool({ name: 'get_uuid', arguments: { count: 'ten' } });
    expect(wrongType.isError).toBe(true);
    const outOfRange = await client.callTool({ name: 'get_uuid', arguments: { count: 11 } });
    expect(outOfRange.isError).toBe(true);
  });

  it('rejects an unknown tool with JSON-RPC -32602', async () => {
    const call = client.callTool({ name: 'rm_rf', arguments: {} });
    await expect(call).rejects.toBeInstanceOf(McpError);
    await expect(call).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: rm_rf') });
  });

  it('rejects an unknown method with JSON-RPC -32601', async () => {
    await expect(client.listResources()).rejects.toMatchObject({ code: -32601 });
  });
});
