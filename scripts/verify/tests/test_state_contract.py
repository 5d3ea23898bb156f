import copy
import fnmatch
import json
import os

import pytest

import state_contract as sc
from plans import CheckError, load_json

BASE_CASE = {"name": "c1", "stack": "log-platform-dev", "before": {"recorded": "baselines/x/s.tf.json"}}


def case(**changes):
    c = copy.deepcopy(BASE_CASE)
    for k, v in changes.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


def test_a_minimal_case_gets_the_defaults():
    (c,) = sc.parse_cases({"cases": [case()]}, "cases.json")
    assert c.protect == ("*",) and c.expect == "pass"
    assert c.after == sc.Source(config="config/platform.json")
    assert c.before.describe() == "recorded baselines/x/s.tf.json"


@pytest.mark.parametrize("changes, message", [
    ({"name": None}, r"cases\[0\]\.name: required"),
    ({"name": "Has Spaces"}, r"cases\[0\]\.name: required, lowercase"),
    ({"name": "x" * 64}, r"1-63 characters"),
    ({"stack": ""}, r"case 'c1'\.stack: required"),
    ({"stack": None}, r"case 'c1'\.stack: required"),
    ({"before": None}, r"case 'c1'\.before: must be an object"),
    ({"before": {}}, r"before: exactly one of \"recorded\""),
    ({"before": {"recorded": "a", "config": "b"}}, r"before: exactly one of"),
    ({"before": {"recorded": "../../etc/passwd"}}, r"before\.recorded: must be a relative path inside the repository"),
    ({"before": {"recorded": "/etc/passwd"}}, r"before\.recorded: must be a relative path"),
    ({"before": {"recorded": 3}}, r"before\.recorded: must be a relative path"),
    ({"before": {"recorded": "a", "patch": {}}}, r"before\.patch: only applies to a \"config\" source"),
    ({"after": {"config": "config/platform.json", "patch": [1]}}, r"after\.patch: must be a JSON object"),
    ({"after": {"config": "c", "typo": 1}}, r"after: unknown field\(s\) typo"),
    ({"protect": []}, r"protect: must be a non-empty list"),
    ({"protect": "aws_s3tables_table.*"}, r"protect: must be a non-empty list"),
    ({"protect": ["ok", ""]}, r"protect: must be a non-empty list"),
    ({"expect": "fail"}, r"expect: must be \"pass\" or \"violation\""),
    ({"description": 5}, r"description: must be a string"),
    ({"extra": True}, r"unknown field\(s\) extra"),
    ({"after": {"recorded": "a", "withoutMoves": ["aws_s3tables_table.t"]}},
     r"after\.withoutMoves: only applies to a \"config\" source"),
    ({"after": {"config": "c", "withoutMoves": "aws_s3tables_table.t"}}, r"after\.withoutMoves: must be a non-empty list"),
    ({"after": {"config": "c", "withoutMoves": []}}, r"after\.withoutMoves: must be a non-empty list"),
    ({"after": {"config": "c", "withoutMoves": ["no-dot"]}}, r"after\.withoutMoves: must be a non-empty list .*'no-dot'"),
    ({"after": {"config": "c", "withoutMoves": ["a.b\nmoved"]}}, r"after\.withoutMoves: must be a non-empty list"),
    ({"before": {"config": "c", "withoutMoves": ["aws_s3tables_table.t"]}},
     r"before\.withoutMoves: only applies to `after`"),
    ({"after": {"recorded": "a", "withoutRemovals": ["aws_api_gateway_integration.mcp_post"]}},
     r"after\.withoutRemovals: only applies to a \"config\" source"),
    ({"after": {"config": "c", "withoutRemovals": []}}, r"after\.withoutRemovals: must be a non-empty list .*removed blocks"),
    ({"after": {"config": "c", "withoutRemovals": ["a.b\"}\nremoved"]}}, r"after\.withoutRemovals: must be a non-empty list"),
    ({"before": {"config": "c", "withoutRemovals": ["aws_api_gateway_integration.mcp_post"]}},
     r"before\.withoutRemovals: only applies to `after`"),
    ({"replaceByDesign": "aws_api_gateway_deployment.*"}, r"replaceByDesign: must be a list of address globs"),
    ({"replaceByDesign": ["*"]}, r"replaceByDesign: must be a list of address globs"),
    ({"stateRm": "aws_api_gateway_integration.mcp_post"}, r"stateRm: must be a list of resource addresses"),
    ({"stateRm": ["aws_api_gateway_integration.*"]}, r"stateRm: must be a list of resource addresses"),
    ({"stateRm": ["a.b; rm -rf /"]}, r"stateRm: must be a list of resource addresses"),
    ({"stateRm": ["-state=other.tfstate"]}, r"stateRm: must be a list of resource addresses"),
    ({"addressMap": ""}, r"addressMap: must be a configuration name"),
    ({"addressMap": ["checked-in"]}, r"addressMap: must be a configuration name"),
])
def test_a_bad_case_is_refused_naming_the_field(changes, message):
    with pytest.raises(CheckError, match=message):
        sc.parse_cases({"cases": [case(**changes)]}, "cases.json")


