import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { RunningDevServer, startDevServer } from '../../src/dev/dev-server';

// MCP Inspector's CLI mode (@modelcontextprotocol/inspector-cli), run as its own process the way
// a developer would run it against `npm run dev`.
const run = promisify(execFile);
const INSPECTOR = path.join(require.resolve('@modelcontextprotocol/inspector-cli/package.json'), '..', 'build', 'cli.js');

async function inspector(url: string, ...args: string[]): Promise<unknown> {
  // Arguments go to execFile as an array: no shell, nothing spliced into a command line.
  const { stdout } = await run(process.execPath, [INSPECTOR, '--cli', url, '--transport', 'http', ...args], {
    timeout: 30_000,
    // inspector-cli 1.0.3 checks `existsSync('../package.json')` against the working directory but
    // imports it relative to build/index.js; running from its build folder makes both agree.
    cwd: path.dirname(INSPECTOR),
    env: { ...process.env, NO_COLOR: '1' },
  });
  return JSON.parse(stdout.slice(stdout.indexOf('{')));
}

describe('MCP Inspector CLI against the dev server', () => {
  let dev: RunningDevServer;
  beforeAll(async () => {
    dev = await startDevServer({ port: 0 });
  });
  afterAll(() => dev.close());

  it('lists the tools', async () => {
    const out = (await inspector(dev.mcpUrl, '--method', 'tools/list')) as { tools: { name: string }[] };
    expect(out.tools.map((t) => t.name).sort()).toEqual(['get_uuid', 'whoami']);
  });

  it('calls get_uuid with an argument', async () => {
    const out = (await inspector(dev.mcpUrl, '--method', 'tools/call', '--tool-name', 'get_uuid', '--tool-arg', 'count=2')) as {
      structuredContent: { uuids: string[] };
    };
    expect(out.structuredContent.uuids).toHaveLength(2);
    for (const u of out.structuredContent.uuids) expect(u).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('calls whoami and sees the dev-local caller', async () => {
    const out = (await inspector(dev.mcpUrl, '--method', 'tools/call', '--tool-name', 'whoami')) as {
      structuredContent: { sub: string; client_id: string; scopes: string[]; source: string };
    };
    expect(out.structuredContent).toMatchObject({
      sub: 'dev-local-user',
      client_id: 'dev-local-client',
      scopes: ['mcp/tools'],
      source: 'dev-local',
    });
  });

  it('exits non-zero on an unknown tool', async () => {
    await expect(inspector(dev.mcpUrl, '--method', 'tools/call', '--tool-name', 'nope')).rejects.toMatchObject({
      stderr: expect.stringContaining('Unknown tool'),
    });
  });
});
