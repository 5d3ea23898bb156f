// Benchmarks of the Lambda bundle (prints numbers; not a timed test). Run after `npm run build`:
//   npm run bench -w apps/mcp-server [-- --runs 15 --calls 1000 --baseline <another build's dist/lambda-bundle>]
// 1. zipped bundle size; 2. cold module initialisation in fresh Node processes (median);
// 3. in-process handler latency for tools/list and tools/call, p50/p99 over N calls; 4. the dev
// server's start-up (its own ready time); 5. the seed article's Python server, same cold start.
// 4. whole fresh processes against the seed article's Python server (article-comparison.mjs).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const zipPath = path.join(here, '..', 'dist', 'lambda', 'bundle.zip');
// Measure exactly what ships: the files inside bundle.zip, unpacked the way Lambda unpacks them.
const require = createRequire(import.meta.url);
const { unzipSync } = require('fflate');
const { proxyEvent } = require('@aws-log-mcp/testing/proxy-event');
const lambdaDir = mkdtempSync(path.join(tmpdir(), 'mcp-bench-'));
for (const [name, data] of Object.entries(unzipSync(readFileSync(zipPath)))) writeFileSync(path.join(lambdaDir, name), data);
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, calls: { type: 'string', default: '1000' }, baseline: { type: 'string' } },
});
const runs = Number(values.runs);
const calls = Number(values.calls);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (x) => `${x.toFixed(3)} ms`;

// 1. Size.
const zipBytes = statSync(zipPath).size;
const jsBytes = statSync(path.join(lambdaDir, 'handler.js')).size;
console.log(
  `bundle.zip: ${(zipBytes / 1024).toFixed(1)} KiB (${zipBytes} bytes; goal <= 1 MiB), handler.js ${(jsBytes / 1024).toFixed(1)} KiB`,
);

// 2. Cold init: a fresh process per run, timing only require() of the bundle (what Lambda's
// init phase does after the runtime has started).
const env = { ...process.env, MCP_REQUIRED_SCOPE: 'mcp/tools', LOG_LEVEL: 'silent' };
const probe = `const t=process.hrtime.bigint();require(${JSON.stringify(path.join(lambdaDir, 'handler.js'))});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
const inits = [];
for (let i = 0; i < runs; i++) inits.push(Number(execFileSync(process.execPath, ['-e', probe], { env }).toString()));
// Baseline in the same run: requiring only the SDK's McpServer module unbundled from node_modules,
// the least any handler built on the SDK pays without a bundle.
const sdkServer = require.resolve('@modelcontextprotocol/sdk/server/mcp.js');
const baselineProbe = probe.replace(JSON.stringify(path.join(lambdaDir, 'handler.js')), JSON.stringify(sdkServer));
const baselines = [];
for (let i = 0; i < runs; i++) baselines.push(Number(execFileSync(process.execPath, ['-e', baselineProbe], { env }).toString()));
console.log(
  `cold module init over ${runs} fresh processes: median ${ms(quantile(inits, 0.5))}, min ${ms(Math.min(...inits))}, max ${ms(Math.max(...inits))} (goal <= 150 ms median); ` +
    `baseline require of the unbundled SDK McpServer: median ${ms(quantile(baselines, 0.5))}, ratio ${(quantile(inits, 0.5) / quantile(baselines, 0.5)).toFixed(2)}`,
);

// What a cold start costs a caller: module init plus the first tools/list in the same process.
const firstCall = `const t=process.hrtime.bigint();const {handler}=require(${JSON.stringify(path.join(lambdaDir, 'handler.js'))});handler(${JSON.stringify(
  coldEvent(),
)}).then((r)=>{if(r.statusCode!==200)throw new Error(r.body);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))})`;
const firsts = [];
for (let i = 0; i < runs; i++) firsts.push(Number(execFileSync(process.execPath, ['-e', firstCall], { env }).toString()));
console.log(
  `cold init + first tools/list over ${runs} fresh processes: median ${ms(quantile(firsts, 0.5))}, min ${ms(Math.min(...firsts))}`,
);

// 3. In-process latency through the real handler with REST proxy events.
Object.assign(process.env, env);
const { handler } = require(path.join(lambdaDir, 'handler.js'));
function coldEvent() {
  return event({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
}
function event(body) {
  return proxyEvent({
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    multiValueHeaders: {},
    body,
    requestId: 'bench',
    domainName: 'bench.example',
    claims: { sub: 'bench-user', client_id: 'bench-client', token_use: 'access', scope: 'mcp/tools' },
  });
}
const cases = {
  'tools/list': event({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  'tools/call get_uuid': event({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_uuid', arguments: {} } }),
  'tools/call whoami': event({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'whoami', arguments: {} } }),
};
for (const [name, ev] of Object.entries(cases)) {
  for (let i = 0; i < 50; i++) await handler(ev); // warm-up (JIT)
  const times = [];
  for (let i = 0; i < calls; i++) {
    const t = process.hrtime.bigint();
    const res = await handler(ev);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (res.statusCode !== 200) throw new Error(`${name}: HTTP ${res.statusCode} ${res.body}`);
  }
  console.log(`${name.padEnd(20)} ${calls} calls: p50 ${ms(quantile(times, 0.5))}, p99 ${ms(quantile(times, 0.99))}`);
}

// 4. The local dev server (npm run dev): its own "ready in N ms" line (performance.now() from
// process start), median over fresh processes, against a bare `node -e` start measured the same way.
async function devServerReadyMs() {
  const cli = path.join(here, '..', 'dist', 'dev', 'mcp-dev-server.js');
  const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    return await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d.toString();
        const m = out.match(/\(ready in (\d+) ms\)/);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`dev server exited ${code} before it was ready`)));
    });
  } finally {
    child.kill('SIGTERM');
  }
}
const devReady = [];
const bareNode = [];
for (let i = 0; i < runs; i++) {
  devReady.push(await devServerReadyMs());
  bareNode.push(Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(performance.now()))']).toString()));
}
console.log(
  `dev server ready over ${runs} fresh processes: median ${ms(quantile(devReady, 0.5))} (goal < 1000 ms); ` +
    `bare node start: median ${ms(quantile(bareNode, 0.5))}, ratio ${(quantile(devReady, 0.5) / quantile(bareNode, 0.5)).toFixed(1)}`,
);

// 5. The same cold start against the seed article's Python server, in one run (article-comparison.mjs).
const compare = spawnSync(
  process.execPath,
  [
    path.join(here, 'article-comparison.mjs'),
    '--handler',
    lambdaDir,
    '--runs',
    String(runs),
    ...(values.baseline ? ['--baseline', values.baseline] : []),
  ],
  {
    stdio: 'inherit',
  },
);
if (compare.status !== 0) process.exitCode = compare.status ?? 1;
