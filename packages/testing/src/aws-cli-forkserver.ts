import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { privateTmpDir } from './private-tmp';

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
 * itself when it is not a Python script or `AWS_CLI_FORKSERVER=0`. `tmpDir`: where the server's folder goes.
 * @default os.tmpdir()
 */
export function forkServedAwsCli(aws: string, tmpDir: string = tmpdir()): string {
  if (process.env[AWS_CLI_FORKSERVER_ENV] === '0') return aws;
  const file = onPath(aws);
  if (!file) return aws;
  let head: string;
  try {
    head = readFileSync(file, 'utf8').slice(0, 512);
  } catch {
    return aws;
  }
  const shebang = /^#!(\S+python\S*)\s*\n/.exec(head);
  if (!shebang) return aws;
  const python = shebang[1];
  const server = path.join(pythonDir, 'aws_cli_forkserver.py');
  const client = readFileSync(path.join(pythonDir, 'aws_cli_forkclient.py'), 'utf8');
  // A new key (so a new server) when the CLI is reinstalled or the server changes.
  const key = createHash('sha256')
    .update(JSON.stringify([file, python, statSync(file).mtimeMs, readFileSync(server, 'utf8'), client]))
    .digest('hex')
    .slice(0, 16);
  // The shim and the socket carry every call's environment (credentials too): a folder another
  // user made or can write could hold their shim or their listener, so then the plain CLI runs.
  const dir = privateTmpDir('aws-cli-forkserver', [key], tmpDir);
  if (!dir) return aws;
  // Unix socket paths are limited to 107 bytes; a deep TMPDIR gets the plain CLI too.
  if (Buffer.byteLength(path.join(dir, 'server.sock')) > 100) return aws;
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

/** `name` itself when it has a slash, else its first executable match on `PATH`. */
function onPath(name: string): string | undefined {
  if (name.includes('/')) return name;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