def test_state_rm_is_read_as_addresses_in_order():
    c = sc.parse_cases({"cases": [case(stateRm=["aws_api_gateway_integration.mcp_post", "aws_api_gateway_integration.mcp_get"])]})[0]
    assert c.state_rm == ("aws_api_gateway_integration.mcp_post", "aws_api_gateway_integration.mcp_get")
    assert sc.parse_cases({"cases": [case()]})[0].state_rm == ()


def test_only_the_proxy_era_readable_upgrade_needs_a_state_rm():
    """A state rm is an operator step, so only the case whose upgrade notes prescribe one has it."""
    cases = sc.parse_cases(load_json(sc.CASES_FILE, "cases"))
    assert {c.name: c.state_rm for c in cases if c.state_rm} == {
        "mcp-server-from-6e57aa7": tuple(f"aws_api_gateway_integration.mcp_{m}" for m in ("delete", "get", "post"))}


def test_duplicate_case_names_and_bad_documents_are_refused():
    with pytest.raises(CheckError, match=r"cases\[1\]\.name: 'c1' is used twice"):
        sc.parse_cases({"cases": [case(), case()]}, "cases.json")
    with pytest.raises(CheckError, match=r"expected an object with a \"cases\" list"):
        sc.parse_cases({"cases": {}}, "cases.json")
    with pytest.raises(CheckError, match=r"cases\[0\]: must be an object"):
        sc.parse_cases({"cases": ["c1"]}, "cases.json")


def test_the_committed_cases_parse_and_their_baselines_exist(repo_root):
    cases = sc.parse_cases(load_json(sc.CASES_FILE, "cases"))
    assert {c.stack for c in cases} == {"log-platform-dev", "mcp-server-dev"}
    for c in cases:
        for src in (c.before, c.after):
            path = os.path.join(sc.CONTRACT_DIR, src.recorded) if src.recorded else str(repo_root / src.config)
            assert os.path.isfile(path), path
    assert any(c.expect == "violation" for c in cases), "keep a self-test that proves the check can fail"


def test_the_committed_cases_prove_the_address_map_of_both_apps_and_a_lost_move_of_each(repo_root):
    """Both apps are upgraded from a recorded release under the address map, and for both a
    self-test takes one move out; the recorded release is the one the map describes."""
    cases = sc.parse_cases(load_json(sc.CASES_FILE, "cases"))
    mapped = [c for c in cases if c.address_map and c.before.recorded and c.expect == "pass" and c.protect == ("*",)]
    assert {c.app for c in mapped} == {"log-platform", "mcp-server"}
    for c in mapped:
        hashed, contract = sc.address_map_lists(str(repo_root), c.app, c.address_map)
        recorded = sc.declared_addresses(load_json(os.path.join(sc.CONTRACT_DIR, c.before.recorded), "baseline"))
        assert recorded == set(hashed), f"{c.name}: the recorded baseline is not the release the address map describes"
        assert not set(hashed) & set(contract), "every hashed address is renamed, so every one needs a move"
    lost = [c for c in cases if c.after.without_moves]
    assert {c.app for c in lost if c.expect == "violation"} == {"log-platform", "mcp-server"}
    for c in lost:
        hashed, _ = sc.address_map_lists(str(repo_root), c.app, "checked-in")
        assert set(c.after.without_moves) <= set(hashed)
        assert all(any(fnmatch.fnmatchcase(m, g) for g in c.protect) for m in c.after.without_moves)


