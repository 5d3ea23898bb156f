'use strict';
// Entry point of the root cdktf.json: every stack of every app, for
// `npx cdktf list|synth|diff|deploy <stack>` run from the repository root.
process.env.CHECKPOINT_DISABLE = '1';
const { App } = require('cdktf');
const { loadPlatformConfig, OUTDIR_CONTEXT_KEY, ValidationError } = require('@aws-log-mcp/shared');
const { APP_PACKAGES, loadAppDefinition } = require('./apps');

try {
  const environments = loadPlatformConfig();
  const app = new App({ context: { [OUTDIR_CONTEXT_KEY]: 'cdktf.out' } });
  let stacks = 0;
  for (const name of Object.keys(APP_PACKAGES)) stacks += loadAppDefinition(name).addStacks(app, environments).length;
  if (stacks === 0) throw new ValidationError('PLATFORM_ENVIRONMENTS', '[synth.noStacks] no stack to synthesize');
  app.synth();
} catch (e) {
  process.stderr.write(`synth failed: ${e instanceof ValidationError ? e.message : (e && e.stack) || e}\n`);
  process.exit(1);
}
