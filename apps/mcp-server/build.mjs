// Bundles the MCP Lambda (src/lambda/handler.ts) with esbuild into a reproducible zip:
//   dist/lambda/bundle.zip  = handler.js + handler.js.map, fixed mtimes, sorted entries
//   (the same files unzipped, and esbuild's metafile, in dist/lambda-bundle/), and the Cognito
//   trigger of logTools.requireMfa the same way: dist/lambda/mfa-scope-trigger.zip.
//   The registered-client expiry job the same way: dist/lambda/client-expiry.zip.
// Two builds of the same sources produce byte-identical zips, so the TerraformAsset hash (and
// the Lambda's source_code_hash) change only when the code does.
// The handler bundle carries the tools/list JSON of get_uuid and whoami, computed here by the SDK
// from their zod schemas (src/lambda/tool-list.ts), so a cold start does not convert them.
// It also bundles the local dev server into dist/dev/mcp-dev-server.js.
// Usage: node build.mjs [--out <dir>]   (--out writes only the Lambda files, into <dir>; for tests)
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
// The zip goes where the stack's TerraformAsset expects it; the unzipped bundle and esbuild's
// metafile go to a folder of their own, because tsc writes dist/lambda/*.js as well.
const zipDir = args.out ? path.resolve(args.out) : path.join(here, 'dist', 'lambda');
const outDir = args.out ? zipDir : path.join(here, 'dist', 'lambda-bundle');

// fflate writes DOS timestamps from local-time fields; a Date built from local components
// therefore encodes the same bytes in every time zone. 1980-01-01 is the DOS epoch.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
// Unix file mode 0644 in the external attributes, so Lambda's unzip keeps files readable.
const FILE_ATTRS = 0o100644 << 16;

// The SDK nests its own copy of zod. Resolving every `zod` and `zod/*` import from this package
// (through the package's `exports`, so ESM files and tree shaking apply) bundles one copy only.
const singleZod = {
  name: 'single-zod',
  setup(b) {
    b.onResolve({ filter: /^zod(\/|$)/ }, async (args) => {
      if (args.pluginData === 'single-zod') return undefined;
      return b.resolve(args.path, { kind: args.kind, resolveDir: here, pluginData: 'single-zod' });
    });
  },
};

// zod re-exports all of its ~50 message locales as a namespace (`z.locales`), which no bundler can
// tree-shake; only English is configured and used, so the others are left out of the bundle.
const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: "export { default as en } from './en.js';\n",
      loader: 'js',
    }));
  },
};

/**
 * The JSON of `staticToolList()` (src/lambda/tool-list.ts): tools/list of the tools every
 * configuration has, as the SDK computes it from their zod schemas. Bundled with the Lambda's own
 * plugins, so the same zod and SDK code produce it, and run once here.
 */
async function staticToolListJson(plugins) {
  const result = await build({
    absWorkingDir: here,
    entryPoints: ['src/lambda/tool-list.ts'],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    plugins,
    write: false,
    logLevel: 'warning',
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-tool-list-'));
  try {
    const file = path.join(dir, 'tool-list.js');
    writeFileSync(file, result.outputFiles[0].contents);
    const tools = await createRequire(file)(file).staticToolList();
    return JSON.stringify(tools);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Bundles `entry` into `<outDir>/<name>.js` (+ map) and zips those into `<zipDir>/<zipName>`, with
 * fixed timestamps and sorted entries so the same sources give the same bytes.
 */
async function bundleLambda(entry, name, zipName, outDir, plugins, define = {}) {
  const result = await build({
    absWorkingDir: here,
    entryPoints: [entry],
    outfile: path.join(outDir, `${name}.js`),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: 'external',
    // Paths in the map stay relative; the source text itself is left out to keep the zip small.
    sourcesContent: false,
    legalComments: 'eof',
    // The nodejs22.x runtime ships AWS SDK v3; the log tools, the trigger and the expiry job load their clients from it.
    external: ['@aws-sdk/*'],
    plugins,
    define,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const files = Object.fromEntries(
    result.outputFiles.map((f) => [path.basename(f.path), f.contents]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const zip = zipSync(
    Object.fromEntries(
      Object.entries(files).map(([file, data]) => [file, [data, { mtime: FIXED_MTIME, os: 3, attrs: FILE_ATTRS }]]),
    ),
    { level: 9, mtime: FIXED_MTIME },
  );
  mkdirSync(outDir, { recursive: true });
  mkdirSync(zipDir, { recursive: true });
  for (const [file, data] of Object.entries(files)) writeFileSync(path.join(outDir, file), data);
  writeFileSync(path.join(zipDir, zipName), zip);
  return { files, zip, metafile: result.metafile };
}

const handlerPlugins = [singleZod, englishOnlyZodLocales];
const { files, zip, metafile } = await bundleLambda('src/lambda/handler.ts', 'handler', 'bundle.zip', outDir, handlerPlugins, {
  MCP_STATIC_TOOL_LIST: JSON.stringify(await staticToolListJson(handlerPlugins)),
});
writeFileSync(path.join(outDir, 'meta.json'), JSON.stringify(metafile));
// The Cognito pre token generation trigger of `logTools.requireMfa`: no dependencies but the runtime's SDK.
const trigger = await bundleLambda(
  'src/lambda/mfa-scope-trigger.ts',
  'mfa-scope-trigger',
  'mfa-scope-trigger.zip',
  path.join(outDir, 'mfa-scope-trigger'),
  [],
);
// The registered-client expiry job (EventBridge Scheduler target): no zod, no MCP SDK.
const expiry = await bundleLambda('src/lambda/client-expiry/handler.ts', 'client-expiry', 'client-expiry.zip', outDir, []);

// The dev server as one file too: `npm run dev` starts in a fraction of a second instead of
// resolving hundreds of SDK modules. vtl-templates and the Iceberg testbed (`--log-engine trino`)
// stay external because they read their files relative to their own package folders.
if (!args.out)
  await build({
    absWorkingDir: here,
    entryPoints: ['src/dev/cli.ts'],
    outfile: 'dist/dev/mcp-dev-server.js',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    external: ['@aws-log-mcp/vtl-templates', '@aws-log-mcp/vtl-templates/*', '@aws-log-mcp/iceberg-testbed', 'velocityjs', '@aws-sdk/*'],
    plugins: [singleZod],
    logLevel: 'warning',
  });

const sha = createHash('sha256').update(zip).digest('hex');
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
process.stdout.write(
  `lambda bundle: handler.js ${kb(files['handler.js'].length)}, bundle.zip ${kb(zip.length)} sha256=${sha.slice(0, 16)}\n` +
    `mfa scope trigger: mfa-scope-trigger.zip ${kb(trigger.zip.length)}\n` +
    `client-expiry bundle: client-expiry.zip ${kb(expiry.zip.length)}\n`,
);
