#!/usr/bin/env python3
"""`npm run verify`: a real Terraform engine over every synthesized stack, offline, against a
local AWS emulator (moto). See docs/verify.md.

For every stack, on the Terraform JSON and separately on the HCL rendering: init (offline,
filesystem provider mirror), validate, plan against moto, plans/<stack>.txt + plans/<stack>.json,
JSON/HCL plan equality, API Gateway templates == packages/vtl-templates/templates/*.vtl, checkov
over the plan JSON with the committed suppressions. Then the cdktf CLI path (`npx cdktf diff`,
whose plan must equal verify's, and `cdktf deploy` + `cdktf destroy` on a moto of its own) and
the state contract (scripts/verify/state-contract/cases.json: no destroy or replacement when
planning the current code against a state applied from a baseline).

Standard library only; runs on the system python3. Exit 0 = everything passed, 1 = a check
failed (each failure is listed at the end), 2 = bad settings, 130/143 = interrupted.

Environment (all optional):
  VERIFY_SKIP_BOOTSTRAP=1   don't run scripts/toolchain/bootstrap.sh (tools come from PATH / env)
  VERIFY_PROVIDERS=registry let tofu/terraform install providers itself (GitHub Actions)
  VERIFY_TF_BIN=/path/tofu  engine to use
  VERIFY_SKIP_SYNTH=1       use the existing apps/*/cdktf.out (must be emulator-mode output)
  VERIFY_STACKS=a,b         only these stacks (and the state-contract cases of these stacks)
  VERIFY_RESYNTH=0          leave the emulator-mode synth output in cdktf.out afterwards
  VERIFY_SKIP_CHECKS=a,b    leave out checks: checkov, cdktf-diff, cdktf-deploy, state-contract
  VERIFY_JOBS=2             how many engine pipelines run at once
  TOOLCHAIN_CACHE           cache dir (default ~/.cache/aws-log-mcp-platform)
"""
from __future__ import annotations

import concurrent.futures as cf
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import cdktf_cli
import contract_run
from context import ROOT, Context, Log, Settings, Tools, read_toolchain
from engine import Engine, override_document, scratch_copy, write_override
from plans import (CheckError, check_templates, compare_actions, count_actions, error_excerpt, evaluate_checkov,
                   load_json, load_templates, parse_suppressions, resource_actions, summary_table)
from proc import Interrupted, Moto, Runner, run_parallel

SUPPRESSIONS = os.path.join(ROOT, "scripts", "verify", "checkov-suppressions.json")
LOCK_WAIT_SECONDS = 1800


class Terminated(BaseException):
    """SIGTERM / SIGHUP: unwind like Ctrl-C, so every child is stopped."""


def rel(path: str) -> str:
    return os.path.relpath(path, ROOT)


# ---------------------------------------------------------------- stacks
@dataclass(frozen=True)
class Stack:
    app: str
    name: str
    json_dir: str
    hcl_dir: str


def discover_stacks(root: str, only: tuple[str, ...] = ()) -> list[Stack]:
    """Every stack in apps/*/cdktf.out/manifest.json, in app then stack order."""
    apps_dir = os.path.join(root, "apps")
    out = []
    for app in sorted(os.listdir(apps_dir)) if os.path.isdir(apps_dir) else []:
        manifest = os.path.join(apps_dir, app, "cdktf.out", "manifest.json")
        if not os.path.isfile(manifest):
            continue
        stacks = load_json(manifest, "synth manifest").get("stacks", {})
        for name, st in sorted(stacks.items()):
            if only and name not in only:
                continue
            base = os.path.dirname(manifest)
            out.append(Stack(app, name, os.path.join(base, st.get("workingDirectory", f"stacks/{name}")),
                             os.path.join(base, "hcl", name)))
    return out