def test_the_readable_release_kept_every_address_but_the_forgotten_proxy_integrations(repo_root):
    """Since stable names an address is never renamed: every address the recorded readable release
    (6e57aa7) declared is still one the current code declares (test/state-contract.json), except the
    proxy-era /mcp integrations, which the current code forgets on purpose (removed blocks)."""
    cases = [c for c in sc.parse_cases(load_json(sc.CASES_FILE, "cases")) if c.name.endswith("-from-6e57aa7")]
    assert {c.app for c in cases} == {"log-platform", "mcp-server"}
    for c in cases:
        _, contract = sc.address_map_lists(str(repo_root), c.app, "checked-in")
        recorded = sc.declared_addresses(load_json(os.path.join(sc.CONTRACT_DIR, c.before.recorded), "baseline"))
        gone = recorded - set(contract)
        expected = {f"aws_api_gateway_integration.mcp_{m}" for m in ("post", "get", "delete")} if c.app == "mcp-server" else set()
        assert gone == expected, f"{c.name}: addresses of the readable release the current code no longer declares"


def test_an_address_map_the_fixtures_lack_is_refused_naming_the_file(repo_root):
    with pytest.raises(CheckError, match=r"test/fixtures/hashed-addresses.json: no address list for app "
                                         r"'log-platform' in configuration 'nope' \(addressMap .*checked-in"):
        sc.address_map_lists(str(repo_root), "log-platform", "nope")
    assert sc.Case("c", "mcp-server-prod-eu", sc.Source(recorded="x"), sc.Source(config="c")).app == "mcp-server-prod"


# RFC 7396, Appendix A
@pytest.mark.parametrize("target, patch, result", [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
])
def test_merge_patch_follows_rfc_7396(target, patch, result):
    assert sc.merge_patch(target, patch) == result


def test_merge_patch_does_not_modify_its_input():
    target = {"a": {"b": 1}}
    sc.merge_patch(target, {"a": {"b": 2}})
    assert target == {"a": {"b": 1}}


# ---------------------------------------------------------------- evaluation
def rc(address, actions, previous=None, replace_paths=None, reason=None, mode="managed"):
    out = {"address": address, "mode": mode, "change": {"actions": actions}}
    if previous:
        out["previous_address"] = previous
    if replace_paths:
        out["change"]["replace_paths"] = replace_paths
    if reason:
        out["action_reason"] = reason
    return out


def test_moves_updates_and_creates_are_allowed():
    plan = {"resource_changes": [
        rc("aws_s3tables_table.logs", ["no-op"], previous="aws_s3tables_table.table_43360BC0"),
        rc("aws_iam_role.firehose", ["update"], previous="aws_iam_role.role_1234"),
        rc("aws_cloudwatch_metric_alarm.new", ["create"]),
        rc("aws_s3_bucket.same", ["no-op"]),
        rc("data.aws_region.current", ["read"], mode="data"),
    ]}
    rep = sc.evaluate_contract(plan, ("*",))
    assert rep.moved == ["aws_s3tables_table.table_43360BC0 -> aws_s3tables_table.logs", "aws_iam_role.role_1234 -> aws_iam_role.firehose"]
    assert rep.updated == ["aws_iam_role.firehose"]
    assert rep.created == ["aws_cloudwatch_metric_alarm.new"]
    assert rep.unchanged == 2 and rep.violations == [] and rep.other_destroys == []
    assert sc.case_outcome(sc.Case("c", "s", sc.Source(recorded="x"), sc.Source(config="y")), rep)[0]


def test_destroy_replace_in_either_order_and_forget_are_violations():
    plan = {"resource_changes": [
        rc("aws_s3tables_table.table_43360BC0", ["delete"], reason="delete_because_no_resource_config"),
        rc("aws_s3tables_table.logs", ["create"]),
        rc("aws_s3tables_table_bucket.b", ["delete", "create"], replace_paths=[["name"]], reason="replace_because_cannot_update"),
        rc("aws_cognito_user_pool.this", ["create", "delete"], replace_paths=[["schema"], ["alias_attributes"]]),
        rc("aws_kinesis_firehose_delivery_stream.s", ["forget"]),
    ]}
    rep = sc.evaluate_contract(plan, ("*",))
    assert rep.violations == [
        "aws_s3tables_table.table_43360BC0: destroyed [delete_because_no_resource_config]",
        "aws_s3tables_table_bucket.b: replaced (destroy, then create) because of name [replace_because_cannot_update]",
        "aws_cognito_user_pool.this: replaced (create, then destroy) because of schema, alias_attributes",
        "aws_kinesis_firehose_delivery_stream.s: forgotten (removed from state, left in AWS)",
    ]
    assert rep.created == ["aws_s3tables_table.logs"]
    case = sc.Case("c", "s", sc.Source(recorded="x"), sc.Source(config="y"))
    passed, verdict = sc.case_outcome(case, rep)
    assert not passed and "4 protected resource(s)" in verdict


