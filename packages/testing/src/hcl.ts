import { spawnSync } from 'node:child_process';
import { enginePath, TERRAFORM } from './engines';

/** `terraform fmt -` (or tofu) over `hcl`: the engine's own parser, no providers or network. */
export function terraformFmt(hcl: string): { status: number | null; stderr: string } {
  const r = spawnSync(enginePath(TERRAFORM), ['fmt', '-'], {
    input: hcl,
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
  });
  // An empty CLI config file makes Terraform print a warning box; it is not a parse error.
  return { status: r.status, stderr: r.stderr.replace(/.*CLI configuration[\s\S]*?╵\n/, '') };
}
