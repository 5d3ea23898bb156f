"""The cdktf CLI path users run (README "Deploying"), exercised against moto: for one stack,
`npx cdktf diff <stack>` from the repository root, whose plan must equal the plan verify makes
from the synthesized JSON, then `npx cdktf deploy <stack> --auto-approve` and
`npx cdktf destroy <stack> --auto-approve`, on a moto server of its own.

Offline flags: `--skip-provider-lock` (otherwise cdktf runs `terraform providers lock`, which
asks the registry and ignores the filesystem mirror) and `--disable-plugin-cache-env` (cdktf
would point TF_PLUGIN_CACHE_DIR at ~/.terraform.d). The output goes to a scratch folder
(`--output`), so the user's cdktf.out and terraform-state/ are never touched, and an override
file there points the state at a scratch file.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field

from context import ROOT, Context
from engine import OVERRIDE_FILE, override_document, write_override
from plans import CheckError, action_lines, compare_actions, error_blocks, error_excerpt, load_json, resource_actions
from proc import Moto
from state_contract import emulator_apply_blocks

FLAGS = ["--skip-provider-lock", "--disable-plugin-cache-env", "--no-color"]
GAPS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "emulator-gaps.json")


@dataclass
class CdktfResult:
    log_path: str = ""
    diff_status: str = "not run"     # ok | FAIL | skipped
    diff_actions: dict | None = None
    deploy_status: str = "not run"   # ok | gap | FAIL | skipped
    deployed: int = 0
    left: int | None = None
    errors: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


def _cdktf(ctx: Context, args: list[str], out: str, moto_url: str, log_path: str, timeout: float):
    engine = ctx.tools.engine
    env = dict(engine.env(), AWS_ENDPOINT_URL=moto_url, TERRAFORM_BINARY_NAME=engine.binary, FORCE_COLOR="0")
    return ctx.runner.run(["npx", "--no", "cdktf", *args, "--output", out], cwd=ROOT, log_path=log_path,
                          timeout=timeout, env=env)


def _state_count(ctx: Context, stack_dir: str, log_path: str) -> int | None:
    out = os.path.join(stack_dir, "state-list.txt")
    done = ctx.tools.engine.run("state", ["state", "list"], cwd=stack_dir, log_path=log_path, stdout_path=out)
    if not done.ok:
        return None
    with open(out, encoding="utf-8") as f:
        return sum(1 for ln in f if ln.strip() and not ln.startswith("data."))


def _excerpt(log_path: str, since: int) -> str:
    with open(log_path, encoding="utf-8", errors="replace") as f:
        f.seek(since)
        return error_excerpt(f.read(), max_blocks=12, max_lines=160)


def load_gaps(path: str = GAPS_FILE) -> list[dict]:
    """Known emulator gaps: [{"type", "error", "reason"}]; a deploy error on a resource of
    `type` (`*`: any type) whose message contains `error` is the emulator's limit, not the stack's fault."""
    data = load_json(path, "emulator gaps")
    gaps = data.get("gaps") if isinstance(data, dict) else None
    if not isinstance(gaps, list):
        raise CheckError(f"{path}: expected an object with a \"gaps\" list")
    for i, g in enumerate(gaps):
        for key in ("type", "error", "reason"):
            if not isinstance(g, dict) or not isinstance(g.get(key), str) or not g[key].strip():
                raise CheckError(f"{path}: gaps[{i}].{key}: required, a non-empty string")
    return gaps


def classify_errors(blocks: list[tuple[str, str]], gaps: list[dict]) -> tuple[list[str], list[str]]:
    """Splits (address, message) deploy errors into known emulator gaps and real failures."""
    known, unknown = [], []
    for addr, msg in blocks:
        rtype = addr.split(".")[0] if addr else None
        # cdktf prints some destroy errors without their `with <address>` line: then the
        # gap's error text alone has to match
        # type "*": a fault of the emulator's transport, whatever the resource
        hit = next((g for g in gaps if (g["type"] == "*" or rtype in (g["type"], None)) and g["error"] in msg), None)
        where = addr or (f"{hit['type']} (address not printed)" if hit else "(address not printed)")
        (known if hit else unknown).append(f"{where}: {msg.strip()[:400]}")
    return known, unknown


def run_stack(ctx: Context, stack) -> CdktfResult:
    """diff, then deploy and destroy, on a moto server of this stack's own."""
    s = ctx.settings
    base = ctx.workdir("cdktf", stack.name)
    out = os.path.join(base, "out")
    shutil.rmtree(out, ignore_errors=True)
    state = os.path.join(base, "state.tfstate")
    for p in (state, state + ".backup"):  # a previous run's (a destroy stopped by an emulator gap)
        if os.path.exists(p):
            os.remove(p)
    res = CdktfResult(log_path=os.path.join(base, "cdktf.log"))
    open(res.log_path, "w").close()
    stack_dir = os.path.join(out, "stacks", stack.name)
    # The override is in place before the CLI's first synth: cdktf's synth keeps files it did
    # not write, so it is there when diff and deploy run `terraform init`.
    os.makedirs(stack_dir)
    write_override(stack_dir, override_document(
        state, ctx.tools.provider_overrides,
        emulator_apply_blocks({}, load_json(os.path.join(stack.json_dir, "cdk.tf.json"), "synthesized stack"))))
    with Moto(ctx.runner, ctx.tools.moto, os.path.join(base, "moto.log"), ROOT, ctx.log) as moto:
        if "cdktf-diff" in s.skip_checks:
            res.diff_status = "skipped"
        else:
            diff(ctx, stack, out, stack_dir, moto.url, res)
            if res.diff_status != "ok":
                return res
        if "cdktf-deploy" in s.skip_checks:
            res.deploy_status = "skipped"
            return res
        deploy_and_destroy(ctx, stack, out, stack_dir, moto.url, res)
    return res


