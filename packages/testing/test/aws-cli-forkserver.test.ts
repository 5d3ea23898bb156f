import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AWS_CLI, AWS_CLI_FORKSERVER_ENV, describeWithEngines, enginePath, forkServedAwsCli } from '../src';

/**
 * The fork-served AWS CLI against the CLI started the usual way: the same stdout, stderr and exit
 * status for the same argv, environment and working directory.
 */
describeWithEngines('forkServedAwsCli', [AWS_CLI], () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'aws-fork-'));
    // A relative AWS_CONFIG_FILE is opened from the working directory of the call.
    writeFileSync(path.join(work, 'config'), '[default]\nregion = eu-central-9\n[profile other]\nregion = ap-south-7\n');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const both = (args: string[], env: Record<string, string> = {}) =>
    [enginePath(AWS_CLI), forkServedAwsCli(enginePath(AWS_CLI))].map((bin) => {
      const r = spawnSync(bin, args, {
        cwd: work,
        env: { ...process.env, AWS_CONFIG_FILE: 'config', ...env },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    });

  test('is another executable, except when switched off', () => {
    const aws = enginePath(AWS_CLI);
    expect(forkServedAwsCli(aws)).not.toBe(aws);
    expect(path.basename(forkServedAwsCli(aws))).toBe('aws');
    process.env[AWS_CLI_FORKSERVER_ENV] = '0';
    try {
      expect(forkServedAwsCli(aws)).toBe(aws);
    } finally {
      delete process.env[AWS_CLI_FORKSERVER_ENV];
    }
  });

  test.each([
    ['the config the environment and working directory select', ['configure', 'get', 'region'], {}],
    ['another profile, by environment', ['configure', 'get', 'region'], { AWS_PROFILE: 'other' }],
    ['an unknown operation (usage on stderr, exit 2)', ['lakeformation', 'no-such-operation'], {}],
    ['a value missing (exit 1: nothing set)', ['configure', 'get', 'no_such_key'], {}],
  ])('answers as the CLI does: %s', (_label, args, env) => {
    const [direct, forked] = both(args, env);
    expect(forked).toEqual(direct);
  });
});
