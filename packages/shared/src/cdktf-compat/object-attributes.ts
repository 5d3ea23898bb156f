import type { TerraformResource } from 'cdktf';

/**
 * A Terraform `null` that cdktf 0.21's HCL renderer can print: a literal `null` in an override
 * crashes it, while the template `${null}` renders as `null` in HCL and stays `"${null}"` (which
 * Terraform evaluates to null) in JSON.
 */
export const TERRAFORM_NULL = '${null}';

/**
 * Sets an attribute the provider schema declares as an *object* (not a block). The generated
 * bindings of cdktf 0.21 write such attributes as blocks in the HCL rendering (which then fails
 * to validate) and drop unset members that an object attribute needs; a raw override renders as
 * an attribute in both the JSON and the HCL output. Unset members must be given as
 * {@link TERRAFORM_NULL}.
 */
export function setObjectAttribute(resource: TerraformResource, attribute: string, value: Record<string, unknown>): void {
  resource.addOverride(attribute, value);
}
