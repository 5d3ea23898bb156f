#!/usr/bin/env python3
"""checkov over the synthesized Terraform JSON of every stack (apps/*/cdktf.out/stacks/*/cdk.tf.json),
against the same baseline as the plans (scripts/verify/checkov-suppressions.json).

A plan does not carry everything the configuration says (lifecycle blocks, for one), so the
configuration itself is scanned too. Two quirks of checkov 3.3's terraform_json runner are
worked around here: it cannot parse `moved` and `removed` blocks (they are dropped from the scanned
copy; they hold no settings), and it names some resources `resource.<name>` instead of `<type>.<name>` (the
type is recovered from the check's supported resource types and the stack's own JSON).

Usage: checkov_synth.py <repo root> [<checkov executable>]
Prints one line per stack and exits 1 when a failed check is not suppressed.
"""
import importlib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plans  # noqa: E402  (same folder: the baseline evaluation used for the plans)


def stacks(root):
    apps = os.path.join(root, "apps")
    for app in sorted(os.listdir(apps)):
        base = os.path.join(apps, app, "cdktf.out", "stacks")
        if not os.path.isdir(base):
            continue
        for stack in sorted(os.listdir(base)):
            path = os.path.join(base, stack, "cdk.tf.json")
            if os.path.isfile(path):
                yield stack, path


def supported_types(check_class, cache={}):
    # check_class is "<module>" for checks defined one per module (the module's `check`), else "<module>.<class>".
    if check_class not in cache:
        cache[check_class] = set()
        for module_name in (check_class, check_class.rpartition(".")[0]):
            try:
                cache[check_class] = set(importlib.import_module(module_name).check.supported_resources)
                break
            except Exception:  # a graph check, or not importable: its resource name stays as checkov wrote it
                continue
    return cache[check_class]


def normalize(report, config):
    resources = config.get("resource", {})
    for rep in report if isinstance(report, list) else [report]:
        for chk in rep.get("results", {}).get("failed_checks", []):
            res = chk.get("resource", "")
            if not res.startswith("resource."):
                continue
            name = res[len("resource."):]
            types = [t for t in supported_types(chk.get("check_class", "")) if name in resources.get(t, {})]
            if len(types) == 1:
                chk["resource"] = f"{types[0]}.{name}"
    return report


def main():
    root = sys.argv[1]
    checkov = sys.argv[2] if len(sys.argv) > 2 else "checkov"
    suppressions = os.path.join(root, "scripts", "verify", "checkov-suppressions.json")
    ok = True
    found = False
    with tempfile.TemporaryDirectory() as work:
        for stack, path in stacks(root):
            found = True
            config = json.load(open(path))
            scanned = {k: v for k, v in config.items() if k not in ("moved", "removed")}
            copy = os.path.join(work, stack, "cdk.tf.json")
            os.makedirs(os.path.dirname(copy))
            json.dump(scanned, open(copy, "w"))
            r = subprocess.run(
                [checkov, "-f", copy, "--framework", "terraform_json", "--skip-download", "--quiet", "--compact", "-o", "json"],
                capture_output=True, text=True,
            )
            try:
                report = json.loads(r.stdout)
            except ValueError:
                print(f"{stack}: checkov did not run: {r.stderr.strip()[-500:]}")
                ok = False
                continue
            reps = report if isinstance(report, list) else [report]
            errors = sum(rep.get("summary", {}).get("parsing_errors", 0) for rep in reps)
            if errors or not any(rep.get("results") for rep in reps):
                print(f"{stack}: checkov could not parse the synthesized JSON ({errors} parsing error(s))")
                ok = False
                continue
            try:
                baseline = plans.parse_suppressions(json.load(open(suppressions)), suppressions)
                res = plans.evaluate_checkov(normalize(report, config), baseline, stack)
            except plans.CheckError as exc:
                print(f"{stack}: evaluation failed: {exc}")
                ok = False
                continue
            print(f"{stack}: checkov on the synthesized JSON: passed {res.passed}, failed {res.failed}, suppressed {res.skipped}")
            if res.failed:
                for line in res.unsuppressed:
                    print(f"  CHECKOV FAILED {line}")
                ok = False
    if not found:
        print("no synthesized stacks under apps/*/cdktf.out/stacks; run npm run synth first")
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