# ---------------------------------------------------------------- one variant (json | hcl)
@dataclass
class Variant:
    kind: str
    status: str = "not run"          # "ok" or the step that failed
    steps: list[str] = field(default_factory=list)
    log_path: str = ""
    plan_json: str = ""
    plan_txt: str = ""
    error: str = ""
    seconds: float = 0.0

    @property
    def validated(self) -> bool:
        return self.status in ("ok", "plan", "show")


def show_plan(engine: Engine, cwd: str, plan_file: str, log_path: str, txt: str, js: str) -> bool:
    """`show` and `show -json` of a saved plan, side by side."""
    a, b = run_parallel(
        lambda: engine.run("show", ["show", "-no-color", plan_file], cwd=cwd, log_path=log_path, stdout_path=txt),
        lambda: engine.run("show", ["show", "-json", plan_file], cwd=cwd, log_path=log_path, stdout_path=js))
    return a.ok and b.ok


def plan_variant(ctx: Context, stack: Stack, kind: str, src: str, moto_url: str) -> Variant:
    t0 = time.monotonic()
    v = _plan_variant(ctx, stack, kind, src, moto_url)
    v.seconds = time.monotonic() - t0
    return v


def _plan_variant(ctx: Context, stack: Stack, kind: str, src: str, moto_url: str) -> Variant:
    engine = ctx.tools.engine
    base = ctx.workdir(stack.name)
    work = os.path.join(base, kind)
    v = Variant(kind, log_path=os.path.join(base, f"{kind}.log"))
    open(v.log_path, "w").close()
    try:
        scratch_copy(src, work)
    except FileNotFoundError as exc:
        v.status, v.error = "prepare", str(exc)
        return v
    state = os.path.join(base, f"{kind}.tfstate")
    if os.path.exists(state):
        os.remove(state)
    write_override(work, override_document(state, ctx.tools.provider_overrides))
    env = {"AWS_ENDPOINT_URL": moto_url}
    steps = [
        ("init", lambda: engine.run("init", ["init", "-input=false", "-no-color"], cwd=work, log_path=v.log_path, extra_env=env).ok),
        ("validate", lambda: engine.run("validate", ["validate", "-no-color"], cwd=work, log_path=v.log_path, extra_env=env).ok),
        ("plan", lambda: engine.run("plan", ["plan", "-input=false", "-no-color", "-lock=false", "-out=plan.out"],
                                    cwd=work, log_path=v.log_path, extra_env=env).ok),
        ("show", lambda: show_plan(engine, work, "plan.out", v.log_path, os.path.join(work, "plan.txt"),
                                   os.path.join(work, "plan.json"))),
    ]
    for step, fn in steps:
        t = time.monotonic()
        ok = fn()
        secs = time.monotonic() - t
        v.steps.append(f"{step} {secs:.0f}s")
        if not ok and ctx.runner.stopping:
            v.status = "interrupted"
            return v
        if not ok:
            v.status = step
            with open(v.log_path, encoding="utf-8", errors="replace") as f:
                v.error = error_excerpt(f.read())
            ctx.log(f"{stack.name} {kind}: {step} FAILED ({secs:.0f}s)")
            return v
        ctx.log(f"{stack.name} {kind}: {step} ok ({secs:.0f}s)")
    v.status = "ok"
    v.plan_json, v.plan_txt = os.path.join(work, "plan.json"), os.path.join(work, "plan.txt")
    return v


