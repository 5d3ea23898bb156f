import { missingEnginesMessage, SKIP_MARKER, skipsMissingEngines } from '@aws-log-mcp/testing';
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
 * A missing prerequisite follows the repository's one missing-engine policy (`@aws-log-mcp/testing`):
 * every engine suite fails with one line naming what is missing and the command that installs it,
 * or, with `ALLOW_MISSING_ENGINES=1` outside CI, is skipped and listed at the end of the run.
 */
const ERROR_ENV = 'ICEBERG_TESTBED_ERROR';
const SKIP_ENV = 'ICEBERG_TESTBED_SKIP';
/** `ICEBERG_TESTBED_SHARED=0`: a private testbed for this jest run instead of the shared one. */
const SHARED_ENV = 'ICEBERG_TESTBED_SHARED';

interface GlobalState {
  __icebergTestbed?: IcebergTestbed;
  __icebergTestbedRelease?: () => void;
}
const state = globalThis as unknown as GlobalState;

/** Jest `globalSetup`: attaches to (or starts) the testbed, or records why it could not. */
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
    const missing =
      error instanceof MissingPrerequisiteError
        ? { name: error.what, install: error.install }
        : error instanceof SharedTestbedError && error.report.missing
          ? error.report.missing
          : undefined;
    if (missing && skipsMissingEngines()) {
      process.env[SKIP_ENV] = missing.name;
      return;
    }
    const message = missing
      ? missingEnginesMessage([{ ...missing, locate: () => undefined }])
      : error instanceof Error
        ? error.message
        : String(error);
    process.env[ERROR_ENV] = message;
    process.stderr.write(`iceberg-testbed: ${message.split('\n')[0]}\n`);
  }
}

/** Jest `globalTeardown`: lets go of the shared testbed, or stops the private one. */
export async function globalTeardown(): Promise<void> {
  const testbed = state.__icebergTestbed;
  state.__icebergTestbed = undefined;
  state.__icebergTestbedRelease?.();
  state.__icebergTestbedRelease = undefined;
  delete process.env[TESTBED_ENV];
  await testbed?.stop();
}

type Describe = ((name: string, fn: () => void) => void) & { skip: (name: string, fn: () => void) => void };
type It = (name: string, fn: () => void) => void;

/**
 * `describe` for suites that need the testbed: runs `body` when a testbed is up; otherwise one
 * failing test carrying the reason (a missing prerequisite: what and the install command), or,
 * with `ALLOW_MISSING_ENGINES=1` outside CI, a skipped suite the repository's jest reporter lists.
 */
export function describeWithTestbed(name: string, body: () => void): void {
  const g = globalThis as unknown as { describe: Describe; it: It };
  if (process.env[TESTBED_ENV]) return g.describe(name, body);
  const skip = process.env[SKIP_ENV];
  if (skip) return g.describe.skip(`${name} ${SKIP_MARKER} ${skip}]`, body);
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
 * Trino queries and Python writer processes (seconds each, minutes on a saturated machine), so
 * the run gets at least 300 s per test and hook.
 */
export function engineJestConfig(preset: Record<string, unknown>, rootDir: string): Record<string, unknown> {
  // Options jest reads only at the top level of a multi-project config.
  const { testTimeout, reporters, ...project } = preset;
  const engine = /\.engine\.test\.ts$/.source;
  return {
    testTimeout: Math.max(Number(testTimeout ?? 0), 300_000),
    ...(reporters ? { reporters } : {}),
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
