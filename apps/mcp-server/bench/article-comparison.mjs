// Same-run comparison with the seed article's choice: its get_uuid server on the Python
// `awslabs.mcp_lambda_handler` (PyPI awslabs-mcp-lambda-handler, bench/article/) against our
// bundle. Each run is a fresh process that loads the handler and answers one REST proxy event
// carrying `tools/list`, as a Lambda cold start does after the runtime is up; runs of the four
// commands are interleaved so machine load hits them alike. Prints, per command, the median wall
// time of the whole process and its peak RSS (`/usr/bin/time -f %M`), the split of that time
// (runtime start-up, loading the handler, the first request), the resident memory after each step,
// and the ratios ours / article. With --baseline another build (e.g. main's) runs interleaved too,
// so a change's before/after comes from the same run.
// Usage: node bench/article-comparison.mjs --handler <dir with handler.js> [--baseline <dir>] [--runs 15]
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { handler: { type: 'string' }, baseline: { type: 'string' }, runs: { type: 'string', default: '15' } },
});
if (!values.handler) throw new Error('--handler <dir with handler.js> is required');
const runs = Number(values.runs);

/** The article's library in a virtualenv of its own under the toolchain cache (pinned; created once). */
function articleVenv() {
  const requirements = path.join(here, 'article', 'requirements.txt');
  const cache = (process.env.TOOLCHAIN_CACHE ?? '~/.cache/aws-log-mcp-platform').replace(/^~(?=\/)/, homedir());
  const venv = path.join(cache, 'bench', 'mcp-lambda-handler-0.1.15');
  const python = path.join(venv, 'bin', 'python');
  const stamp = path.join(venv, '.requirements.sha256');
  const digest = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== digest) {
    process.stderr.write(`installing ${requirements} into ${venv} (once)\n`);
    if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(python, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', requirements], { stdio: 'inherit' });
    writeFileSync(stamp, `${digest}\n`);
  }
  return python;
}

const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
// What API Gateway's REST proxy integration hands both handlers (the article's library insists on
// exactly `application/json`; ours on the Streamable HTTP accept header as well).
const event = {
  resource: '/mcp',
  path: '/mcp',
  httpMethod: 'POST',
  headers: {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-06-18',
  },
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  requestContext: {
    requestId: 'bench',
    domainName: 'bench.example',
    stage: 'prod',
    authorizer: { claims: { sub: 'bench-user', client_id: 'bench-client', token_use: 'access', scope: 'mcp/tools' } },
  },
  body,
  isBase64Encoded: false,
};

const python = articleVenv();
// In-process marks, in ms: start-up (process start to the first line of the script; Node's own
// clock), load (require/import of the handler), first (answering the event); resident memory in
// MiB at the script's start and after each step (process.memoryUsage().rss: the current value,
// where /usr/bin/time gives the peak).
const nodeProbe = (dir) => {
  const handlerJs = path.join(path.resolve(dir), 'handler.js');
  return `const s=performance.now();const m0=process.memoryUsage.rss();const t0=process.hrtime.bigint();const {handler}=require(${JSON.stringify(handlerJs)});const t1=process.hrtime.bigint();const m1=process.memoryUsage.rss();
handler(${JSON.stringify(event)}).then((r)=>{const t2=process.hrtime.bigint();if(r.statusCode!==200||!r.body.includes('"tools"'))throw new Error(r.body);
const mib=(x)=>x/1048576;process.stdout.write(JSON.stringify({startup:s,load:Number(t1-t0)/1e6,first:Number(t2-t1)/1e6,rss0:mib(m0),rss1:mib(m1),rss2:mib(process.memoryUsage.rss())}))})`;
};
// Python reports its peak so far (ru_maxrss, KiB on Linux), which only grows: the same steps.
const pythonProbe = `import time,json,sys,resource
rss=lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024
m0=rss()
t0=time.perf_counter()
sys.path.insert(0, ${JSON.stringify(path.join(here, 'article'))})
import article_server
t1=time.perf_counter()
m1=rss()
r=article_server.handler(json.loads(${JSON.stringify(JSON.stringify(event))}), None)
t2=time.perf_counter()
assert r['statusCode']==200 and '"tools"' in r['body'], r
print(json.dumps({'load':(t1-t0)*1e3,'first':(t2-t1)*1e3,'rss0':m0,'rss1':m1,'rss2':rss()}))`;

