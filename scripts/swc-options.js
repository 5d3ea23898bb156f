'use strict';
// The one TypeScript-to-JavaScript setting of the repository: `npm run build` emits dist/ with it
// (scripts/build-package.js) and jest transforms sources with it (jest.preset.js), so what the
// tests run is what synth runs. Type checking is `npm run typecheck` (tsc, strict, isolatedModules).
module.exports = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  // The annotation lets Node's import() of a built module see its named exports (cjs-module-lexer
  // does not read SWC's export helper); the dev server imports vtl-templates that way.
  module: { type: 'commonjs', exportInteropAnnotation: true },
  // .swcrc files would change the output behind this file's back.
  swcrc: false,
  configFile: false,
};
