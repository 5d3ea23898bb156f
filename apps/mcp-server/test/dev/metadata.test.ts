import { readTemplate } from '@aws-log-mcp/vtl-templates';
import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { devOAuth, PLACEHOLDER_COGNITO_DOMAIN_URL } from '../../src/dev/metadata';
import { RunningDevServer, startDevServer } from '../../src/dev/dev-server';

describe('dev server metadata documents', () => {
  let dev: RunningDevServer;
  beforeAll(async () => {
    dev = await startDevServer({
      port: 0,
      oauth: devOAuth({ cognitoDomainUrl: 'https://login.example' }),
    });
  });
  afterAll(() => dev.close());

  it('serves RFC 9728 protected resource metadata at both well-known forms', async () => {
    for (const p of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const res = await fetch(`${dev.baseUrl}${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(await res.json()).toEqual({
        resource: dev.mcpUrl,
        authorization_servers: [dev.baseUrl],
        scopes_supported: ['mcp/tools'],
        bearer_methods_supported: ['header'],
        resource_name: 'MCP server dev-local',
      });
    }
  });

  it('serves RFC 8414 authorization server metadata whose issuer matches authorization_servers', async () => {
    const as = (await (await fetch(`${dev.baseUrl}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    const prm = (await (await fetch(`${dev.baseUrl}/.well-known/oauth-protected-resource`)).json()) as {
      authorization_servers: string[];
    };
    expect(as.issuer).toBe(prm.authorization_servers[0]);
    expect(as).toMatchObject({
      authorization_endpoint: `${dev.baseUrl}/authorize`,
      token_endpoint: 'https://login.example/oauth2/token',
      registration_endpoint: `${dev.baseUrl}/register`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('renders from the package .vtl (the template text is what API Gateway gets)', () => {
    expect(readTemplate('protected-resource-metadata')).toContain('$!stageVariables.resource');
    expect(PLACEHOLDER_COGNITO_DOMAIN_URL.endsWith('.invalid')).toBe(true);
  });

  it('answers other paths and methods with 404, as API Gateway does (MISSING_AUTHENTICATION_TOKEN sent as 404)', async () => {
    expect((await fetch(`${dev.baseUrl}/.well-known/openid-configuration`)).status).toBe(404);
    expect((await fetch(`${dev.baseUrl}/.well-known/oauth-authorization-server`, { method: 'POST' })).status).toBe(404);
  });
});

describe('npm run dev entry point (dist/dev/mcp-dev-server.js)', () => {
  const cli = path.join(__dirname, '..', '..', 'dist', 'dev', 'mcp-dev-server.js');

  it('prints the URL and its ready time, and serves MCP', async () => {
    const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+\/mcp) \(ready in (\d+) ms\)/);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      // How fast it starts is measured by `npm run bench -w apps/mcp-server` (dev server start-up),
      // not asserted here: the test only needs the reported line.
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
      expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
      // The bundle loads the vtl-templates package at run time (it reads its .vtl files from disk).
      const prm = await fetch(url.replace(/\/mcp$/, '/.well-known/oauth-protected-resource/mcp'));
      expect(prm.status).toBe(200);
      expect(((await prm.json()) as { resource: string }).resource).toBe(url);
    } finally {
      child.kill('SIGTERM');
    }
  });

  /** Runs the entry point with these flags; resolves with the exit code and stderr (it must not start listening). */
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, timeout: 10_000 }, (e, _o, stderr) =>
        resolve({ code: e ? ((e as { code?: number }).code ?? null) : 0, stderr }),
      ),
    );

  it.each([
    ['--port', ['--port', 'abc']],
    ['--port', ['--port', '70000']],
    ['--port', ['--port', '-1']],
    ['--port', ['--port', '80.5']],
    ['--host', ['--host', '192.168.1.2']],
    ['--host', ['--host', 'example.com']],
    ['--scope', ['--scope', 'no-slash']],
    ['--scope', ['--scope', 'mcp/tools extra']],
    ['--cognito-domain-url', ['--cognito-domain-url', 'notaurl']],
    ['--cognito-domain-url', ['--cognito-domain-url', 'http://login.example']],
    ['--cognito-domain-url', ['--cognito-domain-url', 'https://login.example/path']],
    ['--cognito-endpoint', ['--cognito-endpoint', 'ftp://127.0.0.1:5000', '--user-pool-id', 'eu-west-1_abc']],
    ['--user-pool-id', ['--cognito-endpoint', 'http://127.0.0.1:5000']],
    ['--user-pool-id', ['--cognito-endpoint', 'http://127.0.0.1:5000', '--user-pool-id', 'not a pool']],
    ['--log-engine', ['--log-engine', 'postgres']],
    ['--log-records', ['--log-records', 'rows.jsonl']],
    ['--bogus', ['--bogus']],
  ])('a bad %s exits 2 naming the flag, before listening', async (flag, args) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(flag);
    expect(stderr).toContain('usage:');
  });

  it('a bad value from the environment is reported under its flag too', async () => {
    const { code, stderr } = await run([], { MCP_DEV_PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr).toContain('--port');
  });

  it('refuses a non-loopback host', async () => {
    await expect(
      new Promise((resolve, reject) =>
        execFile(process.execPath, [cli, '--host', '0.0.0.0', '--port', '0'], (e, _o, stderr) =>
          e ? reject(Object.assign(e, { stderr })) : resolve(null),
        ),
      ),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('loopback') });
  });
});
