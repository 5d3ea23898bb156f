import io
import json
import os
import shutil

import pytest

import contract_run
import state_contract as sc
import state_writer as sw
from context import Context, Log, Settings, Tools
from engine import Engine, override_document, write_override
from plans import CheckError, load_json
from proc import Runner

PLAN = {
    "configuration": {"provider_config": {"aws": {"expressions": {"region": {"constant_value": "eu-west-1"}}}},
                      "root_module": {"resources": [
        {"address": "aws_s3tables_table_bucket.b", "mode": "managed", "provider_config_key": "aws", "expressions": {"name": {"constant_value": "x"}}},
        {"address": "aws_s3tables_namespace.n", "mode": "managed", "provider_config_key": "aws",
         "expressions": {"table_bucket_arn": {"references": ["aws_s3tables_table_bucket.b.arn", "aws_s3tables_table_bucket.b"]}}},
        {"address": "aws_s3tables_table.t", "mode": "managed", "provider_config_key": "aws.us",
         "expressions": {"namespace": {"references": ["aws_s3tables_namespace.n.namespace", "aws_s3tables_namespace.n"]},
                         "metadata": [{"iceberg": [{"schema": [{"field": [{"name": {"references": ["var.x", "local.y", "data.aws_region.r.name"]}}]}]}]}]}},
        {"address": "null_resource.grant", "mode": "managed", "provider_config_key": "null", "expressions": {},
         "depends_on": ["aws_s3tables_table.t"]},
        {"address": "aws_iam_role.r", "mode": "managed", "provider_config_key": "aws", "expressions": {}},
    ]}},
    "resource_changes": [
        {"address": a, "mode": "managed", "type": a.split(".")[0], "name": a.split(".")[1],
         "provider_name": "registry.terraform.io/hashicorp/aws", "change": {"actions": acts}}
        for a, acts in (("aws_s3tables_table_bucket.b", ["create"]), ("aws_s3tables_namespace.n", ["create"]),
                        ("aws_s3tables_table.t", ["create"]), ("null_resource.grant", ["create"]),
                        ("aws_iam_role.r", ["no-op"]))],
}


def test_dependencies_come_from_references_and_depends_on():
    deps = sw.resource_dependencies(PLAN)
    assert deps["aws_s3tables_namespace.n"] == {"aws_s3tables_table_bucket.b"}
    assert deps["aws_s3tables_table.t"] == {"aws_s3tables_namespace.n"}  # var/local/data are not resources
    assert deps["null_resource.grant"] == {"aws_s3tables_table.t"}
    assert deps["aws_s3tables_table_bucket.b"] == set()


SIMPLE_SCHEMAS = {"provider_schemas": {"registry.terraform.io/hashicorp/aws": {"resource_schemas": {
    t: {"version": 0, "block": {"attributes": {a: {"type": "string"} for a in ("id", "arn", "name", "namespace",
                                                                            "table_bucket_arn", "policy")}}}
    for t in ("aws_s3tables_table_bucket", "aws_s3tables_namespace", "aws_s3tables_table", "null_resource", "aws_iam_role")}}}}
STACK_JSON = {"resource": {
    "aws_s3tables_table_bucket": {"b": {"name": "x"}},
    "aws_s3tables_namespace": {"n": {"table_bucket_arn": "${aws_s3tables_table_bucket.b.arn}"}},
    "aws_s3tables_table": {"t": {"namespace": "${aws_s3tables_namespace.n.namespace}"}},
    "null_resource": {"grant": {"depends_on": ["aws_s3tables_table.t"]}}}}


def with_unknowns(plan, unknown_attrs):
    plan = json.loads(json.dumps(plan))
    for rc in plan["resource_changes"]:
        rc["change"].setdefault("after", {})
        rc["change"]["after_unknown"] = {a: True for a in unknown_attrs.get(rc["address"], [])}
    return plan


