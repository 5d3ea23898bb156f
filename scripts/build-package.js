#!/usr/bin/env node
'use strict';
// `npm run build` of a workspace: compiles src/**/*.ts to dist/**/*.js with SWC (no type
// checking: `npm run typecheck` runs tsc over sources and tests), after emptying dist/ so a
// deleted source leaves no stale module behind. Packages expose their TypeScript sources as
// their types (package.json `types`/`exports`), so no declaration files are emitted.
// Usage (from the package folder): node ../../scripts/build-package.js
const fs = require('node:fs');
const path = require('node:path');
const { transformFileSync } = require('@swc/core');
const options = require('./swc-options');

const pkgDir = process.cwd();
const srcDir = path.join(pkgDir, 'src');
const outDir = path.join(pkgDir, 'dist');

function sources(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) return sources(file);
      return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [file] : [];
    });
}

if (!fs.existsSync(srcDir)) {
  process.stderr.write(`build-package: ${srcDir} does not exist\n`);
  process.exit(1);
}
fs.rmSync(outDir, { recursive: true, force: true });
const files = sources(srcDir);
for (const file of files) {
  const { code } = transformFileSync(file, { ...options, filename: file, sourceMaps: false });
  const out = path.join(outDir, path.relative(srcDir, file)).replace(/\.ts$/, '.js');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
}
process.stdout.write(`${path.basename(pkgDir)}: ${files.length} modules -> dist/\n`);
