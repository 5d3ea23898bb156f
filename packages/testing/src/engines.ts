import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { privateTmpDir } from './private-tmp';
import { awsCliVenvBin, repoRoot, venvBin } from './repo';

/**
 * A real engine a test suite drives (moto, the AWS CLI, LuaJIT, Apache Velocity on the JVM, a
 * Terraform binary): how to find it and the one command that installs it.
 */
export interface Engine {
  /** What is missing, as the failure names it, e.g. `moto_server`. */
  readonly name: string;
  /** The command that installs it on a fresh machine. */
  readonly install: string;
  /** The executable or path to use, or undefined when the engine is not installed. */
  locate(): string | undefined;
}

/** Opt-in for developers: set to `1` to skip suites whose engines are missing (never honoured when `CI=true`). */
export const ALLOW_MISSING_ENGINES_ENV = 'ALLOW_MISSING_ENGINES';

/** Marks the title of a skipped suite; `jest-reporter.js` lists such suites at the end of the run. */
export const SKIP_MARKER = '[skipped, engine missing:';

/**
 * A folder for what one jest run has learnt about its engines, shared by the run's test files (each
 * file has a module registry of its own, and a worker runs many files): named after the run's main
 * process (a worker's parent, or the process itself when jest runs in band) and its start time, so
 * no other run reads it. Undefined outside jest or where /proc is missing: then nothing is shared.
 */
