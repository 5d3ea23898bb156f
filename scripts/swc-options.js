'use strict';
// The one TypeScript-to-JavaScript setting of the repository: `npm run build` emits dist/ with it
// (scripts/build-package.js) and jest transforms sources with it (jest.preset.js), so what the
// tests run is what synth runs. Type checking is `npm run typecheck` (tsc, strict, isolatedModules).
module.exports = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  // .swcrc files would change the output behind this file's back.
  swcrc: false,
  configFile: false,
};
