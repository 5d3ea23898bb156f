import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { grant, Grant, IGrantable } from '../iam/grant';
import type { TableAccess } from './permissions';
import { LakeFormationTableGrant } from './table-grant';

/** A grant of {@link TableAccess}: the statements added to the grantee and the Lake Formation grant made for it. */
export interface TableGrant extends Grant {
  readonly lakeFormationGrant: LakeFormationTableGrant;
}

/** Options of {@link grantTableAccess}. */
export interface TableGrantOptions {
  /** Name in the grant resource's address (`null_resource.<name>`). @default the id in snake_case */
  readonly addressName?: string;
  /** Resources the Lake Formation grant must wait for (the table, the federated catalog). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** The table's ARN when the grant is in the table's stack: a recreated table is granted again (see `LakeFormationTableGrantProps.tableArn`). @default none */
  readonly tableArn?: string;
}

/**
 * Gives `grantee` `access` to a table: adds the statements to its policy and creates, in `scope`
 * (the grantee's stack), a {@link LakeFormationTableGrant} with the access's permissions and mode.
 */
export function grantTableAccess(
  scope: Construct,
  id: string,
  grantee: IGrantable,
  access: TableAccess,
  options: TableGrantOptions = {},
): TableGrant {
  const statements = grant(grantee, access.statements);
  const lakeFormationGrant = new LakeFormationTableGrant(scope, id, {
    addressName: options.addressName,
    principalArn: grantee.principalArn,
    catalogId: access.catalogId,
    databaseName: access.databaseName,
    tableName: access.tableName,
    permissions: access.permissions,
    mode: access.mode,
    dependsOn: options.dependsOn,
    tableArn: options.tableArn,
  });
  return { ...statements, lakeFormationGrant };
}
