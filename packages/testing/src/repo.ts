import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root: the nearest ancestor of this package holding `turbo.json`. */
export function repoRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'turbo.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root (turbo.json) above ${start}`);
  }
}

/** The repository's pinned Python environment (`.ci/run` and `npm run verify` create it). */
export function venvBin(name: string, venv = '.venv'): string {
  return path.join(repoRoot(), venv, 'bin', name);
}

/**
 * The pinned AWS CLI environment with the current `cognito-idp` model (`.venv-awscli`, made by
 * `scripts/toolchain/bootstrap.sh`; a venv of its own because checkov pins botocore < 1.36 in `.venv`).
 */
export function awsCliVenvBin(name: string): string {
  return venvBin(name, '.venv-awscli');
}