def test_protect_globs_limit_the_violations_and_match_the_address_before_a_move():
    plan = {"resource_changes": [
        rc("null_resource.grant", ["delete", "create"]),
        rc("aws_s3tables_table.logs", ["delete", "create"], previous="aws_s3tables_table.table_43360BC0"),
    ]}
    rep = sc.evaluate_contract(plan, ("aws_s3tables_table.table_*",))
    assert rep.violations == ["aws_s3tables_table.logs: replaced (destroy, then create)"]
    assert rep.other_destroys == ["null_resource.grant: replaced (destroy, then create)"]
    assert "2 destroyed/replaced" in rep.counts()


def test_a_self_test_case_passes_only_when_the_check_fires():
    case = sc.Case("self", "s", sc.Source(config="a"), sc.Source(config="a", patch={"p": 1}),
                   ("aws_s3tables_table_bucket.*",), "violation")
    caught = sc.evaluate_contract({"resource_changes": [rc("aws_s3tables_table_bucket.b", ["delete", "create"])]},
                                  case.protect)
    assert sc.case_outcome(case, caught)[0]
    missed = sc.evaluate_contract({"resource_changes": [rc("aws_s3tables_table_bucket.b", ["update"])]}, case.protect)
    passed, verdict = sc.case_outcome(case, missed)
    assert not passed and "expected the plan to destroy or replace" in verdict


def test_a_passing_case_fails_when_the_plan_does_not_follow_the_address_map():
    case = sc.Case("up", "s-dev", sc.Source(recorded="x"), sc.Source(config="a"), address_map="checked-in")
    clean = sc.evaluate_contract({"resource_changes": [rc("a.b", ["no-op"], previous="a.b_1")]}, case.protect)
    assert sc.case_outcome(case, clean, []) == (True, "no protected resource is destroyed, replaced or forgotten")
    assert sc.case_outcome(case, clean, ["a.c_2 is not moved"]) == (
        False, "the plan does not follow the address map (1 problem(s))")


# ---------------------------------------------------------------- synthesized stacks
def test_referenced_assets_finds_paths_in_any_string():
    doc = {"resource": {"aws_lambda_function": {"f": {
        "filename": "assets/tools_bundle_1FCC5A66/C38E/bundle.zip",
        "source_code_hash": '${filebase64sha256("assets/tools_bundle_1FCC5A66/C38E/bundle.zip")}'}},
        "aws_s3_object": {"o": {"source": "assets/config_ABC/fluent-bit.conf", "key": "not/assets/x"}}}}
    assert sc.referenced_assets(doc) == ["assets/config_ABC/fluent-bit.conf", "assets/tools_bundle_1FCC5A66/C38E/bundle.zip"]


def test_emulator_provider_blocks_keep_only_what_emulator_mode_adds():
    normal = {"provider": {"aws": [{"region": "eu-west-1", "default_tags": [{"tags": {"a": "b"}}]},
                                   {"alias": "us", "region": "us-east-1"}], "null": [{}]}}
    emulator = {"provider": {"aws": [{"region": "eu-west-1", "default_tags": [{"tags": {"a": "b"}}],
                                      "endpoints": [{"s3": "http://127.0.0.1:1"}], "s3_use_path_style": True},
                                     {"alias": "us", "region": "us-east-1", "skip_credentials_validation": True}],
                             "null": [{}]}}
    assert sc.emulator_provider_blocks(emulator, normal) == {"aws": [
        {"endpoints": [{"s3": "http://127.0.0.1:1"}], "s3_use_path_style": True},
        {"alias": "us", "skip_credentials_validation": True}]}


