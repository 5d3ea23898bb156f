import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import * as path from 'node:path';
import { enableS3Lockfile } from '../cdktf-compat/s3-backend';
import type { BackendConfig } from '../config/schema';

/**
 * Context key holding the synth output folder relative to the repository root
 * (`cdktf.out` for the root app, `apps/<app>/cdktf.out` for an app's own synth).
 */
export const OUTDIR_CONTEXT_KEY = 'platform:outdirFromRepoRoot';

/** Folder, relative to the repository root, where local state files live. */
export const LOCAL_STATE_DIR = 'terraform-state';

/**
 * Configures the stack's backend. The local backend's path is relative to the stack's
 * working directory (`<outdir>/stacks/<stack>`) and always resolves to
 * `terraform-state/<stack>.tfstate` at the repository root, whichever output folder the
 * stack was synthesized into; cdktf's default would embed an absolute path.
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend: BackendConfig): void {
  if (backend.type === 'local') {
    const outdir: string = stack.node.tryGetContext(OUTDIR_CONTEXT_KEY) ?? 'cdktf.out';
    const stackDir = path.posix.join(outdir.split(path.sep).join('/'), 'stacks', stackName);
    const statePath = path.posix.relative(stackDir, `${LOCAL_STATE_DIR}/${stackName}.tfstate`);
    new LocalBackend(stack, { path: statePath });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.keyTemplate.split('{stack}').join(stackName),
    encrypt: true,
    ...(backend.region ? { region: backend.region } : {}),
    ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
  });
  if (backend.useLockfile) enableS3Lockfile(s3);
}
