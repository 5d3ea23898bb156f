"""Writes state entries for resources the emulator could not create, so that a state-contract
`before` state holds every resource of the baseline.

Terraform itself decides the values: the baseline is planned against the partial state
(`-refresh=false`), and each resource it would create whose dependencies are all in the state
(or written in the same layer and referred to directly) is written into the state with the
plan's values (`change.after`). Values the plan leaves
unknown are computed by AWS (ids, ARNs, timestamps): `id` and every attribute another resource
refers to get a typed placeholder (an ARN-shaped string for `arn` / `*_arn`, a marked string
otherwise, 0, false); every other unknown value is null, which the state accepts for any
computed attribute and no validator rejects.
Layer by layer, until nothing is left to create. Then the provider plans the `after`
configuration against these entries exactly as against applied ones: a changed argument
that forces replacement shows as a replacement.

Pure functions only; contract_run.py runs the engine. State format:
https://developer.hashicorp.com/terraform/internals/json-format (plan, configuration, schemas)
and the local state file (version 4).
"""
from __future__ import annotations

import hashlib
import json
import re

from plans import CheckError

_NOT_RESOURCES = {"var", "local", "data", "path", "terraform", "self", "count", "each", "module"}
PLACEHOLDER = "verify-placeholder"


def _walk_references(expressions, out: set[str]) -> None:
    if isinstance(expressions, dict):
        refs = expressions.get("references")
        if isinstance(refs, list):
            for ref in refs:
                parts = str(ref).split(".")
                if len(parts) >= 2 and parts[0] not in _NOT_RESOURCES:
                    out.add(f"{parts[0]}.{parts[1].split('[')[0]}")
        for key, value in expressions.items():
            if key != "references":
                _walk_references(value, out)
    elif isinstance(expressions, list):
        for item in expressions:
            _walk_references(item, out)


def resource_dependencies(plan: dict) -> dict[str, set[str]]:
    """{type.name: {type.name it references or depends on}} of the root module's managed
    resources, from the plan's `configuration` section (Terraform lists each expression's
    references there)."""
    deps: dict[str, set[str]] = {}
    for res in plan.get("configuration", {}).get("root_module", {}).get("resources", []):
        if res.get("mode") != "managed":
            continue
        found: set[str] = set()
        _walk_references(res.get("expressions", {}), found)
        for dep in res.get("depends_on", []):
            parts = str(dep).split(".")
            if len(parts) >= 2 and parts[0] not in _NOT_RESOURCES:
                found.add(f"{parts[0]}.{parts[1]}")
        # a resource's references to itself (self) are not dependencies
        found.discard(res["address"])
        deps[res["address"]] = found
    return deps


def _base_address(address: str) -> str:
    return address.split("[")[0]


def referenced_attributes(plan: dict) -> dict[str, set[str]]:
    """{type.name: {attribute}} of the resource attributes other resources or outputs refer to
    (`aws_s3tables_table_bucket.b.arn` -> arn)."""
    out: dict[str, set[str]] = {}
    root = plan.get("configuration", {}).get("root_module", {})

    def collect(expressions):
        if isinstance(expressions, dict):
            for ref in expressions.get("references", []) if isinstance(expressions.get("references"), list) else []:
                parts = str(ref).split(".")
                if len(parts) >= 3 and parts[0] not in _NOT_RESOURCES:
                    out.setdefault(f"{parts[0]}.{parts[1].split('[')[0]}", set()).add(parts[2].split("[")[0])
            for key, value in expressions.items():
                if key != "references":
                    collect(value)
        elif isinstance(expressions, list):
            for item in expressions:
                collect(item)

    for res in root.get("resources", []):
        collect(res.get("expressions", {}))
    for output in root.get("outputs", {}).values():
        collect(output.get("expression", {}))
    return out


_PURE_REFERENCE = re.compile(r"^\$\{([A-Za-z0-9_]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$")


