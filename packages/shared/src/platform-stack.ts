import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { TerraformElement, TerraformResource, TerraformStack } from 'cdktf';
import { Construct, IConstruct, Node } from 'constructs';
import { addressOf, resourcesOf } from './addresses';
import { MovedBlock } from './cdktf-compat/moved-block';
import { RemovedBlock, renderRemovedBlocks } from './cdktf-compat/removed-block';
import { ArnComponents, formatArn, IArnFormatter } from './arn';
import type { EnvironmentConfig } from './config/schema';
import { ValidationError } from './errors';
import { ResourceNames } from './naming/names';
import { configureBackend } from './provider/backend';
import { PlatformAwsProvider } from './provider/aws-provider';

export interface PlatformStackProps {
  /** The validated environment this stack deploys to. */
  readonly config: EnvironmentConfig;
  /** Application name (`log-platform`, `mcp-server`); the stack is named `<app>-<env>`. */
  readonly app: string;
  /**
   * Short token for resource names (`<project>-<env>-<token>-<purpose>`).
   * @default the app name
   */
  readonly nameToken?: string;
}

/**
 * Base class of every stack: one AWS provider with default tags and emulator mode, a
 * reproducible backend, resource names scoped to project, environment and app, and the place a
 * stack runs (`account`, `region`, `partition`, {@link formatArn}), so no construct needs them
 * passed in (the shape of TerraConstructs' `AwsStack`).
 *
 * Every resource in it must have an explicit address (`setAddress`); cdktf's hashed default
 * would tie deployed state to the construct tree. Renamed addresses ship with `moved` blocks
 * through {@link addressMoves}; addresses whose object must be left in place rather than destroyed
 * ship with `removed` blocks through {@link addressRemovals}.
 */
export class PlatformStack extends TerraformStack implements IArnFormatter {
  /** The `PlatformStack` `construct` belongs to; fails with the rule named when there is none. */
  static of(construct: IConstruct): PlatformStack {
    const stack = TerraformStack.of(construct);
    if (!(stack instanceof PlatformStack)) {
      throw new ValidationError(
        construct.node.path,
        '[platformStack.scope] this construct needs a PlatformStack (it reads the account, region and partition from it)',
      );
    }
    return stack;
  }

  readonly config: EnvironmentConfig;
  readonly names: ResourceNames;
  readonly awsProvider: PlatformAwsProvider;
  /** Application name, also the config section `environments.<env>.apps.<app>`. */
  readonly appName: string;
  private callerIdentity?: DataAwsCallerIdentity;
  private partitionData?: DataAwsPartition;
  private nullProvider?: NullProvider;
  /** Recorded moves, previous address -> next address. */
  private readonly moves = new Map<string, string>();
  private movesScope?: Construct;
  /** Recorded removals (forgotten, never destroyed), address -> why. */
  private readonly removals = new Map<string, string>();
  private readonly removedBlocks: RemovedBlock[] = [];

  constructor(scope: Construct, props: PlatformStackProps) {
    const stackName = PlatformStack.stackName(props.app, props.config.name);
    super(scope, stackName);
    this.config = props.config;
    this.appName = props.app;
    this.names = new ResourceNames(props.config.project, props.config.name, props.nameToken ?? props.app);
    this.awsProvider = new PlatformAwsProvider(this, 'aws', { config: props.config, app: props.app });
    configureBackend(this, stackName, props.config.backend);
  }

  static stackName(app: string, environment: string): string {
    return `${app}-${environment}`;
  }

  /** The provider's region, from config: a literal, so URLs and names built from it are checked at synth. */
  get region(): string {
    return this.config.region;
  }

  /** The account Terraform runs in (`data.aws_caller_identity.current.account_id`), created on first use. */
  get account(): string {
    if (!this.callerIdentity) {
      this.callerIdentity = new DataAwsCallerIdentity(this, 'caller-identity');
      this.callerIdentity.overrideLogicalId('current');
    }
    return this.callerIdentity.accountId;
  }

  /** The partition (`aws`, `aws-cn`, `aws-us-gov`; `data.aws_partition.current.partition`), created on first use. */
  get partition(): string {
    return this.partitionSource().partition;
  }

  /** DNS suffix of the partition's endpoints (`amazonaws.com`, `amazonaws.com.cn`; `data.aws_partition.current.dns_suffix`). */
  get dnsSuffix(): string {
    return this.partitionSource().dnsSuffix;
  }

  private partitionSource(): DataAwsPartition {
    if (!this.partitionData) {
      this.partitionData = new DataAwsPartition(this, 'partition');
      this.partitionData.overrideLogicalId('current');
    }
    return this.partitionData;
  }

  /** Endpoint of the local AWS emulator in emulator mode (`AWS_ENDPOINT_URL`), else undefined. */
  get emulatorEndpoint(): string | undefined {
    return this.config.emulatorEndpoint;
  }

  /** An ARN in this stack's partition, region and account unless `components` says otherwise. */
  formatArn(components: ArnComponents): string {
    return formatArn(components, {
      partition: components.partition ?? this.partition,
      region: components.region ?? this.region,
      account: components.account ?? this.account,
    });
  }

  /** `environments.<env>.apps.<app>` plus `path`: the config field a validation error names. */
  configField(...path: string[]): string {
    return [`environments.${this.config.name}.apps.${this.appName}`, ...path].join('.');
  }

