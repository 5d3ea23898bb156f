#!/usr/bin/env python3
"""Helpers for scripts/verify.sh (standard library only; runs on the system python3).

Subcommands:
  stacks <repo>                                  list "<app> <stack> <json-dir> <hcl-dir>" per synthesized stack
  prepare <src-dir> <dst-dir> <state-file>       copy a stack dir to a scratch dir and add verify_override.tf.json
  plan-actions <plan.json> <out.txt>             write sorted "address action[,action]" lines; print "add change destroy"
  compare <json-actions.txt> <hcl-actions.txt>   fail if the two sets differ
  vtl-check <plan.json> <templates-dir>          every API Gateway template equals a .vtl file byte for byte
  checkov-eval <checkov.json> <suppressions.json> <stack>
                                                 apply the committed suppressions; print "passed failed skipped"
  summary <results.jsonl>                        print the summary table
"""
import fnmatch
import json
import os
import shutil
import sys


def die(msg, code=1):
    print(msg, file=sys.stderr)
    sys.exit(code)


# ---------------------------------------------------------------- stacks
def cmd_stacks(repo):
    apps_dir = os.path.join(repo, "apps")
    only = set(filter(None, os.environ.get("VERIFY_STACKS", "").split(",")))
    for app in sorted(os.listdir(apps_dir)):
        out = os.path.join(apps_dir, app, "cdktf.out")
        manifest = os.path.join(out, "manifest.json")
        if not os.path.isfile(manifest):
            continue
        for name, st in sorted(json.load(open(manifest)).get("stacks", {}).items()):
            if only and name not in only:
                continue
            json_dir = os.path.join(out, st.get("workingDirectory", f"stacks/{name}"))
            hcl_dir = os.path.join(out, "hcl", name)
            print(app, name, json_dir, hcl_dir)


