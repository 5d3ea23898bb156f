import * as fs from 'fs';
import * as path from 'path';

/**
 * The Python that runs the Cognito checks: $VTL_PYTHON, else the repository's pinned verification venv
 * (scripts/toolchain/bootstrap.sh --venv-only; moto[server], boto3, regex), else python3 from PATH.
 */
export function pythonBin(): string {
  if (process.env.VTL_PYTHON) return process.env.VTL_PYTHON;
  const venv = path.join(__dirname, '..', '..', '..', '..', '.venv', 'bin', 'python3');
  return fs.existsSync(venv) ? venv : 'python3';
}
