import type { S3Backend } from 'cdktf';

/**
 * Turns on S3-native state locking (`use_lockfile`, Terraform and OpenTofu >= 1.10). cdktf 0.21's
 * `S3Backend` predates the argument, so it is set as a raw override.
 */
export function enableS3Lockfile(backend: S3Backend): void {
  backend.addOverride('use_lockfile', true);
}
