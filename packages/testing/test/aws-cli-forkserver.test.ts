import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(withEnv({ [AWS_CLI_FORKSERVER_ENV]: '0' }, () => forkServedAwsCli(aws))).toBe(aws);
  });

  test('a bare name is looked up on PATH, and one found nowhere is returned as it is', () => {
    const aws = enginePath(AWS_CLI);
    expect(withEnv({ PATH: path.dirname(aws) }, () => forkServedAwsCli('aws'))).toBe(forkServedAwsCli(aws));
    expect(withEnv({ PATH: work }, () => forkServedAwsCli('aws'))).toBe('aws');
  });

  test('a server folder another user could have planted or can write is not used: the plain CLI runs', () => {
    const aws = enginePath(AWS_CLI);
    const tmp = mkdtempSync(path.join(tmpdir(), 'aws-fork-tmp-'));
    try {
      const top = path.join(tmp, `aws-cli-forkserver-${process.getuid?.() ?? 'user'}`);
      mkdirSync(top);
      chmodSync(top, 0o777);
      expect(forkServedAwsCli(aws, tmp)).toBe(aws);
      chmodSync(top, 0o700);
      expect(forkServedAwsCli(aws, tmp)).not.toBe(aws);
      // A Unix socket path must fit in 107 bytes.
      const deep = path.join(tmp, 'd'.repeat(90));
      mkdirSync(deep);
      expect(forkServedAwsCli(aws, deep)).toBe(aws);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
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

/** Runs `fn` with `vars` set in `process.env`, then puts every earlier value back. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