def test_a_chain_of_direct_references_is_written_in_one_layer_with_the_referenced_values():
    plan = with_unknowns(PLAN, {"aws_s3tables_table_bucket.b": ["arn", "id"],
                                "aws_s3tables_namespace.n": ["table_bucket_arn", "namespace", "id"],
                                "aws_s3tables_table.t": ["namespace", "id"], "null_resource.grant": ["id"]})
    layer, waiting = sw.plan_layer(plan, STACK_JSON, SIMPLE_SCHEMAS, "eu-west-1", "1")
    assert waiting == []
    by = {rc["address"]: v for rc, v in layer}
    assert list(by) == ["aws_s3tables_table_bucket.b", "aws_s3tables_namespace.n", "aws_s3tables_table.t", "null_resource.grant"]
    assert by["aws_s3tables_namespace.n"]["table_bucket_arn"] == by["aws_s3tables_table_bucket.b"]["arn"]
    assert by["aws_s3tables_table_bucket.b"]["arn"].startswith("arn:aws:s3tables:eu-west-1:1:verify-placeholder/")
    assert by["aws_s3tables_table.t"]["namespace"] == by["aws_s3tables_namespace.n"]["namespace"] is not None


def test_any_other_expression_over_a_resource_of_the_layer_waits_for_the_next_plan():
    stack = json.loads(json.dumps(STACK_JSON))
    stack["resource"]["aws_s3tables_namespace"]["n"]["table_bucket_arn"] = "${aws_s3tables_table_bucket.b.arn}/sub"
    plan = with_unknowns(PLAN, {"aws_s3tables_table_bucket.b": ["arn"], "aws_s3tables_namespace.n": ["table_bucket_arn"]})
    layer, waiting = sw.plan_layer(plan, stack, SIMPLE_SCHEMAS, "eu-west-1", "1")
    assert [rc["address"] for rc, _ in layer] == ["aws_s3tables_table_bucket.b"]
    assert waiting == ["aws_s3tables_namespace.n", "aws_s3tables_table.t", "null_resource.grant"]


def test_resources_in_modules_are_refused():
    plan = {"resource_changes": [{"address": "module.m.aws_s3_bucket.b", "module_address": "module.m", "mode": "managed",
                                  "change": {"actions": ["create"]}}]}
    with pytest.raises(CheckError, match="modules are not supported"):
        sw.plan_layer(plan, {}, {}, "r", "a")


def test_placeholders_have_the_attribute_type_and_are_stable():
    arn = sw.placeholder("string", "arn", "aws_s3tables_table_bucket.b", "eu-west-1", "123456789012")
    assert arn.startswith("arn:aws:s3tables:eu-west-1:123456789012:verify-placeholder/aws_s3tables_table_bucket.b/")
    assert arn == sw.placeholder("string", "arn", "aws_s3tables_table_bucket.b", "eu-west-1", "123456789012")
    assert sw.placeholder("string", "table_bucket_arn", "a.b", "r", "1").startswith("arn:aws:")
    assert sw.placeholder("string", "id", "a.b", "r", "1").startswith("verify-placeholder-")
    assert sw.placeholder("number", "n", "a.b", "r", "1") == 0
    assert sw.placeholder("bool", "n", "a.b", "r", "1") is False
    assert sw.placeholder(["map", "string"], "tags_all", "a.b", "r", "1") is None


SCHEMA_BLOCK = {
    "attributes": {
        "name": {"type": "string", "required": True},
        "arn": {"type": "string", "computed": True},
        "tags_all": {"type": ["map", "string"], "computed": True},
        "settings": {"type": ["object", {"days": "number", "owner": "string"}], "optional": True},
        "encryption": {"nested_type": {"nesting_mode": "single", "attributes": {
            "kms_key_arn": {"type": "string"}, "sse_algorithm": {"type": "string"}}}, "optional": True, "computed": True},
    },
    "block_types": {"metadata": {"nesting_mode": "list", "block": {
        "attributes": {"location": {"type": "string", "computed": True}, "field": {"type": "string"}},
        "block_types": {}}}},
}


def test_fill_block_gives_placeholders_only_where_something_refers_to_the_value():
    after = {"name": "logs", "settings": {"days": 3, "owner": None}, "encryption": {"sse_algorithm": "AES256"},
             "metadata": [{"field": "a"}, {"field": "b", "location": "s3://x"}]}
    unknown = {"arn": True, "tags_all": True, "settings": {"owner": True}, "encryption": {"kms_key_arn": True},
               "metadata": [{"location": True}, {}]}
    out = sw.fill_block(after, unknown, SCHEMA_BLOCK, "aws_x_y.r", "eu-west-1", "123", keep={"arn"})
    assert out["name"] == "logs" and out["tags_all"] is None
    assert out["arn"].startswith("arn:aws:x:eu-west-1:123:verify-placeholder/aws_x_y.r/")
    assert out["settings"] == {"days": 3, "owner": None}  # a partial unknown inside a known object is null
    assert out["encryption"] == {"sse_algorithm": "AES256", "kms_key_arn": None}
    assert out["metadata"] == [{"location": None, "field": "a"}, {"location": "s3://x", "field": "b"}]
    assert sw.fill_block(after, unknown, SCHEMA_BLOCK, "aws_x_y.r", "eu-west-1", "123", keep=set())["arn"] is None


