import { TerraformElement } from 'cdktf';
import { Construct } from 'constructs';

/**
 * One Terraform `moved` block (`from` -> `to`), rendered in both the JSON and the HCL output the
 * way cdktf renders a resource's own move. cdktf 0.21's `moveFromId`/`moveToId` allow one move per
 * resource, so a resource renamed twice could not carry the chain of moves Terraform follows for a
 * state written by any earlier release; this element can. `when` decides at synth whether the
 * block is written (a move to a resource the configuration does not create is left out).
 */
export class MovedBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    readonly from: string,
    readonly to: string,
    private readonly when: () => boolean = () => true,
  ) {
    super(scope, id, 'moved');
  }

  toTerraform(): Record<string, unknown> {
    return this.when() ? { moved: [{ from: this.from, to: this.to }] } : {};
  }

  toHclTerraform(): Record<string, unknown> {
    const reference = (value: string) => ({ value, isBlock: false, type: 'simple', storageClassType: 'reference' });
    return this.when() ? { moved: [{ from: reference(this.from), to: reference(this.to) }] } : {};
  }
}