def plan_layer(plan: dict, stack_json: dict, schemas: dict, region: str, account: str) -> tuple[list[tuple[dict, dict]], list[str]]:
    """([(resource change, state attributes)] to write now, addresses still waiting).

    A resource the plan would create is written when every resource it depends on is in the
    state or written in this layer. An attribute whose value is exactly a reference to another
    resource written in this layer (`"${aws_x.y.arn}"` in the stack JSON) takes that value; a
    resource with any other expression over a resource of this layer waits for the next plan,
    which then evaluates the expression."""
    creates = [rc for rc in plan.get("resource_changes") or []
               if rc.get("mode") == "managed" and rc.get("change", {}).get("actions") == ["create"]]
    for rc in creates:
        if rc.get("module_address"):
            raise CheckError(f"{rc['address']}: resources in modules are not supported by the state writer")
    pending = {_base_address(rc["address"]) for rc in creates}
    deps, refs = resource_dependencies(plan), referenced_attributes(plan)
    expressions = {r["address"]: r.get("expressions", {})
                   for r in plan.get("configuration", {}).get("root_module", {}).get("resources", [])}
    raw = {f"{t}.{n}": body for t, names in (stack_json.get("resource") or {}).items() for n, body in names.items()}
    values: dict[str, dict] = {}
    layer: list[tuple[dict, dict]] = []
    remaining = list(creates)
    progress = True
    while progress:
        progress = False
        for rc in list(remaining):
            base = _base_address(rc["address"])
            waiting_on = deps.get(base, set()) & (pending - {base})
            if not waiting_on <= set(values):
                continue
            after = dict(rc["change"].get("after") or {})
            unknown = dict(rc["change"].get("after_unknown") or {})
            resolvable = True
            for attr, expr in expressions.get(base, {}).items():
                found: set[str] = set()
                _walk_references(expr, found)
                if not found & waiting_on:
                    continue
                m = _PURE_REFERENCE.match(raw.get(base, {}).get(attr)) if isinstance(raw.get(base, {}).get(attr), str) else None
                if not m or m.group(1) not in values or m.group(2) not in values[m.group(1)]:
                    resolvable = False
                    break
                after[attr], unknown[attr] = values[m.group(1)][m.group(2)], False
            if not resolvable:
                continue
            schema = resource_schema(schemas, rc["provider_name"], rc["type"])
            values[base] = fill_block(after, unknown, schema["block"], rc["address"], region, account,
                                      keep=refs.get(base, set()))
            layer.append((rc, values[base]))
            remaining.remove(rc)
            progress = True
    return layer, [rc["address"] for rc in remaining]


def _service(rtype: str) -> str:
    parts = rtype.split("_")
    return parts[1] if len(parts) > 1 else rtype


def placeholder(type_json, name: str, address: str, region: str, account: str):
    """A deterministic stand-in for a value AWS would compute, of the attribute's type."""
    if type_json == "string":
        tag = hashlib.sha256(f"{address}.{name}".encode()).hexdigest()[:8]
        if name == "arn" or name.endswith("_arn"):
            rtype = address.split(".")[0]
            return f"arn:aws:{_service(rtype)}:{region}:{account}:{PLACEHOLDER}/{address}/{tag}"
        return f"{PLACEHOLDER}-{tag}"
    if type_json == "number":
        return 0
    if type_json == "bool":
        return False
    return None  # collections, objects, dynamic: null is a valid state value for a computed attribute


def _null_unknowns(value, unknown):
    """A value with the leaves the plan marks unknown set to null (partial unknowns inside a
    collection or object)."""
    if unknown is True:
        return None
    if isinstance(value, list) and isinstance(unknown, list):
        return [_null_unknowns(v, unknown[i] if i < len(unknown) else False) for i, v in enumerate(value)]
    if isinstance(value, dict) and isinstance(unknown, dict):
        return {k: _null_unknowns(v, unknown.get(k)) for k, v in value.items()}
    return value


def cty_type(value):
    """The type Terraform infers for a JSON value, in the JSON form the state file uses."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return ["tuple", [cty_type(v) for v in value]]
    if isinstance(value, dict):
        return ["object", {k: cty_type(v) for k, v in value.items()}]
    return "dynamic"


def fill_block(after, after_unknown, block: dict, address: str, region: str, account: str,
               keep: set[str] | None = None):
    """The resource's values, following the provider schema's block (attributes, nested
    attributes and nested blocks): known values as planned; an unknown top-level attribute that
    is `id` or named in `keep` gets a placeholder of its type; every other unknown value is
    null. Nested levels are called with keep=None."""
    if after is None:
        return None
    unknown = after_unknown if isinstance(after_unknown, dict) else {}
    out = {}
    for name, attr in block.get("attributes", {}).items():
        value, u = after.get(name), unknown.get(name)
        type_json = attr.get("type", "dynamic")
        if u is True:
            wanted = keep is not None and (name == "id" or name in keep) and "nested_type" not in attr
            value = placeholder(type_json, name, address, region, account) if wanted else None
        elif "nested_type" in attr and value is not None:
            nested, mode = _nested_as_block(attr["nested_type"]), attr["nested_type"].get("nesting_mode", "single")
            if mode == "single":
                value = fill_block(value, u, nested, address, region, account)
            elif mode in ("list", "set"):
                us = u if isinstance(u, list) else []
                value = [fill_block(v, us[i] if i < len(us) else {}, nested, address, region, account)
                         for i, v in enumerate(value)]
            elif mode == "map":
                us = u if isinstance(u, dict) else {}
                value = {k: fill_block(v, us.get(k), nested, address, region, account) for k, v in value.items()}
        else:
            value = _null_unknowns(value, u)
        if type_json == "dynamic" and "nested_type" not in attr and value is not None:
            # the state stores a dynamically typed value with its type
            value = {"value": value, "type": cty_type(value)}
        out[name] = value
    for name, bt in block.get("block_types", {}).items():
        value, u = after.get(name), unknown.get(name)
        mode, inner = bt.get("nesting_mode", "list"), bt.get("block", {})
        if mode in ("single", "group"):
            out[name] = fill_block(value, u, inner, address, region, account)
        elif mode in ("list", "set"):
            items = value if isinstance(value, list) else []
            us = u if isinstance(u, list) else []
            out[name] = [fill_block(v, us[i] if i < len(us) else {}, inner, address, region, account)
                         for i, v in enumerate(items)]
        elif mode == "map":
            items = value if isinstance(value, dict) else {}
            us = u if isinstance(u, dict) else {}
            out[name] = {k: fill_block(v, us.get(k), inner, address, region, account) for k, v in items.items()}
    return out


def _nested_as_block(nested: dict) -> dict:
    return {"attributes": nested.get("attributes", {}), "block_types": {}}


def resource_schema(schemas: dict, provider_name: str, rtype: str) -> dict:
    """The resource type's schema ({version, block}) from `providers schema -json`."""
    try:
        return schemas["provider_schemas"][provider_name]["resource_schemas"][rtype]
    except KeyError:
        raise CheckError(f"no schema for {rtype} from {provider_name} in `providers schema -json`") from None