def diff(ctx: Context, stack, out: str, stack_dir: str, moto_url: str, res: CdktfResult) -> None:
    mark = os.path.getsize(res.log_path)
    done = _cdktf(ctx, ["diff", stack.name, *FLAGS], out, moto_url, res.log_path, 1800)
    if not os.path.isfile(os.path.join(stack_dir, OVERRIDE_FILE)):
        res.diff_status = "FAIL"
        res.errors.append(f"npx cdktf diff removed {OVERRIDE_FILE} from its output; verify cannot keep the "
                          "state away from terraform-state/")
        return
    if not done.ok:
        res.diff_status = "FAIL"
        res.errors.append(f"npx cdktf diff {stack.name} failed (exit {done.returncode}):\n{_excerpt(res.log_path, mark)}")
        return
    plan_json = os.path.join(os.path.dirname(out), "diff-plan.json")
    shown = ctx.tools.engine.run("show", ["show", "-json", "plan"], cwd=stack_dir, log_path=res.log_path,
                                 stdout_path=plan_json)
    if not shown.ok:
        res.diff_status = "FAIL"
        res.errors.append(f"terraform show -json of cdktf diff's plan failed:\n{_excerpt(res.log_path, mark)}")
        return
    res.diff_actions = resource_actions(load_json(plan_json, "cdktf diff plan"))
    res.diff_status = "ok"
    ctx.log(f"{stack.name}: npx cdktf diff ok ({done.seconds:.0f}s, {len(res.diff_actions)} resources)")


def _segment(log_path: str, mark: int) -> str:
    with open(log_path, encoding="utf-8", errors="replace") as f:
        f.seek(mark)
        return f.read()


def _classify(log_text: str, gaps: list[dict]) -> tuple[list[str], list[str]]:
    blocks = error_blocks(log_text)
    if not blocks:  # a failure without an engine error block: show the end of the output
        return [], [error_excerpt(log_text)]
    return classify_errors(blocks, gaps)