# ---------------------------------------------------------------- checks of one stack
def check_stack(ctx: Context, stack: Stack, json_v: Variant, hcl_v: Variant, row: dict) -> dict | None:
    """Publishes the plans and runs the checks that read them; returns the JSON plan's actions."""
    s = ctx.settings
    ok = True
    row["validate_json"] = "ok" if json_v.validated else f"FAIL({json_v.status})"
    row["validate_hcl"] = "ok" if hcl_v.validated else f"FAIL({hcl_v.status})"
    for v in (json_v, hcl_v):
        if v.status != "ok":
            ok = False
            ctx.fail(f"{stack.name} ({v.kind}): {v.status} failed:\n{v.error}\n(full log: {rel(v.log_path)})")
    actions = {}
    published = {}
    for v, dest in ((json_v, s.plans), (hcl_v, os.path.join(s.plans, "hcl"))):
        if v.status == "ok":
            shutil.copyfile(v.plan_txt, os.path.join(dest, f"{stack.name}.txt"))
            shutil.copyfile(v.plan_json, os.path.join(dest, f"{stack.name}.json"))
            published[v.kind] = os.path.join(dest, f"{stack.name}.json")
            actions[v.kind] = resource_actions(load_json(published[v.kind], "plan JSON"))
    if "json" in actions:
        c = count_actions(actions["json"])
        row["plan"] = str(c)
        ctx.log(f"{stack.name}: plan {c.add} to add, {c.change} to change, {c.destroy} to destroy "
                f"-> plans/{stack.name}.txt, plans/{stack.name}.json")
    if "json" in actions and "hcl" in actions:
        diff = compare_actions(actions["json"], actions["hcl"], "JSON plan", "HCL plan")
        if diff:
            row["compare"], ok = "FAIL", False
            ctx.fail(f"{stack.name}: the JSON and the HCL rendering plan differently:\n" + "\n".join(diff))
        else:
            row["compare"] = "ok"
            ctx.log(f"{stack.name}: JSON vs HCL plan: same {len(actions['json'])} resource addresses and actions")
    if "json" in published:
        # The HCL rendering is where "${" / "%{" escaping most easily goes wrong: check its plan too.
        templates = load_templates(s.templates_dir)
        vtl_ok, checked = True, 0
        for kind in [k for k in ("json", "hcl") if k in published]:
            rep = check_templates(load_json(published[kind], "plan JSON"), templates)
            checked = checked or rep.checked
            if rep.ok:
                ctx.log(f"{stack.name}: API Gateway templates vs .vtl ({kind.upper()} plan): {rep.checked} checked, all equal")
            else:
                vtl_ok = False
                ctx.fail(f"{stack.name}: API Gateway templates in the {kind.upper()} plan differ from "
                         f"{rel(s.templates_dir)}/*.vtl:\n" + "\n".join(rep.errors))
        row["vtl"] = f"ok({checked})" if vtl_ok else "FAIL"
        ok = ok and vtl_ok
        if "checkov" in s.skip_checks:
            row["checkov"] = "skipped"
        else:
            ok = run_checkov(ctx, stack, published["json"], row) and ok
    row["ok"] = ok
    return actions.get("json")


def run_checkov(ctx: Context, stack: Stack, plan_json: str, row: dict) -> bool:
    base = ctx.workdir(stack.name)
    report = os.path.join(base, "checkov.json")
    log_path = os.path.join(base, "checkov.log")
    open(log_path, "w").close()
    done = ctx.runner.run([ctx.tools.checkov, "-f", plan_json, "--framework", "terraform_plan", "--skip-download",
                           "--quiet", "--compact", "-o", "json"], cwd=ROOT, log_path=log_path, timeout=900,
                          stdout_path=report)
    try:
        suppressions = parse_suppressions(load_json(SUPPRESSIONS, "checkov suppressions"), rel(SUPPRESSIONS))
        if os.path.getsize(report) == 0:
            raise CheckError(f"checkov wrote no report (exit {done.returncode})")
        res = evaluate_checkov(load_json(report, "checkov report"), suppressions, stack.name)
    except CheckError as exc:
        row["checkov"] = "FAIL"
        with open(log_path, encoding="utf-8", errors="replace") as f:
            tail = "\n".join(f.read().splitlines()[-5:])
        ctx.fail(f"{stack.name}: checkov did not run: {exc}\n{tail}\n(log: {rel(log_path)})")
        return False
    row["checkov"] = str(res)
    ctx.log(f"{stack.name}: checkov passed {res.passed}, failed {res.failed}, skipped/suppressed {res.skipped} "
            f"({done.seconds:.0f}s)")
    if res.failed:
        ctx.fail(f"{stack.name}: checkov: {res.failed} failed check(s) not in {rel(SUPPRESSIONS)}:\n"
                 + "\n".join(res.unsuppressed))
        return False
    return True