# ---------------------------------------------------------------- prepare
def cmd_prepare(src, dst, state_file):
    """Scratch copy, so init's .terraform/ and lock file never touch the synthesized output."""
    if not os.path.isdir(src):
        die(f"missing synthesized stack directory {src}")
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "*.tfstate*"))
    terraform = {"backend": {"local": {"path": state_file}}}
    overrides = json.loads(os.environ.get("VERIFY_PROVIDER_OVERRIDES") or "{}")
    if overrides:
        # Only when the exact provider release could not be built (see docs/verify.md):
        # pin the scratch copy to the version the mirror really holds.
        terraform["required_providers"] = {
            name: {"source": o["source"], "version": o["version"]} for name, o in overrides.items()
        }
    with open(os.path.join(dst, "verify_override.tf.json"), "w") as f:
        json.dump({"terraform": terraform}, f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------- plan actions
def load_plan(path):
    try:
        return json.load(open(path))
    except Exception as exc:  # noqa: BLE001
        die(f"cannot read plan JSON {path}: {exc}")


def cmd_plan_actions(plan_path, out_path):
    plan = load_plan(plan_path)
    add = change = destroy = 0
    lines = []
    for rc in plan.get("resource_changes", []):
        actions = rc.get("change", {}).get("actions", [])
        if rc.get("mode") == "data":
            continue
        lines.append(f"{rc['address']} {','.join(actions)}")
        if "create" in actions:
            add += 1
        if "update" in actions:
            change += 1
        if "delete" in actions:
            destroy += 1
    with open(out_path, "w") as f:
        f.write("\n".join(sorted(lines)) + ("\n" if lines else ""))
    print(add, change, destroy)


def cmd_compare(a_path, b_path):
    a = set(open(a_path).read().split("\n")) - {""}
    b = set(open(b_path).read().split("\n")) - {""}
    if a == b:
        print(f"same {len(a)} resource addresses and actions")
        return
    for line in sorted(a - b):
        print(f"  only in JSON plan: {line}", file=sys.stderr)
    for line in sorted(b - a):
        print(f"  only in HCL plan:  {line}", file=sys.stderr)
    die(f"JSON and HCL plans differ ({len(a - b)} only in JSON, {len(b - a)} only in HCL)")


# ---------------------------------------------------------------- VTL templates
TEMPLATE_ATTRS = {
    "aws_api_gateway_integration": ("request_templates",),
    "aws_api_gateway_integration_response": ("response_templates",),
    "aws_api_gateway_method_response": ("response_templates", "request_templates"),
    "aws_api_gateway_gateway_response": ("response_templates",),
}


def cmd_vtl_check(plan_path, templates_dir):
    plan = load_plan(plan_path)
    vtl = {}
    if os.path.isdir(templates_dir):
        for name in sorted(os.listdir(templates_dir)):
            if name.endswith(".vtl"):
                data = open(os.path.join(templates_dir, name), "rb").read()
                vtl.setdefault(data, []).append(name)
    errors, checked, used = [], 0, set()
    for rc in plan.get("resource_changes", []):
        attrs = TEMPLATE_ATTRS.get(rc.get("type"))
        if not attrs or rc.get("mode") == "data":
            continue
        after = rc.get("change", {}).get("after") or {}
        unknown = rc.get("change", {}).get("after_unknown") or {}
        for attr in attrs:
            if unknown.get(attr) is True:
                errors.append(f"{rc['address']}.{attr}: value unknown at plan time, cannot compare")
                continue
            for ctype, value in sorted((after.get(attr) or {}).items()):
                checked += 1
                where = f'{rc["address"]}.{attr}["{ctype}"]'
                if value is None:
                    errors.append(f"{where}: value unknown at plan time, cannot compare")
                    continue
                names = vtl.get(value.encode("utf-8"))
                if names:
                    used.update(names)
                    print(f"  {where} == {', '.join(names)}")
                else:
                    errors.append(f"{where}: matches no .vtl file in {templates_dir} ({len(value)} chars, "
                                  f"starts {value[:60]!r})")
    for e in errors:
        print(f"  VTL MISMATCH {e}", file=sys.stderr)
    unused = sorted(n for names in vtl.values() for n in names if n not in used)
    if unused and checked:
        print(f"  note: .vtl files not used by this stack: {', '.join(unused)}")
    print(f"templates checked: {checked}, mismatched: {len(errors)}")
    if errors:
        sys.exit(1)


# ---------------------------------------------------------------- checkov
def cmd_checkov_eval(report_path, supp_path, stack):
    raw = open(report_path).read().strip()
    if not raw:
        die(f"checkov wrote no report ({report_path})")
    data = json.loads(raw)
    reports = data if isinstance(data, list) else [data]
    supp = json.load(open(supp_path)).get("suppressions", []) if os.path.exists(supp_path) else []
    for s in supp:
        if not str(s.get("reason", "")).strip():
            die(f"suppression {s} in {supp_path} has no written reason")
    passed = failed = skipped = 0
    unsuppressed = []
    for rep in reports:
        if not isinstance(rep, dict):
            continue
        summary = rep.get("summary", {})
        passed += summary.get("passed", 0)
        skipped += summary.get("skipped", 0)
        for chk in rep.get("results", {}).get("failed_checks", []):
            cid, res = chk.get("check_id"), chk.get("resource", "")
            hit = next((s for s in supp
                        if fnmatch.fnmatch(cid, s.get("check", "")) and fnmatch.fnmatch(res, s.get("resource", "*"))
                        and fnmatch.fnmatch(stack, s.get("stack", "*"))), None)
            if hit:
                skipped += 1
            else:
                failed += 1
                unsuppressed.append(f"{cid} {res}: {chk.get('check_name')}")
    for line in unsuppressed:
        print(f"  CHECKOV FAILED {line}", file=sys.stderr)
    print(passed, failed, skipped)


# ---------------------------------------------------------------- summary
def cmd_summary(results_path):
    rows = [json.loads(l) for l in open(results_path) if l.strip()] if os.path.exists(results_path) else []
    cols = ["stack", "validate JSON", "validate HCL", "plan add/chg/del", "JSON=HCL", "VTL", "checkov pass/fail/skip", "time", "result"]
    table = [cols]
    for r in rows:
        table.append([
            r.get("stack", "?"), r.get("validate_json", "-"), r.get("validate_hcl", "-"),
            r.get("plan", "-"), r.get("compare", "-"), r.get("vtl", "-"), r.get("checkov", "-"),
            r.get("seconds", "-"), r.get("result", "-"),
        ])
    widths = [max(len(str(row[i])) for row in table) for i in range(len(cols))]
    fmt = lambda row: "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |"  # noqa: E731
    print(fmt(table[0]))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table[1:]:
        print(fmt(row))


def main(argv):
    if len(argv) < 2:
        die(__doc__, 2)
    cmd, args = argv[1], argv[2:]
    fn = {
        "stacks": cmd_stacks, "prepare": cmd_prepare, "plan-actions": cmd_plan_actions,
        "compare": cmd_compare, "vtl-check": cmd_vtl_check, "checkov-eval": cmd_checkov_eval,
        "summary": cmd_summary,
    }.get(cmd)
    if not fn:
        die(__doc__, 2)
    fn(*args)


if __name__ == "__main__":
    main(sys.argv)
