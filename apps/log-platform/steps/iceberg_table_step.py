"""Brings the live Iceberg log table to the columns, partition spec and sort order the stack declares.

The log platform's table step: Terraform runs it (a `null_resource` with `local-exec`) on the
machine that runs `terraform apply`, after creating the table and whenever the declared columns,
partition spec or sort order change. It changes the table's metadata in place through a maintained
Iceberg client (pyiceberg) and the S3 Tables Iceberg REST endpoint; no Iceberg metadata JSON is
written by hand, and no data file is touched.

What it does, in one Iceberg transaction (all or nothing):
  - adds every declared column the table lacks (optional; rows already written read NULL);
  - promotes a column's type where Iceberg allows it (int -> long, float -> double, wider decimal);
  - sets the partition spec and the sort order (Iceberg partition evolution: files already
    written keep their layout, new files use the new one).
It refuses, committing nothing (exit 2): dropping or renaming a column (a column the table has
and the declaration lacks), narrowing or otherwise changing a type, changing `required`, adding
a required column. The same rules run at synth against the environment's schema lock
(packages/log-contract/src/schema-evolution.ts); a test keeps the two equal.

Idempotent: when the table already matches, nothing is committed ("no changes"). A commit that
loses a race (Firehose commits a snapshot every buffer interval) or a throttled / unavailable
endpoint is retried with backoff: the table is read again and the plan recomputed, so a retry
after a commit whose outcome was unknown changes nothing twice.

Environment (values only; nothing is read from argv):
  LT_CATALOG   pyiceberg catalog properties, a JSON object. The stack sends the S3 Tables Iceberg
               REST endpoint: {"type": "rest", "uri": "https://s3tables.<region>.amazonaws.com/iceberg",
               "warehouse": "<table bucket ARN>", "rest.sigv4-enabled": "true",
               "rest.signing-name": "s3tables", "rest.signing-region": "<region>"}; credentials come
               from the standard AWS chain (boto3). An optional "name" is the catalog's name (default
               "s3tablescatalog"; a SQL catalog finds its tables by it). Tests pass a SQL catalog.
  LT_TABLE     {"namespace": "<namespace>", "name": "<table>"}
  LT_DESIRED   {"columns": [{"name", "type", "required"}],
                "partitionSpec": [{"column", "transform"}] or null (leave the spec alone),
                "sortOrder": [{"column", "direction", "nullOrder"}] or null (leave the order alone)}
  LT_RETRY_MAX_ATTEMPTS (default 8), LT_RETRY_INITIAL_DELAY (s, default 5), LT_RETRY_MAX_DELAY (s, default 60)

Exit status: 0 done or nothing to do; 1 failed (nothing committed, or a commit whose outcome is
unknown after every attempt); 2 refused an unsafe change (nothing committed); 3 a requirement is
missing (Python >= 3.10, pyiceberg >= 0.12 with the rest-sigv4 extra for the REST endpoint).

`--plan` reads {"live": {"columns", "partitionSpec", "sortOrder"}, "desired": {...}} on stdin and
prints the plan as JSON without touching any catalog (used by the tests).
"""
import json
import os
import re
import sys
import time

STEP = "iceberg-table-step"
MIN_PYICEBERG = (0, 12, 0)
INSTALL = 'python3 -m pip install "pyiceberg[rest-sigv4]==0.12.0"'


class Refused(Exception):
    def __init__(self, refusals):
        super().__init__("; ".join(f"[{r['rule']}] {r['reason']}; instead: {r['instead']}" for r in refusals))
        self.refusals = refusals


class InputError(Exception):
    pass


def log(message):
    sys.stdout.write(f"{STEP}: {message}\n")
    sys.stdout.flush()


def fail(status, message):
    sys.stderr.write(f"{STEP}: {message}\n")
    sys.stderr.flush()
    sys.exit(status)


# ---------------------------------------------------------------------------------------------
# Rules (the same as packages/log-contract/src/schema-evolution.ts)

DECIMAL = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")


def is_promotion(source, target):
    if (source, target) in (("int", "long"), ("float", "double")):
        return True
    a, b = DECIMAL.match(source), DECIMAL.match(target)
    return bool(a and b and a.group(2) == b.group(2) and int(b.group(1)) > int(a.group(1)))