# ---------------------------------------------------------------- the run
class Verify:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.synthed = False
        self.reported = False

    # -- toolchain
    def toolchain(self) -> Tools:
        s, log = self.ctx.settings, self.ctx.log
        if not s.skip_bootstrap:
            log(f"toolchain: bash scripts/toolchain/bootstrap.sh (cached under {s.cache})")
            done = self.ctx.runner.run(["bash", os.path.join(ROOT, "scripts", "toolchain", "bootstrap.sh")],
                                       cwd=ROOT, log_path=None, timeout=4 * 3600)
            if not done.ok:
                raise CheckError(f"toolchain bootstrap failed (exit {done.returncode}); its messages are above")
            tc = read_toolchain(s.cache)
            tf_bin, providers, cli_config, overrides = (tc["tf_bin"], tc["providers"], tc.get("cli_config"),
                                                        tc["provider_overrides"])
        else:
            tf_bin = s.tf_bin or shutil.which("tofu") or shutil.which("terraform")
            providers = s.providers
            cli_config = os.environ.get("VERIFY_TF_CLI_CONFIG") or os.path.join(s.cache, "tofurc")
            try:
                overrides = json.loads(os.environ.get("VERIFY_PROVIDER_OVERRIDES") or "{}")
            except json.JSONDecodeError as exc:
                raise CheckError(f"VERIFY_PROVIDER_OVERRIDES: not valid JSON ({exc})") from None
        if not tf_bin:
            raise CheckError("no tofu/terraform: run bash scripts/toolchain/bootstrap.sh or put one on PATH")
        if providers == "mirror" and not (cli_config and os.path.isfile(cli_config)):
            raise CheckError(f"provider mirror CLI config {cli_config} is missing: run bash scripts/toolchain/bootstrap.sh")

        def pick(name):
            venv = os.path.join(ROOT, ".venv", "bin", name)
            return venv if os.access(venv, os.X_OK) else shutil.which(name)

        checkov, moto = pick("checkov"), pick("moto_server")
        if not checkov and "checkov" not in s.skip_checks:
            raise CheckError("checkov not found (.venv or PATH): run bash scripts/toolchain/bootstrap.sh --venv-only")
        if not moto:
            raise CheckError("moto_server not found (.venv or PATH): run bash scripts/toolchain/bootstrap.sh --venv-only")
        plugin_cache = None
        if providers != "mirror":
            plugin_cache = os.environ.get("TF_PLUGIN_CACHE_DIR") or os.path.join(s.cache, "plugin-cache")
            os.makedirs(plugin_cache, exist_ok=True)
        engine = Engine(self.ctx.runner, tf_bin, providers, cli_config, plugin_cache)
        if overrides:
            log(f"WARNING provider substitution in effect (exact release not buildable here): "
                f"{json.dumps(overrides, separators=(',', ':'))}")
        return Tools(engine, checkov or "", moto, overrides)

    def synth(self, moto_url: str) -> None:
        log_path = os.path.join(self.ctx.settings.work, "synth.log")
        open(log_path, "w").close()
        self.ctx.log(f"synth: npm run synth with AWS_ENDPOINT_URL={moto_url}")
        self.synthed = True
        done = self.ctx.runner.run(["npm", "run", "--silent", "synth"], cwd=ROOT, log_path=log_path, timeout=1800,
                                   env={"AWS_ENDPOINT_URL": moto_url})
        if not done.ok:
            with open(log_path, encoding="utf-8", errors="replace") as f:
                tail = "\n".join(f.read().splitlines()[-40:])
            raise CheckError(f"synth failed (exit {done.returncode}):\n{tail}\n(full log: {rel(log_path)})")

    def restore_synth(self) -> None:
        """Puts the normal (non-emulator) synth output back into apps/*/cdktf.out."""
        if not (self.synthed and self.ctx.settings.resynth):
            return
        self.synthed = False
        log_path = os.path.join(self.ctx.settings.work, "resynth.log")
        self.ctx.log("restoring the normal (non-emulator) synth output in apps/*/cdktf.out")
        env = {k: v for k, v in self.ctx.runner.base_env.items() if k != "AWS_ENDPOINT_URL"}
        try:
            with open(log_path, "w") as f:
                rc = subprocess.run(["npm", "run", "--silent", "synth"], cwd=ROOT, env=env, stdout=f,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=1800).returncode
        except (KeyboardInterrupt, Terminated):
            rc = "interrupted"
        if rc != 0:
            self.ctx.log(f"WARNING re-synth without AWS_ENDPOINT_URL failed ({rc}); apps/*/cdktf.out may hold "
                         f"emulator-mode output: run npm run synth (log: {rel(log_path)})")

    # -- main
    def run(self) -> int:
        ctx, s, log = self.ctx, self.ctx.settings, self.ctx.log
        t0 = time.monotonic()
        ctx.tools = self.toolchain()
        engine_version = ctx.tools.engine.version(os.path.join(s.work, "engine.log"), ROOT)
        log(f"engine: {engine_version} ({ctx.tools.engine.binary}); providers: {ctx.tools.engine.providers}")
        skipped = sorted(s.skip_checks)
        if skipped:
            log(f"WARNING checks left out by VERIFY_SKIP_CHECKS: {', '.join(skipped)}")
        if not s.stacks:
            shutil.rmtree(s.plans, ignore_errors=True)  # a full run rewrites plans/ from scratch
        os.makedirs(os.path.join(s.plans, "hcl"), exist_ok=True)

        rows: dict[str, dict] = {}
        contract_results: list[dict] = []
        pool = cf.ThreadPoolExecutor(max_workers=s.jobs, thread_name_prefix="verify")
        try:
            with Moto(ctx.runner, ctx.tools.moto, os.path.join(s.work, "moto.log"), ROOT, ctx.log) as moto:
                log(f"moto server on {moto.url} (pid {moto.proc.pid})")
                if not s.skip_synth:
                    self.synth(moto.url)
                stacks = discover_stacks(ROOT, s.stacks)
                if not stacks:
                    raise CheckError("no synthesized stacks found under apps/*/cdktf.out"
                                     + (f" matching VERIFY_STACKS={','.join(s.stacks)}" if s.stacks else ""))
                missing = sorted(set(s.stacks) - {st.name for st in stacks})
                if missing:
                    raise CheckError(f"VERIFY_STACKS names unknown stack(s): {', '.join(missing)}")
                log(f"stacks: {', '.join(st.name for st in stacks)}")
                for st in stacks:
                    shutil.rmtree(os.path.join(s.work, st.name), ignore_errors=True)
                    for d in (s.plans, os.path.join(s.plans, "hcl")):  # never leave a stale plan
                        for ext in ("txt", "json"):
                            p = os.path.join(d, f"{st.name}.{ext}")
                            if os.path.exists(p):
                                os.remove(p)

                groups = []
                if "state-contract" not in s.skip_checks:
                    try:
                        groups = contract_run.prepare(ctx, stacks)
                    except CheckError as exc:
                        ctx.fail(f"state contract: {exc}")
                # The longest jobs first (a state-contract apply, the cdktf deploy and destroy),
                # so that none of them is left running alone at the end.
                contract_futures = [(g, pool.submit(contract_run.run_group, ctx, g, moto.url)) for g in groups]
                cdktf_futures = {}
                if not {"cdktf-diff", "cdktf-deploy"} <= s.skip_checks:
                    cdktf_futures = {st.name: pool.submit(cdktf_cli.run_stack, ctx, st) for st in stacks}
                variants = {(st.name, kind): pool.submit(plan_variant, ctx, st, kind,
                                                         st.json_dir if kind == "json" else st.hcl_dir, moto.url)
                            for st in stacks for kind in ("json", "hcl")}
                json_actions = {}
                for st in stacks:
                    log(f"== {st.name} (app {st.app})")
                    row = rows[st.name] = {"stack": st.name}
                    json_v = self.outcome(variants[(st.name, "json")], f"{st.name} (json)")
                    hcl_v = self.outcome(variants[(st.name, "hcl")], f"{st.name} (hcl)")
                    if json_v is None or hcl_v is None:
                        row["ok"] = False
                        continue
                    started = time.monotonic()
                    json_actions[st.name] = check_stack(ctx, st, json_v, hcl_v, row)
                    row["seconds"] = f"{max(json_v.seconds, hcl_v.seconds) + time.monotonic() - started:.0f}s"
            # the shared moto is stopped here; the cdktf and state-contract jobs run their own
            for st in stacks:
                row = rows[st.name]
                res = self.outcome(cdktf_futures[st.name], f"{st.name}: cdktf CLI") if st.name in cdktf_futures else None
                if res is not None:
                    row["ok"] = cdktf_cli.record(ctx, st, res, json_actions.get(st.name), row) and row.get("ok", False)
                elif st.name in cdktf_futures:
                    row["ok"] = False
                else:
                    row["cdktf_diff"] = row["cdktf_deploy"] = "skipped"
            for g, future in contract_futures:
                contract_results += self.outcome(future, f"state contract {g.stack}") or [
                    {"case": c.name, "stack": g.stack, "result": "FAIL"} for c in g.cases]
        except BaseException:
            ctx.runner.stop_all()  # so that the jobs still running end now
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

        for row in rows.values():
            row["result"] = "PASS" if row.get("ok") else "FAIL"
        self.report(rows, contract_results, engine_version, time.monotonic() - t0)
        return 1 if ctx.failures else 0

    def outcome(self, future, what: str):
        """A job's result; a job that raised becomes a failure naming it (None is returned)."""
        try:
            return future.result()
        except (CheckError, RuntimeError, OSError, ValueError) as exc:
            if not self.ctx.runner.stopping:
                self.ctx.fail(f"{what}: {exc}")
            return None
        except Interrupted:
            return None

    def report(self, rows: dict, contract_results: list[dict], engine_version: str, seconds: float) -> None:
        ctx, s = self.ctx, self.ctx.settings
        self.reported = True
        table = summary_table(list(rows.values()))
        contract = state_contract_table(contract_results) if contract_results else ""
        head = (f"verify summary ({seconds:.0f}s total; engine {engine_version}; plan columns: to add/change/destroy; "
                "checkov: passed/failed/skipped incl. suppressed)")
        print("\n" + head + "\n" + table, flush=True)
        if contract:
            print("\nstate contract (plan after against a state applied from before; -refresh=false)\n" + contract)
        with open(os.path.join(s.work, "summary.md"), "w", encoding="utf-8") as f:
            f.write(table + "\n" + (f"\nState contract:\n\n{contract}\n" if contract else ""))
        with open(os.path.join(s.work, "results.json"), "w", encoding="utf-8") as f:
            json.dump({"stacks": list(rows.values()), "state_contract": contract_results, "failures": ctx.failures,
                       "seconds": round(seconds, 1), "engine": engine_version,
                       "provider_overrides": ctx.tools.provider_overrides if ctx.tools else {}}, f, indent=2)
            f.write("\n")
        if s.step_summary:
            with open(s.step_summary, "a", encoding="utf-8") as f:
                f.write("### npm run verify\n\n" + table + "\n")
                if contract:
                    f.write("\nState contract:\n\n" + contract + "\n")
                if ctx.tools and ctx.tools.provider_overrides:
                    f.write(f"\nProvider substitution: `{json.dumps(ctx.tools.provider_overrides)}`\n")
                if ctx.failures:
                    f.write("\n```\n" + "\n".join(ctx.failures) + "\n```\n")
        if ctx.failures:
            print(f"\nverify FAILED ({len(ctx.failures)}):")
            for msg in ctx.failures:
                print("- " + msg.replace("\n", "\n  "))
        else:
            print("\nverify OK: plans in plans/ (HCL variants in plans/hcl/, state-contract plans in plans/state-contract/)")


