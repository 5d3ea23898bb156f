import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { proxyEvent } from '@aws-log-mcp/testing/proxy-event';
import { Logger } from '../../src/lambda/log';
import { LOG_TOOLS_ENV } from '../../src/lambda/logs/settings';
import { LogToolsOptions, registerLogTools } from '../../src/lambda/logs/tools';
import { createMcpHandler } from '../../src/lambda/mcp-handler';
import { LISTING_ONLY_CALLER } from '../../src/lambda/tool-list';
import { registerTools } from '../../src/lambda/tools';
import { ALL_TOOLS, contractSettings } from './logs/contract';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');
const settings = contractSettings();
// Never queried: only describe_log_schema is called here, which runs no query.
const logTools: LogToolsOptions = {
  settings,
  runner: {
    run: () => Promise.reject(new Error('no query expected')),
  },
};
// A result schema that keeps every member, so the list is compared as the server sent it.
const RAW_LIST = z.looseObject({ tools: z.array(z.looseObject({ name: z.string() })) });

/**
 * tools/list exactly as the SDK answers it for `register`'s tools: a plain McpServer (its own
 * tools/list handler, converting the zod schemas on the call) asked by the official client, as
 * JSON on the wire (the in-memory transport hands over objects, `undefined` members included).
 */
async function plainSdkList(register: (server: McpServer) => void): Promise<unknown[]> {
  const server = new McpServer({ name: 'plain', version: '0' }, { capabilities: { tools: {} } });
  register(server);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'jest', version: '0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  try {
    return JSON.parse(JSON.stringify((await client.request({ method: 'tools/list' }, RAW_LIST)).tools));
  } finally {
    await client.close();
    await server.close();
  }
}
const staticTools = (s: McpServer) => registerTools(s, LISTING_ONLY_CALLER);
const allTools = (s: McpServer) => {
  registerTools(s, LISTING_ONLY_CALLER);
  registerLogTools(s, LISTING_ONLY_CALLER, logTools);
};

const CLAIMS = { sub: 's', client_id: 'c', token_use: 'access', scope: 'mcp/tools mcp/logs.read' };

describe('tools/list served from schemas computed once (source)', () => {
  const list = (id: number) =>
    proxyEvent({
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: { jsonrpc: '2.0', id, method: 'tools/list' },
      claims: CLAIMS,
    });

  it.each([
    ['without the log tools', undefined, staticTools],
    ['with the log tools', logTools, allTools],
  ])('equals what the SDK produces from the zod schemas, %s, on every list', async (_, tools, register) => {
    const handler = createMcpHandler({ requiredScope: 'mcp/tools', logTools: tools, logger: new Logger('silent') });
    const expected = await plainSdkList(register);
    const first = JSON.parse((await handler(list(1))).body);
    const second = JSON.parse((await handler(list(2))).body);
    expect(first.result.tools).toStrictEqual(expected);
    expect(second.result.tools).toStrictEqual(expected);
    expect(expected.map((t) => (t as { name: string }).name)).toEqual(tools ? ALL_TOOLS : ['get_uuid', 'whoami']);
  });
});

/**
 * The built bundle (its static tools' list computed by build.mjs) in a process of its own behind a
 * loopback HTTP server that turns each request into a REST proxy event with the claims above.
 */
describe('tools/list of the built bundle', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mcp-tool-list-'));
    await run(process.execPath, ['build.mjs', '--out', dir], { cwd: root });
  }, 60_000);

  afterAll(() => {
    for (const child of children) child.kill();
  });

  async function serveBundle(extraEnv: Record<string, string>): Promise<URL> {
    const script = `const http=require('node:http');const {handler}=require(${JSON.stringify(path.join(dir, 'handler.js'))});
const claims=${JSON.stringify(CLAIMS)};
http.createServer((req,res)=>{let body='';req.setEncoding('utf8');req.on('data',(c)=>body+=c);req.on('end',async()=>{
const r=await handler({httpMethod:req.method,path:'/mcp',headers:req.headers,multiValueHeaders:{},body,isBase64Encoded:false,requestContext:{requestId:'r',domainName:'127.0.0.1',authorizer:{claims}}});
res.writeHead(r.statusCode,r.headers);res.end(r.body);});}).listen(0,'127.0.0.1',function(){process.stdout.write(String(this.address().port)+'\\n')});`;
    const child = spawn(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH ?? '', MCP_REQUIRED_SCOPE: 'mcp/tools', LOG_LEVEL: 'silent', ...extraEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`bundle server exited with ${code}`)));
    });
    return new URL(`http://127.0.0.1:${port}/mcp`);
  }

  async function connect(url: URL): Promise<Client> {
    const client = new Client({ name: 'jest-sdk-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url));
    return client;
  }

  it('without the log tools: the list equals the SDK’s from the zod schemas, and the official client calls every tool', async () => {
    const client = await connect(await serveBundle({}));
    try {
      const served = (await client.request({ method: 'tools/list' }, RAW_LIST)).tools;
      expect(served).toStrictEqual(await plainSdkList(staticTools));
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['get_uuid', 'whoami']);
      const uuids = await client.callTool({ name: 'get_uuid', arguments: { count: 3 } });
      expect((uuids.structuredContent as { uuids: string[] }).uuids).toHaveLength(3);
      const me = await client.callTool({ name: 'whoami', arguments: {} });
      expect(me.structuredContent).toMatchObject({ sub: 's', client_id: 'c', scopes: ['mcp/tools', 'mcp/logs.read'] });
      // Input is still validated by the zod schema the list was computed from.
      const bad = await client.callTool({ name: 'get_uuid', arguments: { count: 11 } });
      expect(bad.isError).toBe(true);
      expect(JSON.stringify(bad.content)).toMatch(/count/);
    } finally {
      await client.close();
    }
  });

  it('with the log tools: the list equals the SDK’s, and describe_log_schema answers through the official client', async () => {
    const client = await connect(await serveBundle({ [LOG_TOOLS_ENV]: JSON.stringify(settings), AWS_REGION: 'eu-west-1' }));
    try {
      const served = (await client.request({ method: 'tools/list' }, RAW_LIST)).tools;
      expect(served).toStrictEqual(await plainSdkList(allTools));
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(ALL_TOOLS);
      const schema = await client.callTool({ name: 'describe_log_schema', arguments: {} });
      expect(schema.isError).toBeFalsy();
      expect(schema.structuredContent).toMatchObject({ required_scope: 'mcp/logs.read' });
      const bad = await client.callTool({ name: 'search_logs', arguments: { last_minutes: 0 } });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});