def plan_schema(live, desired):
    """Changes and refusals between the live columns and the declared ones, matched by name."""
    have = {c["name"]: c for c in live}
    want = {c["name"]: c for c in desired}
    changes, refusals = [], []
    added = [c for c in desired if c["name"] not in have]
    for w in desired:
        h = have.get(w["name"])
        name = w["name"]
        if h is None:
            if w["required"]:
                refusals.append(
                    {
                        "rule": "schemaEvolution.addRequired",
                        "column": name,
                        "reason": f'column "{name}" would be added as required, but the rows already in the table have no value for it',
                        "instead": "add it as an optional column (required: false)",
                    }
                )
            else:
                changes.append({"kind": "add", "column": name, "type": w["type"]})
            continue
        if h["type"] != w["type"]:
            if is_promotion(h["type"], w["type"]):
                changes.append({"kind": "promote", "column": name, "from": h["type"], "to": w["type"]})
            elif is_promotion(w["type"], h["type"]):
                refusals.append(
                    {
                        "rule": "schemaEvolution.narrow",
                        "column": name,
                        "reason": f'column "{name}" would narrow from {h["type"]} to {w["type"]}: stored values outside {w["type"]} would change or be lost',
                        "instead": f'keep the type {h["type"]}',
                    }
                )
            else:
                refusals.append(
                    {
                        "rule": "schemaEvolution.typeChange",
                        "column": name,
                        "reason": f'column "{name}" would change from {h["type"]} to {w["type"]}, which Iceberg cannot do in place',
                        "instead": f'keep "{name}" as {h["type"]} and add a new column with the new type',
                    }
                )
        if bool(h["required"]) != bool(w["required"]):
            old = "required" if h["required"] else "optional"
            refusals.append(
                {
                    "rule": "schemaEvolution.required",
                    "column": name,
                    "reason": f'column "{name}" would change from {old} to {"required" if w["required"] else "optional"}',
                    "instead": f"keep it {old}",
                }
            )
    dropped = [c for c in live if c["name"] not in want]
    for h in dropped:
        same_type_added = [c for c in added if c["type"] == h["type"]]
        same_type_dropped = [c for c in dropped if c["type"] == h["type"]]
        if len(same_type_added) == 1 and len(same_type_dropped) == 1:
            new = same_type_added[0]["name"]
            refusals.append(
                {
                    "rule": "schemaEvolution.rename",
                    "column": h["name"],
                    "reason": f'column "{h["name"]}" is gone and "{new}" ({h["type"]}) is new: a rename, which would leave the rows already written under the old name',
                    "instead": f'keep "{h["name"]}" and add "{new}" beside it',
                }
            )
        else:
            refusals.append(
                {
                    "rule": "schemaEvolution.drop",
                    "column": h["name"],
                    "reason": f'column "{h["name"]}" ({h["type"]}) is in the live table but not declared: dropping it would take its values from every row already written',
                    "instead": f'declare "{h["name"]}" again (keep it in extraColumns)',
                }
            )
    return changes, refusals


def plan_layout(live_spec, live_order, desired_spec, desired_order):
    """Whether the partition spec (compared as a set of (column, transform)) and the sort order (ordered) must change."""
    spec = None
    if desired_spec is not None:
        have = {(f["column"], f["transform"]) for f in live_spec}
        want = {(f["column"], f["transform"]) for f in desired_spec}
        if have != want:
            spec = {"remove": sorted(have - want), "add": [(f["column"], f["transform"]) for f in desired_spec if (f["column"], f["transform"]) not in have]}
    order = None
    if desired_order is not None:
        key = lambda f: (f["column"], f.get("transform", "identity"), f["direction"], f["nullOrder"])  # noqa: E731
        if [key(f) for f in live_order] != [key(f) for f in desired_order]:
            order = list(desired_order)
    return spec, order


def make_plan(live, desired):
    changes, refusals = plan_schema(live["columns"], desired["columns"])
    spec, order = plan_layout(live.get("partitionSpec", []), live.get("sortOrder", []), desired.get("partitionSpec"), desired.get("sortOrder"))
    return {"changes": changes, "refusals": refusals, "partitionSpec": spec, "sortOrder": order}


# ---------------------------------------------------------------------------------------------
# Input


def read_json_env(name, kind):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        raise InputError(f"{name}: must be set to a JSON {kind}")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not JSON ({exc})") from None
    if not isinstance(value, dict):
        raise InputError(f"{name}: must be a JSON {kind}")
    return value


