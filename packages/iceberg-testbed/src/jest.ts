import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MissingPrerequisiteError } from './prerequisites';
import { acquireSharedTestbed, SharedTestbedError } from './shared-testbed';
import { IcebergTestbed, TESTBED_ENV, TestbedDescriptor } from './testbed';

/**
 * Jest wiring. A package's jest config puts its engine suites (`*.engine.test.ts`) in a project
 * of their own with {@link globalSetup}/{@link globalTeardown} (see {@link engineJestConfig}), so
 * the testbed is needed only when an engine suite is selected, and is attached to once per run,
 * before the workers start; the workers attach through `$ICEBERG_TESTBED`. By default the runs
 * that overlap (`turbo run test` runs the packages in parallel) share one testbed (see
 * shared-testbed.ts); `ICEBERG_TESTBED_SHARED=0` starts a private one for the run.
 *
 * Missing prerequisites fail every engine suite with one line naming what is missing and how to
 * install it. `ALLOW_MISSING_ENGINES=1` turns that into skipped suites, listed in a banner at the
 * end of the run; with `CI=true` it has no effect.
 */
export const ALLOW_MISSING_ENV = 'ALLOW_MISSING_ENGINES';
const ERROR_ENV = 'ICEBERG_TESTBED_ERROR';
const SKIP_ENV = 'ICEBERG_TESTBED_SKIP';
const SKIP_LOG_ENV = 'ICEBERG_TESTBED_SKIP_LOG';

interface GlobalState {
  __icebergTestbed?: IcebergTestbed;
  __icebergTestbedRelease?: () => void;
  __icebergTestbedSkipLog?: string;
}

/** `ICEBERG_TESTBED_SHARED=0`: a private testbed for this jest run instead of the shared one. */
const SHARED_ENV = 'ICEBERG_TESTBED_SHARED';
const state = globalThis as unknown as GlobalState;

/** Jest `globalSetup`: starts the testbed, or records why it could not start. */
export async function globalSetup(): Promise<void> {
  delete process.env[ERROR_ENV];
  delete process.env[SKIP_ENV];
  if (process.env[TESTBED_ENV]) return; // a testbed started outside jest (iceberg-testbed serve)
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`iceberg-testbed: ${line}\n`);
  try {
    let descriptor: TestbedDescriptor;
    if (process.env[SHARED_ENV] === '0') {
      const testbed = await IcebergTestbed.start({ log });
      state.__icebergTestbed = testbed;
      descriptor = testbed.descriptor;
    } else {
      const shared = await acquireSharedTestbed(log);
      state.__icebergTestbedRelease = shared.release;
      descriptor = shared.descriptor;
    }
    process.env[TESTBED_ENV] = JSON.stringify(descriptor);
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${descriptor.trinoUrl})`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const firstLine = message.split('\n')[0];
    const missing =
      error instanceof MissingPrerequisiteError || (error instanceof SharedTestbedError && error.report.missingPrerequisite);
    // CI never skips: the opt-out is for a developer's machine only.
    if (missing && process.env[ALLOW_MISSING_ENV] === '1' && process.env.CI !== 'true') {
      process.env[SKIP_ENV] = firstLine;
      const dir = mkdtempSync(path.join(tmpdir(), 'iceberg-testbed-skips-'));
      state.__icebergTestbedSkipLog = path.join(dir, 'skipped.txt');
      process.env[SKIP_LOG_ENV] = state.__icebergTestbedSkipLog;
      return;
    }
    process.env[ERROR_ENV] = message;
    process.stderr.write(`${firstLine}\n`);
  }
}

/** Jest `globalTeardown`: stops the testbed; prints the banner of suites skipped by `ALLOW_MISSING_ENGINES=1`. */
export async function globalTeardown(): Promise<void> {
  const testbed = state.__icebergTestbed;
  state.__icebergTestbed = undefined;
  state.__icebergTestbedRelease?.();
  state.__icebergTestbedRelease = undefined;
  delete process.env[TESTBED_ENV];
  await testbed?.stop();
  const log = state.__icebergTestbedSkipLog;
  if (log) {
    let suites: string[] = [];
    try {
      suites = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    } catch {
      // no suite ran
    }
    rmSync(path.dirname(log), { recursive: true, force: true });
    const bar = '='.repeat(78);
    process.stderr.write(
      [
        '',
        bar,
        `SKIPPED real-engine suites (${ALLOW_MISSING_ENV}=1): ${process.env[SKIP_ENV]}`,
        ...suites.map((s) => `  - ${s}`),
        bar,
        '',
      ].join('\n'),
    );
  }
}

type Describe = ((name: string, fn: () => void) => void) & { skip: (name: string, fn: () => void) => void };
type It = (name: string, fn: () => void) => void;

/**
 * `describe` for suites that need the testbed: runs `body` when a testbed is up; otherwise one
 * failing test carrying the reason (missing prerequisite: what and how to install), or, with
 * `ALLOW_MISSING_ENGINES=1`, a skipped suite listed in the end-of-run banner.
 */
export function describeWithTestbed(name: string, body: () => void): void {
  const g = globalThis as unknown as { describe: Describe; it: It };
  if (process.env[TESTBED_ENV]) return g.describe(name, body);
  const skip = process.env[SKIP_ENV];
  if (skip) {
    const log = process.env[SKIP_LOG_ENV];
    if (log) appendFileSync(log, `${name}\n`);
    return g.describe.skip(`${name} (skipped: ${skip})`, body);
  }
  const error =
    process.env[ERROR_ENV] ??
    `iceberg-testbed: no testbed for this suite; run it through the package's jest config (engine project) or set ${TESTBED_ENV}`;
  g.describe(name, () => {
    g.it('needs the Iceberg testbed (Trino + PostgreSQL + pyiceberg)', () => {
      throw new Error(error);
    });
  });
}

/** The testbed of the current jest run (call inside a {@link describeWithTestbed} body, e.g. in `beforeAll`). */
export function testbed(): IcebergTestbed {
  return IcebergTestbed.connect();
}

/**
 * A package's jest config with two projects: `unit` (every test but `*.engine.test.ts`) and
 * `engine` (only those, with the testbed's global setup and teardown). `preset` is the
 * repository's jest preset. `testTimeout` is a run-wide option in jest: engine suites wait on
 * Trino queries (seconds each on a busy machine), so the run gets at least 120 s per test.
 */
export function engineJestConfig(preset: Record<string, unknown>, rootDir: string): Record<string, unknown> {
  const { testTimeout, ...project } = preset;
  const engine = /\.engine\.test\.ts$/.source;
  return {
    testTimeout: Math.max(Number(testTimeout ?? 0), 120_000),
    projects: [
      { ...project, rootDir, displayName: 'unit', testPathIgnorePatterns: ['/node_modules/', engine] },
      {
        ...project,
        rootDir,
        displayName: 'engine',
        testMatch: ['**/*.engine.test.ts'],
        globalSetup: require.resolve('./jest-global-setup'),
        globalTeardown: require.resolve('./jest-global-teardown'),
      },
    ],
  };
}
