#!/usr/bin/env node
'use strict';
// `npm run check-record -w apps/log-platform -- <file.jsonl>` runs this after the package is
// built (the npm script builds first); see README "Record checker".
const cli = require('./load-built')('../dist/cli/check-record', 'check-record');
process.exitCode = cli.main(process.argv.slice(2));
