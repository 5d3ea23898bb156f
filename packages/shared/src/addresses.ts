import { TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/**
 * Resource addresses are a contract with deployed state: Terraform knows a resource by
 * `<type>.<name>`, and a plan for a changed name destroys the resource and creates an empty one.
 * cdktf's default name is a hash of the construct path (`aws_s3tables_table.table_43360BC0`), so
 * any refactor that moves a construct would destroy what it manages. Here every resource is named
 * explicitly, terraform-aws-modules style (`aws_s3tables_table.logs`, `aws_cognito_user_pool.this`),
 * independently of where its construct sits; `PlatformStack` refuses a resource without a name,
 * and renames ship with `moved` blocks (see `PlatformStack.addressMoves`).
 */

/** What an address name looks like: lowercase snake_case, as Terraform style guides write them. */
export const ADDRESS_NAME = /^[a-z][a-z0-9_]{0,127}$/;

/** `parts` joined in snake_case: `addressName('firehose-errors', 'DestinationDelivery')` is `firehose_errors_destination_delivery`. */
export function addressName(...parts: string[]): string {
  return parts
    .map((p) =>
      p
        .replace(/([a-z])([A-Z])/g, '$1_$2')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, ''),
    )
    .filter(Boolean)
    .join('_');
}

const assigned = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Names `resource` `<type>.<name>` in its stack and returns it. Call it where the resource is
 * created, before anything reads an attribute (a reference fixes the address). Fails at synth
 * when the name is not snake_case, when another resource of the same type already has it (cdktf
 * would silently merge the two), or when the resource was referenced already.
 */
export function setAddress<R extends TerraformResource>(resource: R, name: string): R {
  if (!ADDRESS_NAME.test(name)) {
    throw new ValidationError(
      `${resource.node.path}.address`,
      '[addresses.name] resource names are 1-128 characters of lowercase letters, digits and _, starting with a letter',
      name,
    );
  }
  const stack = TerraformStack.of(resource);
  const names = assigned.get(stack) ?? new Map<string, string>();
  assigned.set(stack, names);
  const address = `${resource.terraformResourceType}.${name}`;
  const holder = names.get(address);
  if (holder !== undefined && holder !== resource.node.path) {
    throw new ValidationError(
      `${resource.node.path}.address`,
      `[addresses.unique] ${address} is already the address of ${holder}; give one of them another name`,
    );
  }
  names.set(address, resource.node.path);
  resource.overrideLogicalId(name);
  if (resource.friendlyUniqueId !== name) {
    throw new ValidationError(
      `${resource.node.path}.address`,
      `[addresses.beforeUse] the address must be set before the resource is referenced (it is already ${resource.friendlyUniqueId})`,
    );
  }
  return resource;
}

/** `<type>.<name>` of a resource, as Terraform and `moved` blocks write it. */
export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** Every resource under `scope`, in construct order. */
export function resourcesOf(scope: IConstruct): TerraformResource[] {
  return scope.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
}

/** Props of every construct that creates resources: the name its resources' addresses use. */
export interface AddressableProps {
  /**
   * Name in the Terraform addresses of this construct's resources (`<type>.<name>`), snake_case.
   * Part of the state contract: changing it needs a `moved` block.
   * @default the construct id in snake_case
   */
  readonly addressName?: string;
}

/** The address name a construct with `id` and `props` gives its resources. */
export function addressNameOf(id: string, props: AddressableProps = {}): string {
  return props.addressName ?? addressName(id);
}