const env = { ...process.env, MCP_REQUIRED_SCOPE: 'mcp/tools', LOG_LEVEL: 'silent', PYTHONDONTWRITEBYTECODE: '' };
const ours = 'ours: node + bundle + tools/list';
const baseline = 'baseline: node + --baseline bundle + tools/list';
const article = 'article: python + mcp_lambda_handler + tools/list';
const commands = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'python3 -c pass': [python, ['-c', 'pass']],
  [ours]: [process.execPath, ['-e', nodeProbe(values.handler)]],
  ...(values.baseline ? { [baseline]: [process.execPath, ['-e', nodeProbe(values.baseline)]] } : {}),
  [article]: [python, ['-c', pythonProbe]],
};

/** One run under /usr/bin/time: wall ms (measured here), peak RSS MiB, the probe's marks. */
function once(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '__peak_rss_kib=%M', cmd, ...args], { env, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  const rss = Number(/__peak_rss_kib=(\d+)/.exec(r.stderr)[1]) / 1024;
  return { wall, rss, marks: r.stdout ? JSON.parse(r.stdout) : {} };
}

const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
// Python writes __pycache__ on the first import; one warm-up run of each keeps that out of the numbers.
for (const [cmd, args] of Object.values(commands)) once(cmd, args);
for (let i = 0; i < runs; i++) for (const [name, [cmd, args]] of Object.entries(commands)) samples[name].push(once(cmd, args));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stat = (name, pick) => median(samples[name].map(pick));
const ms = (x) => `${x.toFixed(1)} ms`;

console.log(`\nSame-run comparison with the seed article's Python server (${runs} interleaved fresh processes each, medians):`);
console.log(`${'process'.padEnd(52)} ${'wall'.padStart(10)} ${'peak RSS'.padStart(10)}`);
for (const name of Object.keys(commands)) {
  console.log(
    `${name.padEnd(52)} ${ms(stat(name, (s) => s.wall)).padStart(10)} ${`${stat(name, (s) => s.rss).toFixed(1)} MiB`.padStart(10)}`,
  );
}
const mib = (x) => `${x.toFixed(1)} MiB`;
const ratios = (name) =>
  `wall ${(stat(name, (s) => s.wall) / stat(article, (s) => s.wall)).toFixed(2)} (goal <= 0.5), ` +
  `peak RSS ${(stat(name, (s) => s.rss) / stat(article, (s) => s.rss)).toFixed(2)} (goal <= 1)`;
console.log(`ratio ours / article: ${ratios(ours)}`);
if (values.baseline) {
  console.log(`ratio baseline / article: ${ratios(baseline)}`);
  console.log(
    `ours / baseline: wall ${(stat(ours, (s) => s.wall) / stat(baseline, (s) => s.wall)).toFixed(2)}, ` +
      `peak RSS ${(stat(ours, (s) => s.rss) / stat(baseline, (s) => s.rss)).toFixed(2)}`,
  );
}
const articleWall = stat(article, (s) => s.wall);
for (const name of values.baseline ? [ours, baseline] : [ours]) {
  const wall = stat(name, (s) => s.wall);
  const startup = stat(name, (s) => s.marks.startup);
  const load = stat(name, (s) => s.marks.load);
  const first = stat(name, (s) => s.marks.first);
  console.log(
    `where ${name.split(':')[0]} goes: runtime start-up to the script ${ms(startup)} (node -e 0 whole: ${ms(stat('node -e 0', (s) => s.wall))}), ` +
      `require(bundle) ${ms(load)}, first tools/list ${ms(first)}, the rest (exit, spawn) ${ms(wall - load - first - startup)}; ` +
      `RSS ${mib(stat(name, (s) => s.marks.rss0))} at the script's start, ${mib(stat(name, (s) => s.marks.rss1))} after require, ` +
      `${mib(stat(name, (s) => s.marks.rss2))} after the first tools/list, peak ${mib(stat(name, (s) => s.rss))} (node -e 0: ${mib(stat('node -e 0', (s) => s.rss))})`,
  );
}
const pyLoad = stat(article, (s) => s.marks.load);
const pyFirst = stat(article, (s) => s.marks.first);
console.log(
  `where the article's goes: interpreter start-up and exit ${ms(articleWall - pyLoad - pyFirst)} (python3 -c pass whole: ${ms(stat('python3 -c pass', (s) => s.wall))}), ` +
    `import of the server (the library, which imports boto3 for its DynamoDB session store) ${ms(pyLoad)}, first tools/list ${ms(pyFirst)}; ` +
    `peak RSS ${mib(stat(article, (s) => s.marks.rss0))} at the script's start, ${mib(stat(article, (s) => s.marks.rss1))} after the import, ` +
    `${mib(stat(article, (s) => s.marks.rss2))} after the first tools/list (python3 -c pass: ${mib(stat('python3 -c pass', (s) => s.rss))})`,
);
