'use strict';
// Serves many synths from one Node process, for tests that run dozens of configurations through
// `scripts/synth.js`: the script's own command-line function (`run`), with the case's environment
// set for the call, so each case after the first costs no Node start and no reload of cdktf and
// the providers. One request a line on stdin, `{"env": {...}}`; one answer a line on stdout,
// `{"status", "stdout", "stderr"}` exactly as the command line would have exited and printed.
// Usage: node test/synth-server.js <checkout root> <app> [<app>...]
const path = require('node:path');
const readline = require('node:readline');

const [root, ...apps] = process.argv.slice(2);
const { run } = require(path.join(root, 'scripts', 'synth.js'));

/** Collects what `run` writes to one stream. */
function sink() {
  const chunks = [];
  return { chunks, write: (chunk) => (chunks.push(String(chunk)), true) };
}

async function serve(request) {
  const env = request.env || {};
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const stdout = sink();
  const stderr = sink();
  try {
    const status = await run(apps, { stdout, stderr });
    return { status, stdout: stdout.chunks.join(''), stderr: stderr.chunks.join('') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

// One request at a time, in order: a case's environment is process-wide while it runs.
let queue = Promise.resolve();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(async () => process.stdout.write(`${JSON.stringify(await serve(JSON.parse(line)))}\n`));
});
