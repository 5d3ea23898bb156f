import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';

const run = promisify(execFile);
const root = path.join(__dirname, '..');

describe('Lambda bundle build (build.mjs)', () => {
  let a: Buffer;
  let b: Buffer;
  let triggers: Buffer[];
  beforeAll(async () => {
    const dirs = [mkdtempSync(path.join(tmpdir(), 'mcp-build-a-')), mkdtempSync(path.join(tmpdir(), 'mcp-build-b-'))];
    for (const dir of dirs) await run(process.execPath, ['build.mjs', '--out', dir], { cwd: root });
    [a, b] = dirs.map((d) => readFileSync(path.join(d, 'bundle.zip')));
    triggers = dirs.map((d) => readFileSync(path.join(d, 'mfa-scope-trigger.zip')));
  });

  it('produces byte-identical zips on two builds, the MFA scope trigger’s too', () => {
    expect(a.equals(b)).toBe(true);
    expect(triggers[0].equals(triggers[1])).toBe(true);
    expect(Object.keys(unzipSync(new Uint8Array(triggers[0])))).toEqual(['mfa-scope-trigger.js', 'mfa-scope-trigger.js.map']);
    // No dependency but the runtime's SDK: a few KiB.
    expect(triggers[0].length).toBeLessThan(16 * 1024);
  });

  it('holds exactly handler.js and its source map, with fixed timestamps', () => {
    const files = unzipSync(new Uint8Array(a));
    expect(Object.keys(files)).toEqual(['handler.js', 'handler.js.map']);
    // DOS date of every local file header: 1980-01-01 00:00:00 (date 0x0021, time 0x0000).
    for (let i = a.indexOf('PK\u0003\u0004'); i >= 0; i = a.indexOf('PK\u0003\u0004', i + 4)) {
      expect(a.readUInt16LE(i + 10)).toBe(0);
      expect(a.readUInt16LE(i + 12)).toBe(0x21);
    }
    const map = JSON.parse(Buffer.from(files['handler.js.map']).toString());
    expect(map.sources.some((s: string) => s.endsWith('src/lambda/handler.ts'))).toBe(true);
    expect(map.sources.every((s: string) => !path.isAbsolute(s))).toBe(true);
  });

  it('stays under 1 MiB zipped', () => {
    expect(a.length).toBeLessThan(1024 * 1024);
  });

  it('exports a handler that answers REST proxy events, with English zod messages and no other locale', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcp-run-'));
    await run(process.execPath, ['build.mjs', '--out', dir], { cwd: root });
    const bundle = readFileSync(path.join(dir, 'handler.js'), 'utf8');
    // de and es messages (esbuild escapes non-ASCII, so match ASCII words only); present without the plugin.
    expect(bundle).not.toMatch(/Eingabe|Entrada/);
    const call = (body: unknown) =>
      `require(${JSON.stringify(path.join(dir, 'handler.js'))}).handler({httpMethod:'POST',path:'/mcp',headers:{'content-type':'application/json',accept:'application/json, text/event-stream','mcp-protocol-version':'2025-06-18'},body:${JSON.stringify(JSON.stringify(body))},requestContext:{requestId:'r',authorizer:{claims:{sub:'s',client_id:'c',token_use:'access',scope:'mcp/tools'}}}}).then(r=>process.stdout.write(r.body))`;
    const env = { ...process.env, MCP_REQUIRED_SCOPE: 'mcp/tools', LOG_LEVEL: 'silent' };
    const ping = await run(process.execPath, ['-e', call({ jsonrpc: '2.0', id: 1, method: 'ping' })], { env });
    expect(JSON.parse(ping.stdout)).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    const bad = await run(
      process.execPath,
      ['-e', call({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_uuid', arguments: { count: 'x' } } })],
      { env },
    );
    const result = JSON.parse(bad.stdout).result;
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/expected number, received string/);
  });
});