def check_desired(desired):
    columns = desired.get("columns")
    if not isinstance(columns, list) or not columns:
        raise InputError("LT_DESIRED.columns: must be a non-empty array")
    for i, c in enumerate(columns):
        if not isinstance(c, dict) or not isinstance(c.get("name"), str) or not isinstance(c.get("type"), str) or not isinstance(c.get("required"), bool):
            raise InputError(f"LT_DESIRED.columns[{i}]: must be {{name: string, type: string, required: boolean}}")
    for key, fields in (("partitionSpec", ("column", "transform")), ("sortOrder", ("column", "direction", "nullOrder"))):
        value = desired.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            raise InputError(f"LT_DESIRED.{key}: must be an array or null")
        for i, f in enumerate(value):
            if not isinstance(f, dict) or not all(isinstance(f.get(k), str) for k in fields):
                raise InputError(f"LT_DESIRED.{key}[{i}]: must be {{{', '.join(k + ': string' for k in fields)}}}")
    return desired


def int_env(name, default, low, high):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"\d+", raw) or not low <= int(raw) <= high:
        raise InputError(f"{name}: must be a whole number from {low} to {high} (got {raw!r})")
    return int(raw)


# ---------------------------------------------------------------------------------------------
# The live table (pyiceberg)


def check_requirements(catalog_properties):
    if sys.version_info < (3, 10):
        fail(3, f"needs Python 3.10 or newer (this is {sys.version.split()[0]}); set LOG_PLATFORM_PYTHON to one. Nothing was changed.")
    try:
        import pyiceberg
        from pyiceberg.table import Transaction
    except ImportError:
        fail(3, f"needs pyiceberg {'.'.join(map(str, MIN_PYICEBERG))} or newer in {sys.executable} (install: {INSTALL}). Nothing was changed.")
    version = tuple(int(p) for p in re.findall(r"\d+", pyiceberg.__version__)[:3])
    if version < MIN_PYICEBERG or not hasattr(Transaction, "update_sort_order"):
        fail(3, f"needs pyiceberg {'.'.join(map(str, MIN_PYICEBERG))} or newer (found {pyiceberg.__version__}; install: {INSTALL}). Nothing was changed.")
    if str(catalog_properties.get("rest.sigv4-enabled", "")).lower() == "true":
        try:
            import boto3  # noqa: F401  (pyiceberg signs REST requests with botocore)
        except ImportError:
            fail(3, f"needs boto3 to sign requests to the S3 Tables endpoint (install: {INSTALL}). Nothing was changed.")


def type_text(field_type):
    return re.sub(r",\s+", ",", str(field_type))


def live_state(table):
    schema = table.schema()
    columns = [{"name": f.name, "type": type_text(f.field_type), "required": bool(f.required)} for f in schema.fields]
    spec = []
    for f in table.spec().fields:
        transform = str(f.transform)
        if transform == "void":
            continue
        spec.append({"column": schema.find_column_name(f.source_id), "transform": transform})
    order = [
        {
            "column": schema.find_column_name(f.source_id),
            "transform": str(f.transform),
            "direction": f.direction.value,
            "nullOrder": f.null_order.value,
        }
        for f in table.sort_order().fields
    ]
    return {"columns": columns, "partitionSpec": spec, "sortOrder": order}


def apply_plan(table, plan, desired):
    from pyiceberg.table.sorting import NullOrder
    from pyiceberg.transforms import IdentityTransform, parse_transform
    from pyiceberg.types import IcebergType

    with table.transaction() as tx:
        if plan["changes"]:
            with tx.update_schema() as update:
                for change in plan["changes"]:
                    if change["kind"] == "add":
                        update.add_column(change["column"], IcebergType.model_validate(change["type"]), required=False)
                    else:
                        update.update_column(change["column"], field_type=IcebergType.model_validate(change["to"]))
        if plan["partitionSpec"]:
            with tx.update_spec() as update:
                names = {(table.schema().find_column_name(f.source_id), str(f.transform)): f.name for f in table.spec().fields}
                for key in plan["partitionSpec"]["remove"]:
                    update.remove_field(names[tuple(key)])
                for column, transform in plan["partitionSpec"]["add"]:
                    update.add_field(column, parse_transform(transform))
        if plan["sortOrder"] is not None:
            with tx.update_sort_order() as update:
                for f in plan["sortOrder"]:
                    null_order = NullOrder.NULLS_FIRST if f["nullOrder"] == "nulls-first" else NullOrder.NULLS_LAST
                    if f["direction"] == "asc":
                        update.asc(f["column"], IdentityTransform(), null_order)
                    else:
                        update.desc(f["column"], IdentityTransform(), null_order)


def describe_change(change):
    if change["kind"] == "add":
        return f'added column {change["column"]} ({change["type"]}); rows written before read it as NULL'
    return f'promoted column {change["column"]} from {change["from"]} to {change["to"]}; every stored value reads the same'