def test_referenced_attributes_come_from_resources_and_outputs():
    plan = {"configuration": {"root_module": {
        "resources": PLAN["configuration"]["root_module"]["resources"],
        "outputs": {"o": {"expression": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}}}}}}
    refs = sw.referenced_attributes(plan)
    assert refs["aws_s3tables_table_bucket.b"] == {"arn"}
    assert refs["aws_s3tables_namespace.n"] == {"namespace"}
    assert refs["aws_iam_role.r"] == {"arn"}
    assert "data.aws_region" not in refs and "var.x" not in refs


def test_write_entries_adds_instances_with_schema_version_and_provider():
    state = {"version": 4, "serial": 3, "lineage": "l", "resources": []}
    rc = dict(PLAN["resource_changes"][2], index="k")
    schemas = {"provider_schemas": {"registry.terraform.io/hashicorp/aws": {"resource_schemas": {
        "aws_s3tables_table": {"version": 2, "block": {"attributes": {"name": {"type": "string"}}}}}}}}
    assert sw.write_entries(state, PLAN, [(rc, {"name": "t"})], schemas) == ["aws_s3tables_table.t"]
    assert state["serial"] == 4
    (res,) = state["resources"]
    assert res["provider"] == 'provider["registry.terraform.io/hashicorp/aws"].us'
    (inst,) = res["instances"]
    assert inst == {"schema_version": 2, "index_key": "k", "attributes": {"name": "t"}, "sensitive_attributes": []}
    with pytest.raises(CheckError, match="no schema for aws_s3tables_table"):
        sw.write_entries(state, PLAN, [(rc, {})], {"provider_schemas": {}})
    with pytest.raises(CheckError, match="state version 3 is not supported"):
        sw.write_entries({"version": 3}, PLAN, [(rc, {})], schemas)


def test_drop_tainted_and_facts():
    state = {"version": 4, "serial": 1, "resources": [
        {"mode": "managed", "type": "null_resource", "name": "g", "instances": [{"status": "tainted", "attributes": {}}]},
        {"mode": "managed", "type": "aws_s3_bucket", "name": "b", "instances": [{"attributes": {}}, {"index_key": 1, "attributes": {}}]},
        {"mode": "data", "type": "aws_caller_identity", "name": "me", "instances": [{"attributes": {"account_id": "000000000042"}}]}]}
    assert sw.drop_tainted(state) == ["null_resource.g"]
    assert state["serial"] == 2 and len(state["resources"]) == 2
    assert sw.managed_addresses(state) == ["aws_s3_bucket.b", "aws_s3_bucket.b[1]"]
    assert sw.state_facts(state, PLAN) == ("eu-west-1", "000000000042")


# ---------------------------------------------------------------- with the real engine
def engine_binary() -> str:
    found = shutil.which("tofu") or shutil.which("terraform")
    if not found:
        pytest.fail("no tofu/terraform on PATH: run bash scripts/toolchain/bootstrap.sh (or install Terraform)")
    return found


def stack(after_variant: str) -> dict:
    """terraform_data resources (built into the engine, nothing to download): a bucket, a table
    that references it and whose create fails on the emulator's stand-in (local-exec exit 1),
    and a grant after the table, so that the apply leaves one applied, one tainted, one missing."""
    table = {"input": "${terraform_data.bucket.id}", "triggers_replace": ["schema-v1"]}
    bucket_name = "bucket"
    doc = {"resource": {"terraform_data": {}}}
    if after_variant == "before":
        table["provisioner"] = [{"local-exec": {"command": "echo emulator cannot create this >&2; exit 1"}}]
    if after_variant == "renamed":
        bucket_name = "logs_bucket"
        doc["moved"] = [{"from": "terraform_data.bucket", "to": "terraform_data.logs_bucket"}]
        table["input"] = "${terraform_data.logs_bucket.id}"
    if after_variant == "schema-change":
        table["triggers_replace"] = ["schema-v2"]
    doc["resource"]["terraform_data"] = {bucket_name: {"input": "bucket-name"}, "table": table,
                                         "grant": {"input": {"table": "${terraform_data.table.id}"},
                                                   "depends_on": ["terraform_data.table"]}}
    return doc


