import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  ALLOW_MISSING_ENGINES_ENV,
  AWS_CLI,
  commandEngine,
  JQ,
  missingEngines,
  missingEnginesMessage,
  MOTO_SERVER,
  pathWithEngines,
  SETUP_COMMAND,
  skipsMissingEngines,
  toolchainCache,
  VELOCITY,
  VELOCITY_JARS,
} from '../src';

/** Runs the fixture suite in a child jest with `env`, the preset's reporters included. */
function runFixture(env: Record<string, string>) {
  const root = path.join(__dirname, '..');
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const k of ['CI', ALLOW_MISSING_ENGINES_ENV]) if (!(k in env)) delete childEnv[k];
  return spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--rootDir', root, '--roots', '<rootDir>/test/fixtures', '--testMatch', '**/*.fixture.ts'],
    { cwd: root, env: childEnv as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 },
  );
}

describe('missing-engine policy', () => {
  it('skips only on explicit opt-in, and never in CI', () => {
    expect(skipsMissingEngines({})).toBe(false);
    expect(skipsMissingEngines({ [ALLOW_MISSING_ENGINES_ENV]: '1' })).toBe(true);
    expect(skipsMissingEngines({ [ALLOW_MISSING_ENGINES_ENV]: '1', CI: 'true' })).toBe(false);
    expect(skipsMissingEngines({ [ALLOW_MISSING_ENGINES_ENV]: 'yes' })).toBe(false);
  });

  it('names what is missing and the command that installs it', () => {
    const nowhere = commandEngine('nowhere', 'apt-get install nowhere', ['/nonexistent/x'], []);
    expect(missingEngines([nowhere])).toEqual([nowhere]);
    expect(missingEnginesMessage([nowhere])).toContain('missing nowhere (install: apt-get install nowhere)');
  });

  it('by default a suite whose engine is missing fails with that one line', () => {
    const r = runFixture({});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('missing nowhere-engine (install: apt-get install nowhere)');
    expect(r.stderr).toContain(`${ALLOW_MISSING_ENGINES_ENV}=1`);
  });

  it(`with ${ALLOW_MISSING_ENGINES_ENV}=1 it is skipped, and the run ends with a banner listing it`, () => {
    const r = runFixture({ [ALLOW_MISSING_ENGINES_ENV]: '1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /SKIPPED 1 suite\(s\)[^\n]*\n[^\n]*missing-engine\.fixture\.ts: suite driving nowhere-engine \[skipped, engine missing: nowhere-engine\]/,
    );
  });

  it('in CI it fails even with the opt-in set', () => {
    const r = runFixture({ CI: 'true', [ALLOW_MISSING_ENGINES_ENV]: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('missing nowhere-engine');
    expect(r.stderr).not.toContain(`${ALLOW_MISSING_ENGINES_ENV}=1 to skip`);
  });
});

describe('provisioned engines', () => {
  it('every engine setup provisions names the one setup command', () => {
    for (const e of [MOTO_SERVER, AWS_CLI, JQ, VELOCITY]) expect(e.install).toBe(SETUP_COMMAND);
    expect(SETUP_COMMAND).toBe('npm run setup');
  });

  it('finds the Velocity jars where setup caches them, pinned to Velocity 1.7 and Commons Lang 2.6', () => {
    expect(VELOCITY_JARS.map((j) => path.relative(toolchainCache(), j))).toEqual([
      'velocity-1.7/velocity-1.7.jar',
      'velocity-1.7/commons-lang-2.6.jar',
      'velocity-1.7/commons-collections-3.2.2.jar',
    ]);
  });

  it('reads the cache folder from TOOLCHAIN_CACHE, with ~ expanded', () => {
    expect(toolchainCache({ TOOLCHAIN_CACHE: '/srv/cache' })).toBe('/srv/cache');
    expect(toolchainCache({})).toMatch(/\/\.cache\/aws-log-mcp-platform$/);
    expect(toolchainCache({})).not.toContain('~');
  });

  it('puts the folders of the engines first on PATH, once each', () => {
    const node = commandEngine('node', 'x', [process.execPath], ['-e', '0']);
    expect(pathWithEngines([node, node], '/usr/bin:/bin')).toBe(`${path.dirname(process.execPath)}:/usr/bin:/bin`);
    const nowhere = commandEngine('nowhere', 'apt-get install nowhere', ['/nonexistent/x'], []);
    expect(() => pathWithEngines([nowhere])).toThrow('missing nowhere (install: apt-get install nowhere)');
  });
});
