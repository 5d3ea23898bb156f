// Repository-level tests: the synth script and root cdktf app as a user runs them.
module.exports = { ...require('../jest.preset.js'), rootDir: '..', roots: ['<rootDir>/test'] };