def _provider_ref(plan: dict, rc: dict) -> str:
    key = "provider"
    for res in plan.get("configuration", {}).get("root_module", {}).get("resources", []):
        if res.get("address") == _base_address(rc["address"]):
            key = res.get("provider_config_key", "")
    alias = key.split(".", 1)[1] if "." in key else None
    ref = f'provider["{rc["provider_name"]}"]'
    return f"{ref}.{alias}" if alias else ref


def write_entries(state: dict, plan: dict, entries: list[tuple[dict, dict]], schemas: dict) -> list[str]:
    """Adds an instance for each (resource change, attributes) to the state document (version 4)
    and bumps its serial; returns the addresses written."""
    if state.get("version") != 4:
        raise CheckError(f"state version {state.get('version')!r} is not supported (expected 4)")
    resources = state.setdefault("resources", [])
    written = []
    for rc, values in entries:
        schema = resource_schema(schemas, rc["provider_name"], rc["type"])
        entry = next((r for r in resources if r.get("mode") == "managed" and r.get("type") == rc["type"]
                      and r.get("name") == rc["name"] and "module" not in r), None)
        if entry is None:
            entry = {"mode": "managed", "type": rc["type"], "name": rc["name"],
                     "provider": _provider_ref(plan, rc), "instances": []}
            resources.append(entry)
        instance = {"schema_version": schema.get("version", 0), "attributes": values, "sensitive_attributes": []}
        if "index" in rc:
            instance["index_key"] = rc["index"]
        entry["instances"] = [i for i in entry["instances"] if i.get("index_key") != instance.get("index_key")]
        entry["instances"].append(instance)
        written.append(rc["address"])
    state["serial"] = int(state.get("serial", 0)) + 1
    return written


def drop_tainted(state: dict) -> list[str]:
    """Removes instances a failed create left tainted (partly created on the emulator); the
    writer then writes them whole. Returns their addresses."""
    dropped = []
    for res in state.get("resources", []):
        keep = []
        for inst in res.get("instances", []):
            if inst.get("status") == "tainted":
                key = inst.get("index_key")
                dropped.append(f"{res['type']}.{res['name']}" + ("" if key is None else f"[{json.dumps(key)}]"))
            else:
                keep.append(inst)
        res["instances"] = keep
    state["resources"] = [r for r in state.get("resources", []) if r.get("instances")]
    if dropped:
        state["serial"] = int(state.get("serial", 0)) + 1
    return dropped


def managed_addresses(state: dict) -> list[str]:
    """Addresses of the managed resource instances in a state document."""
    out = []
    for res in state.get("resources", []):
        if res.get("mode") != "managed":
            continue
        for inst in res.get("instances", []):
            key = inst.get("index_key")
            out.append(f"{res['type']}.{res['name']}" + ("" if key is None else f"[{json.dumps(key)}]"))
    return sorted(out)


def state_facts(state: dict, plan: dict) -> tuple[str, str]:
    """(region, account) for placeholder ARNs: the provider's region argument and the account
    the emulator reported (data.aws_caller_identity), with moto's defaults otherwise."""
    region = (plan.get("configuration", {}).get("provider_config", {}).get("aws", {}).get("expressions", {})
              .get("region", {}).get("constant_value")) or "us-east-1"
    account = "123456789012"
    for res in state.get("resources", []):
        if res.get("mode") == "data" and res.get("type") == "aws_caller_identity":
            for inst in res.get("instances", []):
                account = inst.get("attributes", {}).get("account_id") or account
    return region, account
