#!/usr/bin/env node
'use strict';
// `npm run check-record -w apps/log-platform -- <file.jsonl>` runs this after the package is
// built (the npm script builds first); see README "Record checker".
let cli;
try {
  cli = require('../dist/cli/check-record');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('check-record: apps/log-platform is not built; run "npm run build -w apps/log-platform" first\n');
    process.exit(2);
  }
  throw e;
}
process.exitCode = cli.main(process.argv.slice(2));