def test_apply_digest_ignores_only_the_backend():
    a = {"terraform": {"backend": {"local": {"path": "../../x"}}, "required_providers": {}}, "resource": {"r": 1}}
    b = json.loads(json.dumps(a))
    b["terraform"]["backend"]["local"]["path"] = "../y"
    assert sc.apply_digest(a) == sc.apply_digest(b)
    b["resource"]["r"] = 2
    assert sc.apply_digest(a) != sc.apply_digest(b)


def test_config_key_distinguishes_patches():
    assert sc.Source(config="c").config_key() != sc.Source(config="c", patch={"a": 1}).config_key()
    assert sc.Source(config="c", patch={"a": 1, "b": 2}).config_key() == sc.Source(config="c", patch={"b": 2, "a": 1}).config_key()


def test_emulator_apply_settings_go_on_every_aws_provider_block():
    stack = {"provider": {"aws": [{"region": "eu-west-1"}, {"alias": "us", "region": "us-east-1"}], "null": [{}]}}
    blocks = {"aws": [{"endpoints": [{"s3": "u"}]}]}
    settings = {"max_retries": 1}
    assert sc.emulator_apply_blocks(blocks, stack) == {"aws": [
        dict({"endpoints": [{"s3": "u"}]}, **settings), dict({"alias": "us"}, **settings)]}
    assert blocks == {"aws": [{"endpoints": [{"s3": "u"}]}]}  # not modified
    assert sc.emulator_apply_blocks({}, {}) == {"aws": [settings]}


# ---------------------------------------------------------------- the address map
HASHED = ["aws_s3_bucket.b_1A", "aws_s3tables_table.t_2B", "aws_iam_role.r"]
CONTRACT = ["aws_s3_bucket.logs", "aws_s3tables_table.logs", "aws_iam_role.r"]
UPGRADE = {"resource_changes": [rc("aws_s3_bucket.logs", ["no-op"], previous="aws_s3_bucket.b_1A"),
                                rc("aws_s3tables_table.logs", ["update"], previous="aws_s3tables_table.t_2B"),
                                rc("aws_iam_role.r", ["no-op"])]}


def test_an_upgrade_that_moves_every_hashed_address_follows_the_map():
    assert sc.check_address_map(set(HASHED), set(CONTRACT), UPGRADE, HASHED, CONTRACT) == []


def test_a_lost_move_is_named_with_what_to_add():
    plan = {"resource_changes": [UPGRADE["resource_changes"][0], rc("aws_s3tables_table.t_2B", ["delete"]),
                                 rc("aws_s3tables_table.logs", ["create"]), UPGRADE["resource_changes"][2]]}
    assert sc.check_address_map(set(HASHED), set(CONTRACT), plan, HASHED, CONTRACT) == [
        "aws_s3tables_table.t_2B is not moved to a declared address (no moved block reaches it: "
        "add previous -> new to src/addresses.ts of the app)"]
    # a move that is then replaced follows the map; the replacement is the contract's violation
    replaced = {"resource_changes": [UPGRADE["resource_changes"][0], UPGRADE["resource_changes"][2],
                                     rc("aws_s3tables_table.logs", ["delete", "create"], previous="aws_s3tables_table.t_2B")]}
    assert sc.check_address_map(set(HASHED), set(CONTRACT), replaced, HASHED, CONTRACT) == []
    assert sc.evaluate_contract(replaced, ("*",)).violations == ["aws_s3tables_table.logs: replaced (destroy, then create)"]


def test_stacks_that_differ_from_the_map_are_named_on_both_sides():
    problems = sc.check_address_map({"aws_s3_bucket.b_1A", "aws_iam_role.r", "aws_sqs_queue.q_9"},
                                    {"aws_s3_bucket.logs", "aws_s3tables_table.logs", "aws_iam_role.r", "aws_iam_role.x"},
                                    {"resource_changes": [rc("aws_s3_bucket.elsewhere", ["no-op"], previous="aws_s3_bucket.b_1A")]},
                                    HASHED, CONTRACT)
    assert problems == [
        "the deployed (before) stack lacks aws_s3tables_table.t_2B, which test/fixtures/hashed-addresses.json lists",
        "the deployed (before) stack has aws_sqs_queue.q_9, which test/fixtures/hashed-addresses.json does not list",
        "the planned (after) code has aws_iam_role.x, which test/state-contract.json does not list",
        "aws_s3_bucket.b_1A moves to aws_s3_bucket.elsewhere, which test/state-contract.json does not list "
        "and no removed block (destroy = false) of the planned stack declares"]


