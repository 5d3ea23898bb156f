import { TerraformElement } from 'cdktf';
import { Construct } from 'constructs';

/**
 * One Terraform `removed` block with `lifecycle { destroy = false }` (Terraform >= 1.7): the
 * object at `from` is dropped from state and left where it is, never destroyed. cdktf 0.21 has no
 * element for it, and its HCL renderer drops any top-level block it does not know, so the JSON
 * comes from {@link toTerraform} and the HCL from {@link renderRemovedBlocks}, which
 * `PlatformStack.toHclTerraform` appends. `when` decides at synth whether the block is written.
 */
export class RemovedBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    readonly from: string,
    private readonly when: () => boolean = () => true,
  ) {
    super(scope, id, 'removed');
  }

  /** Whether the block is written; evaluated at synth. */
  get written(): boolean {
    return this.when();
  }

  toTerraform(): Record<string, unknown> {
    return this.when() ? { removed: [{ from: this.from, lifecycle: { destroy: false } }] } : {};
  }

  /** Nothing: cdktf would drop it (see {@link renderRemovedBlocks}). */
  toHclTerraform(): Record<string, unknown> {
    return {};
  }
}

/** `removed` blocks in HCL, `from` as a bare reference the way cdktf writes a `moved` block's. */
export function renderRemovedBlocks(froms: readonly string[]): string {
  return froms.map((from) => `removed {\nfrom = ${from}\nlifecycle {\ndestroy = false\n}\n}`).join('\n\n');
}