def retryable(exc):
    from pyiceberg import exceptions as e

    if isinstance(exc, (e.CommitFailedException, e.CommitStateUnknownException, e.TooManyRequestsError, e.ServiceUnavailableError, e.ServerError)):
        return "the commit raced another writer or the endpoint was busy"
    if isinstance(exc, e.NoSuchTableError):
        return "the table is not visible yet (just created)"
    try:
        import requests

        if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
            return "the endpoint could not be reached"
    except ImportError:
        pass
    return None


def hint(exc):
    from pyiceberg import exceptions as e

    if isinstance(exc, (e.ForbiddenError, e.UnauthorizedError)):
        return (
            " The principal running terraform needs s3tables:GetTable, GetTableMetadataLocation, GetTableData, "
            "PutTableData and UpdateTableMetadataLocation on the table (S3 Tables Iceberg REST endpoint)."
        )
    if type(exc).__name__ in ("NoCredentialsError", "PartialCredentialsError"):
        return " No AWS credentials were found (the standard chain: environment, profile, instance role)."
    return ""


def run():
    catalog_properties = read_json_env("LT_CATALOG", "object of pyiceberg catalog properties")
    ref = read_json_env("LT_TABLE", "object {namespace, name}")
    if not isinstance(ref.get("namespace"), str) or not isinstance(ref.get("name"), str):
        raise InputError("LT_TABLE: must be {namespace: string, name: string}")
    desired = check_desired(read_json_env("LT_DESIRED", "object {columns, partitionSpec, sortOrder}"))
    attempts = int_env("LT_RETRY_MAX_ATTEMPTS", 8, 1, 3600)
    delay = int_env("LT_RETRY_INITIAL_DELAY", 5, 0, 3600)
    max_delay = int_env("LT_RETRY_MAX_DELAY", 60, 0, 3600)
    check_requirements(catalog_properties)

    from pyiceberg.catalog import load_catalog

    identifier = (ref["namespace"], ref["name"])
    where = f"{ref['namespace']}.{ref['name']}"
    for attempt in range(1, attempts + 1):
        try:
            properties = {k: str(v) for k, v in catalog_properties.items() if k != "name"}
            catalog = load_catalog(str(catalog_properties.get("name", "s3tablescatalog")), **properties)
            table = catalog.load_table(identifier)
            plan = make_plan(live_state(table), desired)
            if plan["refusals"]:
                raise Refused(plan["refusals"])
            if not plan["changes"] and plan["partitionSpec"] is None and plan["sortOrder"] is None:
                log(f"{where} already has the declared columns, partition spec and sort order: no changes")
                return 0
            apply_plan(table, plan, desired)
            for change in plan["changes"]:
                log(f"{where}: {describe_change(change)}")
            if plan["partitionSpec"]:
                spec = ", ".join(f"{t}({c})" for c, t in ((f["column"], f["transform"]) for f in desired["partitionSpec"])) or "unpartitioned"
                log(f"{where}: partition spec is now {spec} (files written before keep their layout)")
            if plan["sortOrder"] is not None:
                order = ", ".join(f"{f['column']} {f['direction']} {f['nullOrder']}" for f in plan["sortOrder"]) or "unsorted"
                log(f"{where}: sort order is now {order}")
            return 0
        except Refused:
            raise
        except Exception as exc:  # classified below; anything unknown is fatal
            why = retryable(exc)
            if why is None:
                fail(1, f"{where}: {type(exc).__name__}: {exc}.{hint(exc)} Nothing was committed.")
            if attempt == attempts:
                fail(1, f"{where}: gave up after {attempts} attempt(s) ({why}): {type(exc).__name__}: {exc}")
            sys.stderr.write(f"{STEP}: {where}: attempt {attempt} failed ({why}: {type(exc).__name__}); retrying in {delay}s\n")
            time.sleep(delay)
            delay = min(delay * 2, max_delay)
    return 1


def main():
    if sys.argv[1:] == ["--plan"]:
        request = json.load(sys.stdin)
        json.dump(make_plan(request["live"], check_desired(request["desired"])), sys.stdout)
        return
    if sys.argv[1:]:
        fail(1, "takes no arguments (values come from the environment; --plan reads stdin)")
    try:
        sys.exit(run())
    except InputError as exc:
        fail(1, f"{exc}. Nothing was changed.")
    except Refused as exc:
        for r in exc.refusals:
            sys.stderr.write(f"{STEP}: [{r['rule']}] {r['reason']}; instead: {r['instead']}\n")
        fail(2, "refused: the table was left as it is (nothing committed)")


if __name__ == "__main__":
    main()
