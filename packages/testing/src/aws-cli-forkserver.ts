import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Set to `0` to run the AWS CLI as a fresh process per call instead of from its fork server. */
export const AWS_CLI_FORKSERVER_ENV = 'AWS_CLI_FORKSERVER';

/** Seconds a fork server waits for its next call before it exits. */
const IDLE_SECONDS = 60;

const pythonDir = path.join(__dirname, '..', 'python');

/**
 * An `aws` that runs the AWS CLI (v1, a Python script) of `aws` from a fork server
 * (`python/aws_cli_forkserver.py`): the server imports awscli and botocore once, and each call
 * forks a child that takes the caller's argv, environment, working directory and stdin/stdout/stderr
 * and runs the CLI's own entry point, so a call costs a fork instead of ~0.7 s of CPU for imports.
 * The CLI, its botocore and its models are the ones `aws` runs; only the process start is shared.
 * Returns a path to an executable named `aws` in a folder of its own (for `PATH`), or `aws`
 * itself when it is not a Python script or `AWS_CLI_FORKSERVER=0`.
 */
export function forkServedAwsCli(aws: string): string {
  if (process.env[AWS_CLI_FORKSERVER_ENV] === '0') return aws;
  const shebang = /^#!(\S+python\S*)\s*\n/.exec(readFileSync(aws, 'utf8').slice(0, 512));
  if (!shebang) return aws;
  const python = shebang[1];
  const server = path.join(pythonDir, 'aws_cli_forkserver.py');
  const client = readFileSync(path.join(pythonDir, 'aws_cli_forkclient.py'), 'utf8');
  // A new key (so a new server) when the CLI is reinstalled or the server changes.
  const key = createHash('sha256')
    .update(JSON.stringify([aws, python, statSync(aws).mtimeMs, readFileSync(server, 'utf8'), client]))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(tmpdir(), `aws-cli-forkserver-${process.getuid?.() ?? 'user'}`, key);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const shim = path.join(dir, 'aws');
  if (!existsSync(shim)) {
    const text = client
      .replace('"@SOCKET@"', () => JSON.stringify(path.join(dir, 'server.sock')))
      .replace('"@PYTHON@"', () => JSON.stringify(python))
      .replace('"@SERVER@"', () => JSON.stringify(server))
      .replace('"@IDLE_SECONDS@"', () => JSON.stringify(String(IDLE_SECONDS)));
    // Written aside and renamed: jest workers may create it at the same time.
    const tmp = `${shim}.${process.pid}.tmp`;
    writeFileSync(tmp, `#!${python} -IS\n${text}`);
    chmodSync(tmp, 0o755);
    renameSync(tmp, shim);
  }
  return shim;
}
