"""The testbed's Iceberg writer: creates tables and appends rows the way the log pipeline does.

Runs with the project's .venv (pyiceberg, pyarrow, SQLAlchemy + psycopg2). One JSON request on
stdin, one JSON answer on stdout; on bad input or a failed write, one line on stderr that names the
field and the rule, and exit status 1. Nothing is committed unless the whole request succeeded.

Requests (`op`):
  create-table  {catalog, namespace, table, metadata: {schema, partitionSpec?, writeOrder?}, properties?, records?}
                `metadata` is the S3 Tables CreateTable `metadata.iceberg` document the stack sends;
                `records`, when given, are appended right after (as `append`).
  append        {catalog, namespace, table, records: [ {column: value, ...}, ... ]}
                one commit (one snapshot) per request, as Firehose commits one buffer.
  describe      {catalog, namespace, table}

`catalog` is {name, uri, warehouse}; the password comes from ICEBERG_TESTBED_PGPASSWORD, never argv.
"""
import json
import os
import sys


class RequestError(Exception):
    """Bad input: `field` is a JSON path in the request, `rule` what it must be."""

    def __init__(self, field, rule):
        super().__init__(f"{field}: {rule}")


def fail(message):
    sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.exit(1)


def open_catalog(spec):
    from pyiceberg.catalog.sql import SqlCatalog

    password = os.environ.get("ICEBERG_TESTBED_PGPASSWORD", "")
    uri = spec["uri"].replace("{password}", password)
    # init_catalog_tables=false: the testbed created the Iceberg JDBC catalog tables (schema V1)
    # before Trino started; pyiceberg must find and use exactly those.
    return SqlCatalog(spec["name"], uri=uri, warehouse=spec["warehouse"], init_catalog_tables="false")


def iceberg_schema(fields):
    """The S3 Tables schema (`[{name, type, required, id?}]`, primitive types) as a pyiceberg Schema."""
    from pyiceberg.schema import Schema

    if not isinstance(fields, list) or not fields:
        raise RequestError("metadata.schema.fields", "must be a non-empty array")
    out = []
    for i, f in enumerate(fields):
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not isinstance(f.get("type"), str):
            raise RequestError(f"metadata.schema.fields[{i}]", "must be {name: string, type: string, required?: boolean}")
        out.append(
            {
                "id": f.get("id", i + 1),
                "name": f["name"],
                "type": f["type"],
                "required": bool(f.get("required", False)),
            }
        )
    try:
        return Schema.model_validate({"type": "struct", "schema-id": 0, "fields": out})
    except Exception as exc:  # pydantic names the offending field
        raise RequestError("metadata.schema.fields", f"not an Iceberg schema: {exc}") from None


def has_field(schema, field_id):
    try:
        schema.find_field(field_id)
        return True
    except ValueError:
        return False


def partition_spec(spec, schema):
    from pyiceberg.partitioning import UNPARTITIONED_PARTITION_SPEC, PartitionSpec

    if spec is None:
        return UNPARTITIONED_PARTITION_SPEC
    fields = []
    for i, f in enumerate(spec.get("fields", [])):
        source_id = f.get("source-id")
        if not isinstance(source_id, int) or not has_field(schema, source_id):
            raise RequestError(f"metadata.partitionSpec.fields[{i}].source-id", "must be the id of a schema field")
        fields.append(
            {
                "source-id": source_id,
                "field-id": f.get("field-id", 1000 + i),
                "transform": f.get("transform"),
                "name": f.get("name"),
            }
        )
    try:
        return PartitionSpec.model_validate({"spec-id": 0, "fields": fields})
    except Exception as exc:
        raise RequestError("metadata.partitionSpec", f"not an Iceberg partition spec: {exc}") from None


def sort_order(order, schema):
    from pyiceberg.table.sorting import UNSORTED_SORT_ORDER, SortOrder

    if order is None or not order.get("fields"):
        return UNSORTED_SORT_ORDER
    for i, f in enumerate(order["fields"]):
        source_id = f.get("source-id")
        if not isinstance(source_id, int) or not has_field(schema, source_id):
            raise RequestError(f"metadata.writeOrder.fields[{i}].source-id", "must be the id of a schema field")
    try:
        return SortOrder.model_validate({"order-id": order.get("order-id", 1), "fields": order["fields"]})
    except Exception as exc:
        raise RequestError("metadata.writeOrder", f"not an Iceberg sort order: {exc}") from None


def create_table(req):
    catalog = open_catalog(req["catalog"])
    metadata = req.get("metadata") or {}
    schema = iceberg_schema((metadata.get("schema") or {}).get("fields"))
    spec = partition_spec(metadata.get("partitionSpec"), schema)
    order = sort_order(metadata.get("writeOrder"), schema)
    catalog.create_namespace_if_not_exists(req["namespace"])
    table = catalog.create_table(
        (req["namespace"], req["table"]),
        schema=schema,
        partition_spec=spec,
        sort_order=order,
        properties=req.get("properties") or {},
    )
    result = describe_table(table)
    if req.get("records") is not None:
        # Created and loaded in one process: pyarrow's import is most of a request's time.
        result["appended"] = append_records(table, req["records"])
    return result


