import json

import pytest

from plans import (CheckError, Suppression, check_templates, compare_actions, count_actions, error_excerpt,
                   evaluate_checkov, load_json, parse_suppressions, resource_actions, summary_table)


def rc(address, actions, mode="managed", rtype=None, after=None, after_unknown=None):
    return {"address": address, "mode": mode, "type": rtype or address.split(".")[0],
            "change": {"actions": actions, "after": after or {}, "after_unknown": after_unknown or {}}}


PLAN = {"resource_changes": [
    rc("aws_s3_bucket.a", ["create"]),
    rc("aws_iam_role.r", ["update"]),
    rc("aws_s3tables_table.t", ["delete", "create"]),
    rc("aws_lambda_function.f", ["no-op"]),
    rc("data.aws_region.current", ["read"], mode="data"),
]}


def test_resource_actions_leaves_out_data_sources():
    acts = resource_actions(PLAN)
    assert acts == {"aws_s3_bucket.a": ("create",), "aws_iam_role.r": ("update",),
                    "aws_s3tables_table.t": ("delete", "create"), "aws_lambda_function.f": ("no-op",)}


def test_resource_actions_of_an_empty_plan():
    assert resource_actions({}) == {}
    assert resource_actions({"resource_changes": None}) == {}


def test_resource_actions_rejects_a_malformed_plan():
    with pytest.raises(CheckError, match="resource_changes is not a list"):
        resource_actions({"resource_changes": {"a": 1}})


def test_count_actions_counts_a_replacement_as_add_and_destroy():
    c = count_actions(resource_actions(PLAN))
    assert (c.add, c.change, c.destroy) == (2, 1, 1)
    assert str(c) == "2/1/1"


def test_compare_actions_equal_and_different():
    a = resource_actions(PLAN)
    assert compare_actions(a, dict(a), "JSON plan", "HCL plan") == []
    b = dict(a)
    b["aws_s3_bucket.a"] = ("update",)
    del b["aws_iam_role.r"]
    diff = compare_actions(a, b, "JSON plan", "HCL plan")
    assert "only in JSON plan: aws_iam_role.r update" in diff
    assert "only in JSON plan: aws_s3_bucket.a create" in diff
    assert "only in HCL plan:  aws_s3_bucket.a update" in diff
    assert len(diff) == 3


# ---------------------------------------------------------------- templates
TEMPLATES = {b'{"issuer": "$context.domainName"}\n': ["metadata.vtl"],
             b'#set($x = "${literal}")\n%{ not a directive }\n': ["hostile.vtl"]}


def gw(address, rtype, attr, value, unknown=None):
    return rc(address, ["create"], rtype=rtype, after={attr: value}, after_unknown=unknown or {})


def two_templates(integration_request: str, second_type: str, second_response: str) -> dict:
    """A plan with an integration request template and one response template of another type."""
    return {"resource_changes": [
        gw("aws_api_gateway_integration.i", "aws_api_gateway_integration", "request_templates",
           {"application/json": integration_request}),
        gw(f"{second_type}.r", second_type, "response_templates", {"application/json": second_response})]}


def test_templates_equal_byte_for_byte_including_terraform_escapes():
    plan = two_templates('#set($x = "${literal}")\n%{ not a directive }\n', "aws_api_gateway_integration_response",
                         '{"issuer": "$context.domainName"}\n')
    rep = check_templates(plan, TEMPLATES)
    assert rep.ok and rep.checked == 2
    assert rep.unused == []


def test_template_that_lost_its_escape_or_newline_fails():
    plan = two_templates('#set($x = "literal")\n%{ not a directive }\n', "aws_api_gateway_gateway_response",
                         '{"issuer": "$context.domainName"}')
    rep = check_templates(plan, TEMPLATES)
    assert not rep.ok and rep.checked == 2
    assert any('aws_api_gateway_integration.i.request_templates["application/json"]: matches no .vtl file' in e
               for e in rep.errors)
    assert len(rep.errors) == 2


def test_template_unknown_at_plan_time_cannot_pass():
    plan = {"resource_changes": [
        gw("aws_api_gateway_integration.i", "aws_api_gateway_integration", "request_templates", None,
           unknown={"request_templates": True}),
        gw("aws_api_gateway_method_response.m", "aws_api_gateway_method_response", "response_templates",
           {"application/json": None}),
    ]}
    rep = check_templates(plan, TEMPLATES)
    assert len(rep.errors) == 2
    assert all("unknown at plan time" in e for e in rep.errors)