function runProbeDir(): string | undefined {
  if (process.env.JEST_WORKER_ID === undefined) return undefined;
  const owner = /jest-worker/.test(process.argv[1] ?? '') ? process.ppid : process.pid;
  let started: string;
  try {
    // Field 22 of /proc/<pid>/stat, the start time: a later process with a reused pid gets another folder.
    started = readFileSync(`/proc/${owner}/stat`, 'utf8').split(') ')[1].split(' ')[19];
  } catch {
    return undefined;
  }
  const root = privateTmpDir('engine-probes', []);
  // A folder another user could write could claim an engine that is not there.
  if (!root) return undefined;
  const dir = path.join(root, `${owner}-${started}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { mode: 0o700 });
    // Folders of runs that have ended.
    for (const d of readdirSync(root)) {
      const pid = Number(d.split('-')[0]);
      if (pid !== owner && !existsSync(`/proc/${pid}`)) rmSync(path.join(root, d), { recursive: true, force: true });
    }
  }
  return dir;
}

/**
 * An engine found by running `candidates` (first that exits 0 with `args`). Within one jest run the
 * probe runs once, not once per test file: a candidate found is remembered for the run (a Python
 * tool's probe costs ~1 s of CPU). A candidate not found is probed again by the next file.
 */
export function commandEngine(name: string, install: string, candidates: readonly string[], args: readonly string[]): Engine {
  let found: string | undefined | null = null;
  const probe = (candidate: string): boolean => {
    const dir = runProbeDir();
    const mark =
      dir &&
      path.join(
        dir,
        createHash('sha256')
          .update(JSON.stringify([candidate, args]))
          .digest('hex'),
      );
    if (mark && existsSync(mark)) return true;
    const ok = spawnSync(candidate, args, { stdio: 'ignore' }).status === 0;
    if (ok && mark) writeFileSync(mark, `${candidate}\n`);
    return ok;
  };
  return {
    name,
    install,
    locate() {
      if (found === null) found = candidates.find(probe);
      return found;
    },
  };
}

/** An engine that is a set of files (e.g. jars). */
export function fileEngine(name: string, install: string, files: readonly string[]): Engine {
  return { name, install, locate: () => (files.every((f) => existsSync(f)) ? files[0] : undefined) };
}

/**
 * The one command that provisions every engine below from the package registries (pinned, cached):
 * the `.venv` (moto, boto3, the AWS CLI), Apache Velocity 1.7 + Commons Lang from Maven Central,
 * jq (gojq) from its Go module. `npm test` runs it first (`pretest`).
 */
export const SETUP_COMMAND = 'npm run setup';

/** The shared toolchain cache (`TOOLCHAIN_CACHE`, default `~/.cache/aws-log-mcp-platform`). */
export function toolchainCache(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.TOOLCHAIN_CACHE ?? '~/.cache/aws-log-mcp-platform';
  return dir.startsWith('~/') ? path.join(os.homedir(), dir.slice(2)) : dir;
}

interface TestEngineRecipe {
  velocity: { dir: string; artifacts: { coordinates: string }[] };
  jq: { dir: string };
}

/** `testEngines` of scripts/toolchain/recipe.json: what `npm run setup` provisions, and where. */
function recipe(): TestEngineRecipe {
  const file = path.join(repoRoot(), 'scripts', 'toolchain', 'recipe.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { testEngines: TestEngineRecipe }).testEngines;
}

/** moto's server, from the pinned venv first, then PATH. */
export const MOTO_SERVER: Engine = commandEngine(
  'moto_server',
  SETUP_COMMAND,
  [venvBin('moto_server'), 'moto_server'],
  ['--help'],
);

/**
 * Python with boto3, moto and regex whose botocore models CreateUserPoolClient's RefreshTokenRotation, for the Cognito
 * API-model checks: the pinned `.venv-cognito` (a venv of its own, because checkov pins an older boto3 in `.venv`).
 */
export const PYTHON_WITH_MOTO: Engine = commandEngine(
  'python3 with boto3 (a botocore that models RefreshTokenRotation), moto and regex',
  SETUP_COMMAND,
  [process.env.VTL_PYTHON ?? venvBin('python3', '.venv-cognito'), venvBin('python3', '.venv-cognito'), 'python3'],
  [
    '-c',
    "import boto3, botocore.session, moto, regex; assert 'RefreshTokenRotation' in botocore.session.get_session().get_service_model('cognito-idp').operation_model('CreateUserPoolClient').input_shape.members",
  ],
);

/** checkov from the pinned venv (its Python runs `scripts/verify/checkov_synth.py`). */
export const CHECKOV: Engine = commandEngine('checkov', SETUP_COMMAND, [venvBin('checkov'), 'checkov'], ['--version']);

/** The AWS CLI the local-exec steps call: the venv's pinned v1 first, then PATH. */
export const AWS_CLI: Engine = commandEngine('aws (AWS CLI)', SETUP_COMMAND, [venvBin('aws'), 'aws'], ['--version']);

/**
 * The pinned AWS CLI venv whose botocore has the Cognito CIMD operations (botocore >= 1.44.7);
 * `locate()` returns its Python. Its `aws` is `awsCliVenvBin('aws')`.
 */
export const AWS_CLI_WITH_CIMD_MODEL: Engine = commandEngine(
  'AWS CLI venv with the cognito-idp CIMD model (.venv-awscli)',
  SETUP_COMMAND,
  [awsCliVenvBin('python3')],
  // botocore first: importing awscli (1.46+) swaps in the older botocore it bundles.
  [
    '-c',
    'import regex, importlib.util, botocore.session as s; assert "CreateCIMDPolicy" in s.get_session().get_service_model("cognito-idp").operation_names; assert importlib.util.find_spec("awscli")',
  ],
);

/**
 * jq, which builds the local-exec steps' JSON arguments: `JQ` if set, else the pinned gojq that
 * setup builds (a `jq` in its own folder, see {@link pathWithEngines}), else `jq` on PATH.
 */
export const JQ: Engine = commandEngine(
  'jq',
  SETUP_COMMAND,
  [...(process.env.JQ ? [process.env.JQ] : []), path.join(toolchainCache(), 'bin', recipe().jq.dir, 'jq'), 'jq'],
  ['--version'],
);

/**
 * The LuaJIT release Fluent Bit 4.2.2 to 5.1 bundle (`lib/luajit-7152e154`, relver 1765228720),
 * which the pinned aws-for-fluent-bit router image runs the Lua filter on. The version is
 * checked, not just the name: Debian's `luajit` (2.1.0-beta3) prints some doubles differently
 * (`tostring(123456789012345)` gives `1.2345678901235e+14` there, `1.2345678901234e+14` here).
 */
export const LUAJIT_VERSION = '2.1.1765228720';

/** Where `scripts/toolchain/luajit.sh` builds it: `<TOOLCHAIN_CACHE>/luajit/<version>/bin/luajit`. */
export function luajitCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolchainCache(env), 'luajit', LUAJIT_VERSION, 'bin', 'luajit');
}

/** An engine found by running `candidates` with `args`: the first whose output contains `expected`. */
export function versionedEngine(
  name: string,
  install: string,
  candidates: readonly string[],
  args: readonly string[],
  expected: string,
): Engine {
  let found: string | undefined | null = null;
  return {
    name,
    install,
    locate() {
      if (found === null) {
        found = candidates.find((c) => {
          const r = spawnSync(c, args, { encoding: 'utf8' });
          return r.status === 0 && `${r.stdout}${r.stderr}`.includes(expected);
        });
      }
      return found;
    },
  };
}

/** LuaJIT {@link LUAJIT_VERSION}: `$LUAJIT` if it is that version, else the toolchain cache's build. */
export const LUAJIT: Engine = versionedEngine(
  `LuaJIT ${LUAJIT_VERSION} (the LuaJIT of Fluent Bit 4.2.2)`,
  SETUP_COMMAND,
  [...(process.env.LUAJIT ? [process.env.LUAJIT] : []), luajitCachePath()],
  ['-v'],
  `LuaJIT ${LUAJIT_VERSION}`,
);

/** OpenTofu or Terraform, to parse and format HCL. */
export const TERRAFORM: Engine = commandEngine(
  'tofu or terraform',
  'bash scripts/toolchain/bootstrap.sh (or put tofu/terraform on PATH)',
  ['tofu', 'terraform'],
  ['version'],
);

/**
 * Apache Velocity 1.7, Commons Lang 2.6 and Commons Collections 3.2.2 from Maven Central, as
 * setup caches them (`<cache>/velocity-1.7/<artifact>-<version>.jar`).
 */
export const VELOCITY_JARS: readonly string[] = recipe().velocity.artifacts.map((a) => {
  const [, artifact, version, packaging] = a.coordinates.split(':');
  return path.join(toolchainCache(), recipe().velocity.dir, `${artifact}-${version}.${packaging}`);
});
export const JAVA: Engine = commandEngine('javac (a JDK)', 'apt-get install default-jdk-headless', ['javac'], ['-version']);
export const VELOCITY: Engine = fileEngine('Apache Velocity 1.7 and Commons Lang jars', SETUP_COMMAND, VELOCITY_JARS);

/**
 * `PATH` with the folders of `engines` first, for child processes that find a tool by name (the
 * local-exec scripts call `aws` and `jq`). Throws the missing-engine line for one not installed.
 */
export function pathWithEngines(engines: readonly Engine[], base: string = process.env.PATH ?? ''): string {
  const dirs = engines
    .map((e) => enginePath(e))
    .filter((p) => p.includes('/'))
    .map((p) => path.dirname(p));
  return [...new Set(dirs), base].filter((d) => d !== '').join(path.delimiter);
}

/** Engines of `engines` that are not installed. */
export function missingEngines(engines: readonly Engine[]): Engine[] {
  return engines.filter((e) => e.locate() === undefined);
}

/** The one line a suite fails with when `missing` are not installed. */
export function missingEnginesMessage(missing: readonly Engine[]): string {
  return (
    `missing ${missing.map((e) => `${e.name} (install: ${e.install})`).join('; ')}` +
    (process.env.CI === 'true' ? '' : `; or set ${ALLOW_MISSING_ENGINES_ENV}=1 to skip this suite locally`)
  );
}

/** Whether a suite with missing engines is skipped rather than failed: only on explicit opt-in, never in CI. */
export function skipsMissingEngines(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== 'true' && env[ALLOW_MISSING_ENGINES_ENV] === '1';
}

/**
 * `describe(name, body)` when every engine is installed. Otherwise the suite fails with one line
 * naming what is missing and the command that installs it, unless the developer opted in with
 * `ALLOW_MISSING_ENGINES=1` outside CI: then it is skipped, and the run's last lines list it.
 */
export function describeWithEngines(name: string, engines: readonly Engine[], body: () => void): void {
  const missing = missingEngines(engines);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  if (skipsMissingEngines()) {
    describe.skip(`${name} ${SKIP_MARKER} ${missing.map((e) => e.name).join(', ')}]`, body);
    return;
  }
  describe(name, () => {
    it('has the engines it drives installed', () => {
      throw new Error(missingEnginesMessage(missing));
    });
  });
}

/** The path of an installed engine; throws the missing-engine line when it is not installed. */
export function enginePath(engine: Engine): string {
  const found = engine.locate();
  if (found === undefined) throw new Error(missingEnginesMessage([engine]));
  return found;
}
