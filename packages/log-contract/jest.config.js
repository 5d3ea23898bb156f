// Two projects: `unit`, and `engine` (*.engine.test.ts) with the Iceberg testbed (Trino) started once per run.
const { engineJestConfig } = require('@aws-log-mcp/iceberg-testbed/dist/jest');

module.exports = engineJestConfig(require('../../jest.preset.js'), __dirname);
