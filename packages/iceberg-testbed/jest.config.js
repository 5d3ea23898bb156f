// Two projects: `unit`, and `engine` (*.engine.test.ts) with the testbed itself started once per run.
const { engineJestConfig } = require('./dist/jest');

module.exports = engineJestConfig(require('../../jest.preset.js'), __dirname);