# ---------------------------------------------------------------- state contract
def state_contract_table(results: list[dict]) -> str:
    cols = [("case", "case"), ("stack", "stack"), ("before -> after", "change"), ("moved", "moved"),
            ("updated", "updated"), ("created", "created"), ("forgotten", "forgotten"), ("replaced by design", "by_design"),
            ("destroyed/replaced", "destroyed"),
            ("address map", "address_map"), ("expect", "expect"), ("result", "result")]
    return summary_table(results, cols)


# ---------------------------------------------------------------- entry
def child_env(environ) -> dict[str, str]:
    """The environment of every child: dummy credentials, no profile or credentials file, no
    instance metadata, no checkpoint calls; AWS_ENDPOINT_URL is set per child (its moto)."""
    env = {k: v for k, v in environ.items()
           if k not in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ENDPOINT_URL",
                        "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE")}
    env.update({"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_SESSION_TOKEN": "test",
                "AWS_EC2_METADATA_DISABLED": "true", "CHECKPOINT_DISABLE": "1"})
    # tools the project's .venv provides (the AWS CLI the Lake Formation step runs) come last:
    # whatever PATH already has wins
    venv_bin = os.path.join(ROOT, ".venv", "bin")
    if os.path.isdir(venv_bin):
        env["PATH"] = os.pathsep.join([p for p in (environ.get("PATH"), venv_bin) if p])
    return env