def describe_table(table):
    m = table.metadata
    return {
        "metadataLocation": table.metadata_location,
        "location": m.location,
        "formatVersion": m.format_version,
        "schema": json.loads(table.schema().model_dump_json(by_alias=True)),
        "partitionSpec": json.loads(table.spec().model_dump_json(by_alias=True)),
        "sortOrder": json.loads(table.sort_order().model_dump_json(by_alias=True)),
        "properties": dict(m.properties),
        "snapshots": len(m.snapshots),
    }


# Value rules of Firehose's JSON-to-Iceberg conversion as the pipeline relies on them: keys match
# column names exactly, keys without a column are dropped, a missing key is NULL, and a value of
# the wrong JSON type fails the record (Firehose sends it to the error bucket). The timestamp
# column takes epoch microseconds, which the Fluent Bit filter produces.
def column_values(records, schema):
    import pyarrow as pa
    from pyiceberg.types import (
        BooleanType,
        DoubleType,
        FloatType,
        IntegerType,
        LongType,
        StringType,
        TimestampType,
        TimestamptzType,
    )

    limits = {IntegerType: (-(2**31), 2**31 - 1), LongType: (-(2**63), 2**63 - 1)}
    columns = {}
    for field in schema.fields:
        t = type(field.field_type)
        values = []
        for i, record in enumerate(records):
            v = record.get(field.name)
            where = f"records[{i}].{field.name}"
            if v is None:
                if field.required:
                    raise RequestError(where, "is required by the table schema")
            elif t is StringType:
                if not isinstance(v, str):
                    raise RequestError(where, "must be a JSON string (string column)")
            elif t in (TimestampType, TimestamptzType, IntegerType, LongType):
                if isinstance(v, bool) or not isinstance(v, int):
                    what = "epoch microseconds as a JSON integer" if t in (TimestampType, TimestamptzType) else "a JSON integer"
                    raise RequestError(where, f"must be {what} ({field.field_type} column)")
                lo, hi = limits.get(t, limits[LongType])
                if not lo <= v <= hi:
                    raise RequestError(where, f"is out of range for {field.field_type}")
            elif t in (DoubleType, FloatType):
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    raise RequestError(where, f"must be a JSON number ({field.field_type} column)")
                v = float(v)
            elif t is BooleanType:
                if not isinstance(v, bool):
                    raise RequestError(where, "must be true or false (boolean column)")
            else:
                raise RequestError(f"schema.{field.name}", f"type {field.field_type} is not supported by the writer")
            values.append(v)
        columns[field.name] = values
    arrow_schema = schema.as_arrow()
    arrays = []
    for f in arrow_schema:
        values = columns[f.name]
        if pa.types.is_timestamp(f.type):
            arrays.append(pa.array(values, type=pa.int64()).cast(f.type))
        else:
            arrays.append(pa.array(values, type=f.type))
    return pa.Table.from_arrays(arrays, schema=arrow_schema)


def sorted_by_write_order(data, table):
    """Rows of one commit in the table's write order (what a writer honouring the sort order does)."""
    order = table.sort_order()
    if order.is_unsorted:
        return data
    keys = []
    for f in order.fields:
        if str(f.transform) != "identity":
            # Arrow sorts by column values only; other transforms keep the arrival order.
            return data
        name = table.schema().find_column_name(f.source_id)
        keys.append((name, "ascending" if f.direction.value == "asc" else "descending"))
    return data.sort_by(keys)


def append(req):
    catalog = open_catalog(req["catalog"])
    return append_records(catalog.load_table((req["namespace"], req["table"])), req.get("records"))


def append_records(table, records):
    if not isinstance(records, list):
        raise RequestError("records", "must be an array of JSON objects")
    for i, r in enumerate(records):
        if not isinstance(r, dict):
            raise RequestError(f"records[{i}]", "must be a JSON object")
    data = sorted_by_write_order(column_values(records, table.schema()), table)
    table.append(data)
    snapshot = table.current_snapshot()
    summary = snapshot.summary.additional_properties if snapshot and snapshot.summary else {}
    return {
        "rows": len(records),
        # A string: snapshot ids are 64-bit and JSON numbers in JavaScript are not.
        "snapshotId": str(snapshot.snapshot_id) if snapshot else None,
        "addedDataFiles": int(summary.get("added-data-files", 0)),
        "addedFilesSize": int(summary.get("added-files-size", 0)),
    }


def describe(req):
    catalog = open_catalog(req["catalog"])
    return describe_table(catalog.load_table((req["namespace"], req["table"])))


OPS = {"create-table": create_table, "append": append, "describe": describe}


def main():
    try:
        req = json.load(sys.stdin)
    except json.JSONDecodeError as exc:
        fail(f"request: not JSON ({exc})")
    op = OPS.get(req.get("op"))
    if op is None:
        fail(f"op: must be one of {', '.join(OPS)}")
    try:
        result = op(req)
    except RequestError as exc:
        fail(str(exc))
    except Exception as exc:  # pyiceberg / catalog errors: name the operation
        fail(f"{req['op']} {req.get('namespace')}.{req.get('table')}: {type(exc).__name__}: {exc}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