def test_drop_moves_takes_out_exactly_the_named_moves_and_refuses_one_that_is_not_there():
    doc = {"resource": {}, "moved": [{"from": "a.x_1", "to": "a.x"}, {"from": "b.y_2", "to": "b.y"}]}
    assert sc.drop_moves(doc, ("a.x_1",)) == {"resource": {}, "moved": [{"from": "b.y_2", "to": "b.y"}]}
    assert sc.drop_moves(doc, ("a.x_1", "b.y_2")) == {"resource": {}}
    assert len(doc["moved"]) == 2  # the input is left alone
    with pytest.raises(CheckError, match=r"withoutMoves: the synthesized stack has no moved block from c\.z_3"):
        sc.drop_moves(doc, ("a.x_1", "c.z_3"))
    with pytest.raises(CheckError, match=r"no moved block from a\.x_1"):
        sc.drop_moves({"resource": {}}, ("a.x_1",))


def test_declared_addresses_are_the_managed_resources_only():
    assert sc.declared_addresses({"data": {"aws_region": {"r": {}}}, "resource": {
        "aws_s3_bucket": {"a": {}, "b": {}}, "null_resource": {"n": {}}}}) == {"aws_s3_bucket.a", "aws_s3_bucket.b",
                                                                          "null_resource.n"}
    assert sc.declared_addresses({}) == set()


# ---------------------------------------------------------------- removed blocks (forgotten, not destroyed)
def test_removed_addresses_are_the_removed_blocks_that_do_not_destroy():
    doc = {"removed": [{"from": "a.keep", "lifecycle": {"destroy": False}},
                       {"from": "a.destroys", "lifecycle": {"destroy": True}},
                       {"from": "a.default"},
                       {"from": "a.string", "lifecycle": {"destroy": "false"}},
                       "junk", {"from": 3, "lifecycle": {"destroy": False}}]}
    assert sc.removed_addresses(doc) == frozenset({"a.keep"})
    assert sc.removed_addresses({}) == frozenset()


def test_a_forget_is_allowed_only_for_an_address_the_planned_stack_declares_removed():
    plan = {"resource_changes": [
        rc("aws_api_gateway_integration.mcp_post", ["forget"], previous="aws_api_gateway_integration.rest_integration-post-mcp_3F"),
        rc("aws_api_gateway_integration.mcp_post_template", ["create"]),
        rc("aws_api_gateway_integration.mcp_get", ["forget"]),
        rc("aws_api_gateway_integration.mcp_delete", ["delete"]),
        rc("aws_api_gateway_integration.mcp_options", ["create", "forget"]),
    ]}
    forgettable = frozenset({"aws_api_gateway_integration.mcp_post", "aws_api_gateway_integration.mcp_delete",
                             "aws_api_gateway_integration.mcp_options"})
    rep = sc.evaluate_contract(plan, ("*",), forgettable)
    assert rep.forgotten == ["aws_api_gateway_integration.mcp_post (moved from aws_api_gateway_integration.rest_integration-post-mcp_3F)"]
    assert rep.violations == [
        "aws_api_gateway_integration.mcp_get: forgotten (removed from state, left in AWS)",
        "aws_api_gateway_integration.mcp_delete: destroyed",
        "aws_api_gateway_integration.mcp_options: replaced (create, then forget)",
    ]
    assert "1 forgotten (removed blocks, left in AWS)" in rep.counts()
    # without the declaration the same forget is a violation
    assert sc.evaluate_contract(plan, ("*",)).forgotten == []
    assert len(sc.evaluate_contract(plan, ("*",)).violations) == 4


def test_the_address_map_accepts_a_move_to_a_forgotten_address_only_when_declared():
    plan = {"resource_changes": UPGRADE["resource_changes"][:2] + [
        rc("aws_iam_role.r_old", ["forget"], previous="aws_iam_role.r")]}
    contract = ["aws_s3_bucket.logs", "aws_s3tables_table.logs", "aws_iam_role.r_new"]
    assert sc.check_address_map(set(HASHED), set(contract), plan, HASHED, contract,
                                frozenset({"aws_iam_role.r_old"})) == []
    assert sc.check_address_map(set(HASHED), set(contract), plan, HASHED, contract) == [
        "aws_iam_role.r moves to aws_iam_role.r_old, which test/state-contract.json does not list "
        "and no removed block (destroy = false) of the planned stack declares"]


