'use strict';
// Synthesizes one app's stacks to Terraform JSON and HCL:
//   apps/<app>/cdktf.out/stacks/<stack>/cdk.tf.json   (what cdktf and Terraform run)
//   apps/<app>/cdktf.out/hcl/<stack>/cdk.tf           (the same stack as HCL, for review)
// Everything is written to a scratch folder first and swapped in at the end, so a failed
// synth leaves the previous output untouched and nothing half-written.
// Usage: node scripts/synth.js <app>
process.env.CHECKPOINT_DISABLE = '1';
const fs = require('node:fs');
const path = require('node:path');
const { App } = require('cdktf');
const { formatHcl, loadPlatformConfig, OUTDIR_CONTEXT_KEY, ValidationError } = require('@aws-log-mcp/shared');
const { loadAppDefinition } = require('./apps');

const repoRoot = path.resolve(__dirname, '..');

function synthApp(appName) {
  const definition = loadAppDefinition(appName);
  const environments = loadPlatformConfig({ rootDir: repoRoot });
  const appDir = path.join(repoRoot, 'apps', appName);
  const finalOut = path.join(appDir, 'cdktf.out');
  const outdirFromRoot = path.relative(repoRoot, finalOut).split(path.sep).join('/');
  const scratch = fs.mkdtempSync(path.join(appDir, '.synth-'));
  try {
    const jsonDir = path.join(scratch, 'json');
    const hclDir = path.join(scratch, 'hcl');
    const context = { [OUTDIR_CONTEXT_KEY]: outdirFromRoot };
    const stacks = [];
    for (const [outdir, hclOutput] of [
      [jsonDir, false],
      [hclDir, true],
    ]) {
      // cdktf 0.21 stacks read SYNTH_HCL_OUTPUT when constructed; App's `hclOutput` alone
      // only renames the file, so the variable is set for the HCL pass.
      process.env.SYNTH_HCL_OUTPUT = String(hclOutput);
      const app = new App({ outdir, hclOutput, context });
      const added = definition.addStacks(app, environments);
      app.synth();
      delete process.env.SYNTH_HCL_OUTPUT;
      if (!hclOutput) stacks.push(...added.map((s) => s.node.id));
    }
    const staged = path.join(scratch, 'out');
    fs.mkdirSync(staged);
    fs.renameSync(path.join(jsonDir, 'stacks'), path.join(staged, 'stacks'));
    fs.renameSync(path.join(jsonDir, 'manifest.json'), path.join(staged, 'manifest.json'));
    fs.renameSync(path.join(hclDir, 'stacks'), path.join(staged, 'hcl'));
    for (const stack of stacks) {
      const hclFile = path.join(staged, 'hcl', stack, 'cdk.tf');
      fs.writeFileSync(hclFile, formatHcl(fs.readFileSync(hclFile, 'utf8')));
    }
    fs.rmSync(finalOut, { recursive: true, force: true });
    fs.renameSync(staged, finalOut);
    for (const stack of stacks) {
      const rel = (p) => path.relative(repoRoot, p);
      process.stdout.write(
        `synthesized ${stack}\n  json: ${rel(path.join(finalOut, 'stacks', stack, 'cdk.tf.json'))}\n  hcl:  ${rel(path.join(finalOut, 'hcl', stack, 'cdk.tf'))}\n`,
      );
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write('usage: node scripts/synth.js <app> [<app>...]\n');
  process.exit(2);
}
try {
  for (const name of names) synthApp(name);
} catch (e) {
  process.stderr.write(`synth failed: ${e instanceof ValidationError ? e.message : (e && e.stack) || e}\n`);
  process.exit(1);
}
