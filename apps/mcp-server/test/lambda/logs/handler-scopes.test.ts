import { proxyEvent } from '@aws-log-mcp/testing/proxy-event';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { AthenaQueryRunner } from '../../../src/lambda/logs/athena-client';
import type { LogToolsOptions } from '../../../src/lambda/logs/tools';
import { Logger } from '../../../src/lambda/log';
import { createMcpHandler } from '../../../src/lambda/mcp-handler';
import { ALL_TOOLS, contractSettings } from './contract';

// Scope handling on raw REST proxy events, without an emulator: none of these calls reaches Athena
// (describe_log_schema never queries, and a missing scope stops a tool before it builds a query).
const settings = contractSettings();
const logTools: LogToolsOptions = {
  settings,
  // Never reached here; a query attempt would surface as an AWS error in the result, failing the assertions.
  runner: new AthenaQueryRunner({ workgroup: settings.workgroup, timeoutMs: 1000, region: 'eu-west-1' }),
};

function event(scope: string, body: unknown): APIGatewayProxyEvent {
  return proxyEvent({
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body,
    claims: { sub: 'u', client_id: 'c', token_use: 'access', scope },
  });
}

const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
const call = (name: string, args: unknown) => ({
  jsonrpc: '2.0',
  id: 2,
  method: 'tools/call',
  params: { name, arguments: args },
});

describe('log tools scope on the handler', () => {
  const withLogs = createMcpHandler({ requiredScope: 'mcp/tools', logTools, logger: new Logger('silent') });
  const without = createMcpHandler({ requiredScope: 'mcp/tools', logger: new Logger('silent') });

  it('admits a token with only the logs scope and lists all six tools', async () => {
    const r = await withLogs(event('mcp/logs.read', list));
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body).result.tools.map((t: { name: string }) => t.name)).toEqual(ALL_TOOLS);
    const schema = JSON.parse((await withLogs(event('mcp/logs.read', call('describe_log_schema', {})))).body).result;
    expect(schema.isError).toBeUndefined();
    expect(schema.structuredContent.required_scope).toBe('mcp/logs.read');
  });

  it('answers a log tool without the logs scope with a 403 scope challenge naming every scope the token needs', async () => {
    const withMetadata = createMcpHandler({
      requiredScope: 'mcp/tools',
      resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource',
      logTools,
      logger: new Logger('silent'),
    });
    for (const tool of ['search_logs', 'get_request_trace', 'log_stats', 'describe_log_schema']) {
      const r = await withMetadata(event('openid mcp/tools', call(tool, { last_minutes: 5 })));
      expect(r.statusCode).toBe(403);
      expect(r.headers?.['www-authenticate']).toBe(
        'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource", error="insufficient_scope", scope="mcp/tools mcp/logs.read"',
      );
      expect(JSON.parse(r.body)).toEqual({
        jsonrpc: '2.0',
        error: { code: -32000, message: `Forbidden: the tool ${tool} needs the scope mcp/logs.read` },
        id: 2,
      });
    }
    // The non-log tools stay available to the same token.
    expect((await withMetadata(event('openid mcp/tools', call('get_uuid', {})))).statusCode).toBe(200);
  });

  it('refuses a token with neither scope (403 insufficient_scope)', async () => {
    const r = await withLogs(event('openid mcp/other', list));
    expect(r.statusCode).toBe(403);
    expect(r.headers?.['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="mcp/tools"');
  });

  it('without log tools: the logs scope admits nothing, and the log tool names are unknown', async () => {
    expect((await without(event('mcp/logs.read', list))).statusCode).toBe(403);
    const r = JSON.parse((await without(event('mcp/tools', call('search_logs', { last_minutes: 5 })))).body);
    expect(r.error).toEqual({ code: -32602, message: 'Unknown tool: search_logs' });
  });
});
