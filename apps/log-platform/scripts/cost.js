#!/usr/bin/env node
'use strict';
// `npm run cost -w apps/log-platform -- --gb-per-day 50` runs this after the npm script has
// compiled the package; see README "Cost estimate".
const cli = require('./load-built')('../dist/cli/cost', 'cost');
process.exitCode = cli.main(process.argv.slice(2));