@contextmanager
def run_lock(work: str, log: Log):
    """One verify at a time per checkout: runs share .verify-work/, plans/ and apps/*/cdktf.out."""
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, ".lock"), "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another npm run verify is running in this checkout; waiting for it (up to {LOCK_WAIT_SECONDS // 60} min)")
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise CheckError("gave up waiting for the other verify run") from None
                    time.sleep(1)
        yield


def main() -> int:
    try:
        settings = Settings.from_env(os.environ)
    except CheckError as exc:
        print(f"verify: {exc}", file=sys.stderr)
        return 2
    log = Log()
    runner = Runner(child_env(os.environ))
    ctx = Context(settings, log, runner)

    def on_signal(signum, _frame):
        raise Terminated(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    verify = Verify(ctx)
    code = 1
    try:
        with run_lock(settings.work, log):
            try:
                code = verify.run()
            except CheckError as exc:
                ctx.fail(str(exc))
                code = 1
            except Interrupted:
                code = 130
            except KeyboardInterrupt:
                log("interrupted (Ctrl-C)")
                code = 130
            except Terminated as exc:
                log(f"terminated by signal {exc.args[0]}")
                code = 128 + int(exc.args[0])
            finally:
                runner.stop_all()
                if runner.stopped:
                    log(f"stopped {runner.stopped} process(es) verify had started (moto servers, engine runs)")
                verify.restore_synth()
    except CheckError as exc:  # the run lock
        log(f"FAIL {exc}")
        return 1
    if ctx.failures and not verify.reported:
        print("\nverify FAILED:\n- " + "\n- ".join(m.replace("\n", "\n  ") for m in ctx.failures))
    return code


if __name__ == "__main__":
    sys.exit(main())