def test_drop_blocks_takes_out_removed_blocks_and_refuses_one_that_is_not_there():
    doc = {"resource": {}, "removed": [{"from": "a.x", "lifecycle": {"destroy": False}}]}
    assert sc.drop_blocks(doc, "removed", ("a.x",)) == {"resource": {}}
    assert len(doc["removed"]) == 1
    with pytest.raises(CheckError, match=r"withoutRemovals: the synthesized stack has no removed block from a\.y"):
        sc.drop_blocks(doc, "removed", ("a.y",))


def test_the_committed_cases_prove_that_dropping_the_removed_blocks_is_caught():
    """The mcp-server upgrade forgets the proxy-era /mcp integrations; without those removed
    blocks the plan destroys them (deleting the new integrations' settings), which a self-test
    must see."""
    cases = sc.parse_cases(load_json(sc.CASES_FILE, "cases"))
    dropped = [c for c in cases if c.after.without_removals]
    assert [c.app for c in dropped] == ["mcp-server"]
    (c,) = dropped
    assert c.expect == "violation" and c.before.recorded
    assert set(c.after.without_removals) == {f"aws_api_gateway_integration.mcp_{m}" for m in ("post", "get", "delete")}
    assert all(any(fnmatch.fnmatchcase(a, g) for g in c.protect) for a in c.after.without_removals)


def test_replace_by_design_admits_only_a_create_then_destroy_of_a_listed_address():
    globs = ("aws_api_gateway_deployment.*", "aws_athena_named_query.*")
    plan = {"resource_changes": [
        rc("aws_api_gateway_deployment.this", ["create", "delete"], previous="aws_api_gateway_deployment.d_7A",
           replace_paths=[["triggers"]]),
        rc("aws_athena_named_query.request_trace", ["create", "delete"], replace_paths=[["query"], ["description"]]),
        rc("aws_api_gateway_deployment.destroy_first", ["delete", "create"], replace_paths=[["triggers"]]),
        rc("aws_athena_named_query.destroy_first", ["delete", "create"], replace_paths=[["query"]]),
        rc("aws_api_gateway_deployment.gone", ["delete"]),
        rc("aws_api_gateway_stage.this", ["create", "delete"], replace_paths=[["triggers"]]),
    ]}
    rep = sc.evaluate_contract(plan, ("*",), frozenset(), globs)
    assert rep.redeployed == [
        "aws_api_gateway_deployment.this: replaced (create, then destroy) because of triggers",
        "aws_athena_named_query.request_trace: replaced (create, then destroy) because of query, description",
    ]
    assert [v.split(":")[0] for v in rep.violations] == [
        "aws_api_gateway_deployment.destroy_first", "aws_athena_named_query.destroy_first",
        "aws_api_gateway_deployment.gone", "aws_api_gateway_stage.this"]
    assert "2 replaced by design" in rep.counts()
    # without the case field the same plan has six violations
    assert len(sc.evaluate_contract(plan, ("*",)).violations) == 6


def test_prevent_destroy_refusals_are_read_from_the_plan_log():
    log = ("Error: Instance cannot be destroyed\n\n  on cdk.tf.json line 412:\n 412: ...\n\n"
           "Resource aws_s3tables_table.logs has lifecycle.prevent_destroy set, but the plan calls for this\n"
           "resource to be destroyed.\nResource aws_s3tables_table.logs has lifecycle.prevent_destroy set\n")
    assert sc.prevent_destroy_refusals(log) == ["aws_s3tables_table.logs"]
    assert sc.prevent_destroy_refusals("Error: Invalid reference") == []


def test_only_the_upgrades_admit_a_replacement_by_design_of_dataless_resources():
    cases = sc.parse_cases(load_json(sc.CASES_FILE, "cases"))
    assert {c.name: c.replace_by_design for c in cases if c.replace_by_design} == {
        "mcp-server-from-a2da576": ("aws_api_gateway_deployment.*",),
        "log-platform-from-a2da576": ("aws_athena_named_query.*",),
        "mcp-server-from-6e57aa7": ("aws_api_gateway_deployment.*",),
        "log-platform-from-6e57aa7": ("aws_athena_named_query.*",)}