  /** Declares the `hashicorp/null` provider once, for `null_resource` steps. */
  useNullProvider(): NullProvider {
    this.nullProvider ??= new NullProvider(this, 'null');
    return this.nullProvider;
  }

  /**
   * Records address renames, previous address -> next address (`aws_s3_bucket.logs_bucket_0E478997`
   * -> `aws_s3_bucket.logs`). Each becomes a `moved` block, so a plan against deployed state moves
   * the resource instead of destroying it. Renames chain (`a -> b`, later `b -> c`), so the list is
   * append-only history and a state written by any earlier release keeps its path; a move is
   * written only when its chain ends at a resource this configuration declares. Refused at synth:
   * a previous address that is still declared, a change of resource type, two moves from one address.
   */
  addressMoves(moves: Readonly<Record<string, string>>): void {
    this.movesScope ??= new Construct(this, 'address-moves');
    for (const [from, to] of Object.entries(moves)) {
      if (this.moves.has(from)) {
        throw new ValidationError(`addressMoves.${from}`, `[addresses.moves] already moved to ${this.moves.get(from)}`, to);
      }
      if (from.split('.')[0] !== to.split('.')[0]) {
        throw new ValidationError(`addressMoves.${from}`, '[addresses.moves] a moved block cannot change the resource type', to);
      }
      this.moves.set(from, to);
      new MovedBlock(this.movesScope, `moved-${this.moves.size}`, from, to, () => this.movedIsWritten(from));
    }
  }

  /**
   * Records addresses whose deployed object is forgotten, never destroyed: each becomes a Terraform
   * `removed` block with `lifecycle { destroy = false }` (Terraform >= 1.7), so a plan against
   * deployed state drops the object from state and leaves it in AWS. For an object the
   * configuration supersedes under a new address that writes the same AWS key in place (an API
   * Gateway integration is keyed by REST API, resource and method): destroying the old object
   * after creating the new one would delete the new one's settings (`create_before_destroy`
   * reaching a resource whose replacement is forced, terraform-provider-aws #21907). A move whose
   * chain ends at a removed address is written too, so state from any earlier release reaches the
   * `removed` block. `removals` maps the address to why it is forgotten (kept for the reader).
   * Append-only, like the moves. Refused at synth: an address that is still declared, one that is
   * also the `from` of a move, one removed twice.
   */
  addressRemovals(removals: Readonly<Record<string, string>>): void {
    this.movesScope ??= new Construct(this, 'address-moves');
    for (const [address, why] of Object.entries(removals)) {
      if (this.removals.has(address)) {
        throw new ValidationError(`addressRemovals.${address}`, '[addresses.removals] already removed', why);
      }
      if (!/^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$/.test(address)) {
        throw new ValidationError(
          `addressRemovals.${address}`,
          '[addresses.removals] must be a resource address <type>.<name>',
          why,
        );
      }
      this.removals.set(address, why);
      const block = new RemovedBlock(this.movesScope, `removed-${this.removals.size}`, address, () =>
        this.removedIsWritten(address),
      );
      this.removedBlocks.push(block);
    }
  }

  /** Refuses a removal of a declared address or of a move's `from`; every other one is written. */
  private removedIsWritten(address: string): boolean {
    if (new Set(resourcesOf(this).map(addressOf)).has(address)) {
      throw new ValidationError(
        `addressRemovals.${address}`,
        '[addresses.removals] cannot remove an address that is still declared',
      );
    }
    if (this.moves.has(address)) {
      throw new ValidationError(
        `addressRemovals.${address}`,
        `[addresses.removals] cannot remove an address that is moved (to ${this.moves.get(address)}); remove the move's target instead`,
      );
    }
    return true;
  }

  /**
   * Whether the move from `from` ends at a declared resource or at a removed address; refuses a
   * `from` that is still declared.
   */
  private movedIsWritten(from: string): boolean {
    const declared = new Set(resourcesOf(this).map(addressOf));
    if (declared.has(from)) {
      throw new ValidationError(`addressMoves.${from}`, '[addresses.moves] cannot move from an address that is still declared');
    }
    let end = from;
    for (let hops = 0; this.moves.has(end) && hops <= this.moves.size; hops++) end = this.moves.get(end) as string;
    return declared.has(end) || this.removals.has(end);
  }

  /** cdktf's HCL with the `removed` blocks its renderer drops appended (see cdktf-compat/removed-block). */
  toHclTerraform(): { hcl: string; metadata: Record<string, unknown> } {
    const out = super.toHclTerraform() as { hcl: string; metadata: Record<string, unknown> };
    const froms = this.removedBlocks.filter((b) => b.written).map((b) => b.from);
    return froms.length ? { ...out, hcl: `${out.hcl}\n\n${renderRemovedBlocks(froms)}` } : out;
  }

  /** Every resource needs an explicit address; cdktf's default is a hash of the construct path. */
  protected allocateLogicalId(tfElement: TerraformElement | Node): string {
    if (TerraformResource.isTerraformResource(tfElement)) {
      throw new ValidationError(
        tfElement.node.path,
        '[addresses.explicit] every resource needs a stable, readable address: call setAddress(resource, name) where it is created',
      );
    }
    return super.allocateLogicalId(tfElement);
  }
}