def test_a_partly_applied_state_is_completed_and_planned_like_an_applied_one(tmp_path):
    rc = tmp_path / "tofurc"
    rc.write_text("disable_checkpoint = true\n")
    runner = Runner({"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    ctx = Context(Settings.from_env({}, root=str(tmp_path)), Log(io.StringIO()), runner,
                  Tools(Engine(runner, engine_binary(), "mirror", str(rc)), "", ""))
    work, state, log = tmp_path / "work", tmp_path / "before.tfstate", tmp_path / "engine.log"
    work.mkdir()
    log.write_text("")
    (work / "cdk.tf.json").write_text(json.dumps(stack("before")))
    write_override(str(work), override_document(str(state), {}))

    info = contract_run.build_before_state(ctx, "demo", str(work), str(state), str(log), {})
    assert info["applied_on_moto"] == 1  # the bucket
    assert info["tainted_rewritten"] == ["terraform_data.table"]
    assert info["written_from_plan"] == ["terraform_data.table", "terraform_data.grant"]  # two layers
    assert any("emulator cannot create this" in e or "local-exec" in e for e in info["apply_errors"])
    assert info["control"] == {"updated": [], "destroyed": []}
    doc = load_json(str(state), "state")
    grant = next(r for r in doc["resources"] if r.get("name") == "grant")
    table = next(r for r in doc["resources"] if r.get("name") == "table")
    # the grant's input was planned from the table written one layer earlier
    table_id = table["instances"][0]["attributes"]["id"]
    assert table_id.startswith("verify-placeholder-")
    assert grant["instances"][0]["attributes"]["input"] == {"value": {"table": table_id}, "type": ["object", {"table": "string"}]}

    def plan(variant, doc=None):
        (work / "cdk.tf.json").write_text(json.dumps(doc or stack(variant)))
        for args, out in ((["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=p"], None),
                          (["show", "-json", "p"], str(tmp_path / f"{variant}.json"))):
            assert ctx.tools.engine.run("plan", args, cwd=str(work), log_path=str(log), stdout_path=out).ok, log.read_text()
        return load_json(str(tmp_path / f"{variant}.json"), "plan")

    before_addrs = sc.declared_addresses(stack("before"))
    address_map = (["terraform_data.bucket", "terraform_data.grant", "terraform_data.table"],
                   ["terraform_data.grant", "terraform_data.logs_bucket", "terraform_data.table"])
    renamed = plan("renamed")
    moved = sc.evaluate_contract(renamed, ("*",))
    assert moved.moved == ["terraform_data.bucket -> terraform_data.logs_bucket"] and not moved.violations
    assert sc.check_address_map(before_addrs, sc.declared_addresses(stack("renamed")), renamed, *address_map) == []
    # the same code with its one moved block lost: the engine destroys the deployed bucket
    # and creates an empty one, and both checks say so
    lost_doc = sc.drop_moves(stack("renamed"), ("terraform_data.bucket",))
    assert "moved" not in lost_doc
    lost = plan("move-lost", lost_doc)
    caught = sc.evaluate_contract(lost, ("terraform_data.bucket", "terraform_data.logs_bucket"))
    assert caught.violations == ["terraform_data.bucket: destroyed [delete_because_no_resource_config]"]
    assert caught.moved == [] and "terraform_data.logs_bucket" in caught.created
    assert sc.check_address_map(before_addrs, sc.declared_addresses(lost_doc), lost, *address_map) == [
        "terraform_data.bucket is not moved to a declared address (no moved block reaches it: "
        "add previous -> new to src/addresses.ts of the app)"]
    changed = sc.evaluate_contract(plan("schema-change"), ("terraform_data.table",))
    assert changed.violations == ["terraform_data.table: replaced (destroy, then create) because of triggers_replace "
                                  "[replace_because_cannot_update]"]
    assert changed.other_destroys == [] and changed.updated == ["terraform_data.grant"]  # its input is the new table id
