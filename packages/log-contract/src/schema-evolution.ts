/**
 * What may happen to the columns of a live log table. The table is never replaced: a config change
 * becomes Iceberg schema evolution of the table in place, and only the changes Iceberg makes
 * without touching a data file and without changing what an existing row reads are applied
 * (Iceberg spec, "Schema Evolution": adding a column, and the type promotions `int` to `long`,
 * `float` to `double`, `decimal(P,S)` to `decimal(P',S)` with P' > P). Everything else is refused
 * with the rule named and what to do instead.
 *
 * The same rules run twice: at synth, against the environment's schema lock (the schema history
 * the stack was deployed with), and at apply, in the table step against the live table
 * (`apps/log-platform/steps/iceberg_table_step.py`; a test runs both on the same cases).
 */

/** A column as the table has it: Iceberg type text (`string`, `long`, `decimal(10,2)`, …) and `required`. */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
}

/** A change applied in place. */
export type SchemaChange =
  /** A new optional column: rows written before it read NULL. */
  | { readonly kind: 'add'; readonly column: string; readonly type: string }
  /** A widening Iceberg allows: every existing value reads the same. */
  | { readonly kind: 'promote'; readonly column: string; readonly from: string; readonly to: string };

/** Rule ids of refused changes, as messages and the README name them. */
export const SCHEMA_EVOLUTION_RULES = {
  drop: 'schemaEvolution.drop',
  rename: 'schemaEvolution.rename',
  narrow: 'schemaEvolution.narrow',
  typeChange: 'schemaEvolution.typeChange',
  required: 'schemaEvolution.required',
  addRequired: 'schemaEvolution.addRequired',
} as const;
export type SchemaEvolutionRule = (typeof SCHEMA_EVOLUTION_RULES)[keyof typeof SCHEMA_EVOLUTION_RULES];

/** A change the table will not make. */
export interface SchemaRefusal {
  readonly rule: SchemaEvolutionRule;
  readonly column: string;
  /** What was asked and why it is refused. */
  readonly reason: string;
  /** What to do instead. */
  readonly instead: string;
}

export interface SchemaEvolutionPlan {
  readonly changes: readonly SchemaChange[];
  readonly refusals: readonly SchemaRefusal[];
}

const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/;

/** Iceberg's allowed primitive promotions (format v2). */
export function isPromotion(from: string, to: string): boolean {
  if (from === 'int' && to === 'long') return true;
  if (from === 'float' && to === 'double') return true;
  const a = DECIMAL.exec(from);
  const b = DECIMAL.exec(to);
  return !!a && !!b && a[2] === b[2] && Number(b[1]) > Number(a[1]);
}

/** The reverse of a promotion: every value of `from` would not fit `to`. */
export function isNarrowing(from: string, to: string): boolean {
  return isPromotion(to, from);
}

/**
 * Compares the deployed columns with the desired ones (matched by name; order does not matter)
 * and returns the in-place changes and the refusals. A plan with refusals must not be applied
 * in part: callers apply nothing when `refusals` is not empty.
 */
export function planSchemaEvolution(deployed: readonly TableColumn[], desired: readonly TableColumn[]): SchemaEvolutionPlan {
  const live = new Map(deployed.map((c) => [c.name, c]));
  const wanted = new Map(desired.map((c) => [c.name, c]));
  const changes: SchemaChange[] = [];
  const refusals: SchemaRefusal[] = [];
  const added = desired.filter((c) => !live.has(c.name));

  for (const want of desired) {
    const have = live.get(want.name);
    if (!have) {
      if (want.required)
        refusals.push({
          rule: SCHEMA_EVOLUTION_RULES.addRequired,
          column: want.name,
          reason: `column "${want.name}" would be added as required, but the rows already in the table have no value for it`,
          instead: `add it as an optional column (required: false)`,
        });
      else changes.push({ kind: 'add', column: want.name, type: want.type });
      continue;
    }
    if (have.type !== want.type) {
      if (isPromotion(have.type, want.type)) changes.push({ kind: 'promote', column: want.name, from: have.type, to: want.type });
      else if (isNarrowing(have.type, want.type))
        refusals.push({
          rule: SCHEMA_EVOLUTION_RULES.narrow,
          column: want.name,
          reason: `column "${want.name}" would narrow from ${have.type} to ${want.type}: stored values outside ${want.type} would change or be lost`,
          instead: `keep the type ${have.type}`,
        });
      else
        refusals.push({
          rule: SCHEMA_EVOLUTION_RULES.typeChange,
          column: want.name,
          reason: `column "${want.name}" would change from ${have.type} to ${want.type}, which Iceberg cannot do in place (only int to long, float to double and wider decimals)`,
          instead: `keep "${want.name}" as ${have.type} and add a new column (for example "${want.name}_${want.type.replace(/[^a-z0-9]+/g, '_')}") with the new type`,
        });
    }
    if (have.required !== want.required)
      refusals.push({
        rule: SCHEMA_EVOLUTION_RULES.required,
        column: want.name,
        reason: `column "${want.name}" would change from ${have.required ? 'required' : 'optional'} to ${want.required ? 'required' : 'optional'}: readers and writers of the table rely on it`,
        instead: `keep it ${have.required ? 'required' : 'optional'}`,
      });
  }

  const dropped = deployed.filter((c) => !wanted.has(c.name));
  for (const have of dropped) {
    // One column of a type gone and one of the same type new: read as a rename.
    const renamedTo = added.filter((c) => c.type === have.type);
    if (renamedTo.length === 1 && dropped.filter((c) => c.type === have.type).length === 1)
      refusals.push({
        rule: SCHEMA_EVOLUTION_RULES.rename,
        column: have.name,
        reason: `column "${have.name}" is gone and "${renamedTo[0].name}" (${have.type}) is new: a rename, which would leave the rows already written under the old name`,
        instead: `keep "${have.name}" in extraColumns and add "${renamedTo[0].name}" beside it (old rows keep their values under "${have.name}"; query coalesce("${renamedTo[0].name}", "${have.name}"))`,
      });
    else
      refusals.push({
        rule: SCHEMA_EVOLUTION_RULES.drop,
        column: have.name,
        reason: `column "${have.name}" (${have.type}) is in the deployed table but not in the config: dropping it would take its values from every row already written`,
        instead: `keep "${have.name}" in extraColumns (rows written after you stop sending its key read NULL; the old values stay queryable)`,
      });
  }
  return { changes, refusals };
}

/** One line per refusal: `[rule] reason; instead: what to do`. */
export function describeRefusals(refusals: readonly SchemaRefusal[]): string {
  return refusals.map((r) => `[${r.rule}] ${r.reason}; instead: ${r.instead}`).join('\n');
}