def deploy_and_destroy(ctx: Context, stack, out: str, stack_dir: str, moto_url: str, res: CdktfResult) -> None:
    """Deploys, then destroys whatever was created, also after a partial deploy. Errors on
    resource types listed in emulator-gaps.json are reported as emulator gaps; any other error
    fails the stack."""
    gaps = load_gaps()
    mark = os.path.getsize(res.log_path)
    # when diff has just synthesized this output, deploy and destroy reuse it
    reuse = ["--skip-synth"] if res.diff_status == "ok" else []
    done = _cdktf(ctx, ["deploy", stack.name, "--auto-approve", *reuse, *FLAGS], out, moto_url, res.log_path, 2400)
    res.deployed = _state_count(ctx, stack_dir, res.log_path) or 0
    if done.ok:
        res.deploy_status = "ok"
        ctx.log(f"{stack.name}: npx cdktf deploy ok ({done.seconds:.0f}s, {res.deployed} resources in state)")
    else:
        known, unknown = _classify(_segment(res.log_path, mark), gaps)
        res.gaps += [f"deploy: {k}" for k in known]
        if unknown:
            res.deploy_status = "FAIL"
            res.errors.append(f"npx cdktf deploy {stack.name} failed (exit {done.returncode}); "
                              f"{res.deployed} resources were created:\n" + "\n".join(unknown))
        else:
            res.deploy_status = "gap"
            ctx.log(f"{stack.name}: npx cdktf deploy created {res.deployed} resources; {len(known)} error(s) on known "
                    f"emulator gaps ({os.path.relpath(GAPS_FILE, ROOT)})")
    mark = os.path.getsize(res.log_path)
    done = _cdktf(ctx, ["destroy", stack.name, "--auto-approve", "--skip-synth", *FLAGS], out, moto_url, res.log_path, 2400)
    res.left = _state_count(ctx, stack_dir, res.log_path)
    if done.ok and res.left == 0:
        ctx.log(f"{stack.name}: npx cdktf destroy ok ({done.seconds:.0f}s, state empty)")
        return
    known, unknown = _classify(_segment(res.log_path, mark), gaps)
    res.gaps += [f"destroy: {k}" for k in known]
    if unknown or done.ok:
        res.deploy_status = "FAIL"
        res.errors.append(f"npx cdktf destroy {stack.name} failed (exit {done.returncode}, {res.left} resources left "
                          f"in state):\n" + "\n".join(unknown or ["the state is not empty after a successful destroy"]))
    else:
        res.deploy_status = "gap"
        ctx.log(f"{stack.name}: npx cdktf destroy left {res.left} resources in state, on known emulator gaps")


def record(ctx: Context, stack, res: CdktfResult, json_actions: dict | None, row: dict) -> bool:
    """Fills the stack's summary cells and failures; compares cdktf diff's plan with verify's."""
    ok = True
    for e in res.errors:
        ctx.fail(f"{stack.name}: {e}\n(full log: {os.path.relpath(res.log_path, ROOT)})")
        ok = False
    if res.diff_status == "ok":
        if json_actions is None:
            row["cdktf_diff"] = "ok(not compared)"
        else:
            diff = compare_actions(json_actions, res.diff_actions, "verify's JSON plan", "cdktf diff plan")
            if diff:
                ok = False
                row["cdktf_diff"] = "FAIL"
                ctx.fail(f"{stack.name}: npx cdktf diff plans differently from verify's plan of the synthesized JSON:\n"
                         + "\n".join(diff))
            else:
                row["cdktf_diff"] = "ok(=)"
                ctx.log(f"{stack.name}: cdktf diff plan == verify's JSON plan ({len(action_lines(json_actions))} "
                        "resource addresses and actions)")
    else:
        row["cdktf_diff"] = res.diff_status
    planned = len(res.diff_actions) if res.diff_actions is not None else "?"
    if res.deploy_status == "ok":
        row["cdktf_deploy"] = f"ok({res.deployed}/{planned})"
    elif res.deploy_status == "gap":
        row["cdktf_deploy"] = f"gap({res.deployed}/{planned} made, {res.left} left)"
        ctx.log(f"{stack.name}: emulator gaps during cdktf deploy/destroy (not failures; docs/verify.md lists them):\n"
                + "\n".join(res.gaps))
    else:
        row["cdktf_deploy"] = res.deploy_status
    row.setdefault("details", {})["cdktf"] = {"diff": res.diff_status, "deploy": res.deploy_status,
                                              "deployed": res.deployed, "left_after_destroy": res.left,
                                              "gaps": res.gaps}
    return ok and res.deploy_status in ("ok", "gap", "skipped")
