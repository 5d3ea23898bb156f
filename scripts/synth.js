'use strict';
// Synthesizes the stacks of one or more apps to Terraform JSON and HCL:
//   apps/<app>/cdktf.out/stacks/<stack>/cdk.tf.json   (what cdktf and Terraform run)
//   apps/<app>/cdktf.out/hcl/<stack>/cdk.tf           (the same stack as HCL, for review)
// Every app is staged in a scratch folder first; the HCL of each stack must parse and read the
// same as its JSON. Only when every app is staged are the outputs swapped in, all of them or
// none: a failed synth leaves every previous output untouched and nothing half-written.
// Usage: node scripts/synth.js <app> [<app>...]
process.env.CHECKPOINT_DISABLE = '1';
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');

/** A synth failure that is the user's to fix: printed as one line, without a stack trace. */
class SynthError extends Error {}

/**
 * Synthesizes `appName` for `environments` into a scratch folder inside the app (so the swap is
 * a rename on one file system) and checks it. Returns what {@link swapAll} needs; the scratch
 * folder is added to `scratches` as soon as it exists, for the caller to remove.
 */
async function stageApp(appName, environments, shared, scratches) {
  const { App } = require('cdktf');
  const { loadAppDefinition } = require('./apps');
  const { assertHclMatchesJson, formatHcl, OUTDIR_CONTEXT_KEY } = shared;
  const definition = loadAppDefinition(appName);
  const appDir = path.join(repoRoot, 'apps', appName);
  const finalOut = path.join(appDir, 'cdktf.out');
  const outdirFromRoot = path.relative(repoRoot, finalOut).split(path.sep).join('/');
  const scratch = fs.mkdtempSync(path.join(appDir, '.synth-'));
  scratches.push(scratch);
  const entry = { appName, finalOut, scratch, staged: path.join(scratch, 'out'), stacks: [] };
  const jsonDir = path.join(scratch, 'json');
  const hclDir = path.join(scratch, 'hcl');
  const context = { [OUTDIR_CONTEXT_KEY]: outdirFromRoot };
  for (const [outdir, hclOutput] of [
    [jsonDir, false],
    [hclDir, true],
  ]) {
    // cdktf 0.21 stacks read SYNTH_HCL_OUTPUT when constructed; App's `hclOutput` alone
    // only renames the file, so the variable is set for the HCL pass.
    process.env.SYNTH_HCL_OUTPUT = String(hclOutput);
    try {
      const app = new App({ outdir, hclOutput, context });
      const added = definition.addStacks(app, environments);
      app.synth();
      if (!hclOutput) entry.stacks.push(...added.map((s) => s.node.id));
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
    }
  }
  if (entry.stacks.length === 0) {
    throw new SynthError(`${appName}: [synth.noStacks] produced no stack; nothing was written`);
  }
  fs.mkdirSync(entry.staged);
  fs.renameSync(path.join(jsonDir, 'stacks'), path.join(entry.staged, 'stacks'));
  fs.renameSync(path.join(jsonDir, 'manifest.json'), path.join(entry.staged, 'manifest.json'));
  fs.renameSync(path.join(hclDir, 'stacks'), path.join(entry.staged, 'hcl'));
  for (const stack of entry.stacks) {
    const hclFile = path.join(entry.staged, 'hcl', stack, 'cdk.tf');
    const hcl = formatHcl(fs.readFileSync(hclFile, 'utf8'));
    const json = JSON.parse(fs.readFileSync(path.join(entry.staged, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    await assertHclMatchesJson(stack, json, hcl);
    fs.writeFileSync(hclFile, hcl);
  }
  return entry;
}

/**
 * Swaps every staged output in, or none: each previous output is first moved into its app's
 * scratch folder (`previous`), then the staged one takes its place. When any rename fails, the
 * ones already done are undone in reverse order and the error is rethrown, so every app keeps
 * the output it had. `rename` is injectable for tests.
 */
function swapAll(entries, rename = fs.renameSync, exists = fs.existsSync) {
  const done = [];
  try {
    for (const e of entries) {
      const previous = path.join(e.scratch, 'previous');
      if (exists(e.finalOut)) {
        rename(e.finalOut, previous);
        done.push(() => rename(previous, e.finalOut));
      }
      rename(e.staged, e.finalOut);
      done.push(() => rename(e.finalOut, e.staged));
    }
  } catch (error) {
    for (const undo of done.reverse()) undo();
    throw error;
  }
}

async function main(names, stdout) {
  // The configuration is read before cdktf is loaded: a bad config fails in a fraction of a second.
  const environments = require('@aws-log-mcp/shared/core').loadPlatformConfig({ rootDir: repoRoot });
  const shared = require('@aws-log-mcp/shared');
  const entries = [];
  const scratches = [];
  try {
    for (const name of names) entries.push(await stageApp(name, environments, shared, scratches));
    swapAll(entries);
    for (const e of entries) {
      for (const stack of e.stacks) {
        const rel = (p) => path.relative(repoRoot, p);
        stdout.write(
          `synthesized ${stack}\n  json: ${rel(path.join(e.finalOut, 'stacks', stack, 'cdk.tf.json'))}\n  hcl:  ${rel(path.join(e.finalOut, 'hcl', stack, 'cdk.tf'))}\n`,
        );
      }
    }
  } finally {
    for (const scratch of scratches) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The command line without the process: synthesizes `names` as `node scripts/synth.js <names>`
 * does, writing to `io.stdout` / `io.stderr`, and resolves with the exit status (0 written, 1 a
 * failure printed as one line `synth failed: ...`, 2 usage). The environment is read from
 * `process.env` (PLATFORM_CONFIG, PLATFORM_ENVIRONMENTS). Lets the tests serve many synths from
 * one process; the process below only maps the status to its exit code.
 */
async function run(names, io = process) {
  if (names.length === 0) {
    io.stderr.write('usage: node scripts/synth.js <app> [<app>...]\n');
    return 2;
  }
  try {
    await main(names, io.stdout);
    return 0;
  } catch (e) {
    const { ValidationError } = require('@aws-log-mcp/shared/core');
    const known = e instanceof ValidationError || e instanceof SynthError;
    io.stderr.write(`synth failed: ${known ? e.message : (e && e.stack) || e}\n`);
    return 1;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((status) => {
    if (status !== 0) process.exit(status);
  });
}

module.exports = { run, swapAll };
