#!/usr/bin/env node
'use strict';
// `npm run schema-lock -w apps/log-platform [-- --check]` runs this after the package is built
// (the npm script builds first); see README "Changing the schema".
const cli = require('./load-built')('../dist/cli/schema-lock', 'schema-lock');
process.exitCode = cli.main(process.argv.slice(2));