def test_templates_of_other_resource_types_are_ignored():
    plan = {"resource_changes": [rc("aws_s3_object.o", ["create"], after={"request_templates": {"x": "y"}})]}
    rep = check_templates(plan, TEMPLATES)
    assert rep.ok and rep.checked == 0


# ---------------------------------------------------------------- checkov
REPORT = {"summary": {"passed": 10, "skipped": 1},
          "results": {"failed_checks": [
              {"check_id": "CKV_AWS_59", "resource": "aws_api_gateway_method.rest_method-get-well-known-x",
               "check_name": "no auth"},
              {"check_id": "CKV_AWS_18", "resource": "aws_s3_bucket.b", "check_name": "access logging"}]}}


def test_checkov_suppressions_match_check_resource_and_stack_globs():
    supp = parse_suppressions({"suppressions": [
        {"check": "CKV_AWS_59", "stack": "mcp-server-*", "resource": "aws_api_gateway_method.rest_method-get-*",
         "reason": "public discovery documents"}]}, "s.json")
    res = evaluate_checkov(REPORT, supp, "mcp-server-dev")
    assert (res.passed, res.failed, res.skipped) == (10, 1, 2)
    assert res.unsuppressed == ["CKV_AWS_18 aws_s3_bucket.b: access logging"]
    # the same suppression does not cover another stack
    res = evaluate_checkov([REPORT], supp, "log-platform-dev")
    assert res.failed == 2


def test_checkov_report_without_results_is_an_error():
    with pytest.raises(CheckError, match="no result object"):
        evaluate_checkov([], [], "s")


@pytest.mark.parametrize("entry, message", [
    ({"check": "CKV_AWS_1"}, r"suppressions\[0\]\.reason: required"),
    ({"check": "CKV_AWS_1", "reason": "   "}, r"reason: required"),
    ({"reason": "why"}, r"suppressions\[0\]\.check: required"),
    ({"check": ["CKV_AWS_1"], "reason": "why"}, r"check: must be a string"),
    ({"check": "CKV_AWS_1", "reason": "why", "stack": 3}, r"stack: must be a string"),
    ("CKV_AWS_1", r"suppressions\[0\]: must be an object"),
])
def test_suppression_without_reason_or_with_wrong_types_is_refused(entry, message):
    with pytest.raises(CheckError, match=message):
        parse_suppressions({"suppressions": [entry]}, "s.json")


def test_the_committed_suppressions_all_carry_reasons(repo_root):
    path = repo_root / "scripts" / "verify" / "checkov-suppressions.json"
    supp = parse_suppressions(load_json(str(path), "suppressions"), str(path))
    assert len(supp) > 0 and all(isinstance(s, Suppression) and s.reason.strip() for s in supp)


def test_load_json_names_the_file(tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text("{not json")
    with pytest.raises(CheckError, match=r"plan JSON .*plan\.json is not valid JSON"):
        load_json(str(bad), "plan JSON")
    with pytest.raises(CheckError, match="does not exist"):
        load_json(str(tmp_path / "missing.json"), "plan JSON")
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(CheckError, match="not valid JSON"):
        load_json(str(bad), "plan JSON")


# ---------------------------------------------------------------- messages
def test_error_excerpt_picks_the_engine_error_blocks():
    log = "\n".join(["Initializing...", "lots of progress"] * 20 + [
        "╷", "│ Error: creating S3 Bucket (b): AccessDenied", "│", "│   with aws_s3_bucket.b,", "╵", "done"])
    out = error_excerpt(log)
    assert out.startswith("│ Error: creating S3 Bucket (b): AccessDenied")
    assert "with aws_s3_bucket.b" in out and "Initializing" not in out


def test_error_excerpt_without_errors_is_the_log_tail():
    log = "\n".join(f"line {i}" for i in range(40))
    assert error_excerpt(log).splitlines() == [f"line {i}" for i in range(25, 40)]


def test_summary_table_aligns_columns_and_fills_missing_cells():
    out = summary_table([{"stack": "a-long-stack", "plan": "1/0/0"}, {"stack": "b"}],
                        [("stack", "stack"), ("plan", "plan")])
    lines = out.splitlines()
    assert lines[0] == "| stack        | plan  |"
    assert lines[1] == "|--------------|-------|"
    assert lines[3] == "| b            | -     |"
    json.dumps(out)  # plain text
