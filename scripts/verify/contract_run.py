"""Runs the state-contract cases (state_contract.py) with the engine: synthesizes each side,
applies `before` to a moto server of its own, plans each case's `after` against that state and
evaluates the plan. Cases whose `before` synthesizes to the same bytes share one apply."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass

import state_contract as sc
import state_writer as sw
from context import ROOT, Context
from engine import OVERRIDE_FILE, override_document, write_override
from plans import CheckError, error_blocks, error_excerpt, load_json
from proc import Moto, run_parallel


def _read(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


class Sources:
    """Synthesized stack folders for case sources, made once per distinct source."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.base = ctx.workdir("state-contract")
        self._synth: dict[str, str] = {}

    def synth(self, config: str, patch: dict | None) -> str:
        """The current code synthesized in normal mode (no emulator) with a config file and an
        optional merge patch; returns the output folder."""
        key = sc.Source(config=config, patch=patch).config_key()
        if key in self._synth:
            return self._synth[key]
        out = os.path.join(self.base, "synth", key)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        config_path = os.path.join(ROOT, config)
        if patch is not None:
            merged = sc.merge_patch(load_json(config_path, "platform config"), patch)
            config_path = os.path.join(out, "platform.json")
            with open(config_path, "w", encoding="utf-8") as f:
                json.dump(merged, f, indent=2)
        log_path = os.path.join(out, "synth.log")
        done = self.ctx.runner.run(["node", os.path.join(ROOT, "scripts", "cdktf-app.js")], cwd=ROOT,
                                   log_path=log_path, timeout=900,
                                   env={"CDKTF_OUTDIR": os.path.join(out, "cdktf.out"), "PLATFORM_CONFIG": config_path,
                                        "AWS_ENDPOINT_URL": None, "PLATFORM_ENVIRONMENTS": None})
        if not done.ok:
            raise CheckError(f"synth of {config}{' + patch' if patch else ''} failed:\n"
                             f"{error_excerpt(_read(log_path))}\n(log: {os.path.relpath(log_path, ROOT)})")
        self._synth[key] = os.path.join(out, "cdktf.out")
        return self._synth[key]

    def stack_dir(self, source: sc.Source, stack: str) -> str:
        """A folder holding the source's cdk.tf.json (and assets) for the stack."""
        if source.recorded:
            path = os.path.join(sc.CONTRACT_DIR, source.recorded)
            if not os.path.isfile(path):
                raise CheckError(f"recorded baseline {os.path.relpath(path, ROOT)} does not exist")
            d = os.path.join(self.base, "recorded", hashlib.sha256(path.encode()).hexdigest()[:12])
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
            shutil.copyfile(path, os.path.join(d, "cdk.tf.json"))
            return d
        d = os.path.join(self.synth(source.config, source.patch), "stacks", stack)
        if not os.path.isfile(os.path.join(d, "cdk.tf.json")):
            raise CheckError(f"synth of {source.config} made no stack {stack!r}")
        if source.without_moves or source.without_removals:
            doc = load_json(os.path.join(d, "cdk.tf.json"), "stack")
            if source.without_moves:
                doc = sc.drop_blocks(doc, "moved", source.without_moves)
            if source.without_removals:
                doc = sc.drop_blocks(doc, "removed", source.without_removals)
            key = hashlib.sha256(json.dumps([d, source.without_moves, source.without_removals]).encode()).hexdigest()[:12]
            trimmed = os.path.join(self.base, "without-moves", key)
            shutil.rmtree(trimmed, ignore_errors=True)
            shutil.copytree(d, trimmed)
            with open(os.path.join(trimmed, "cdk.tf.json"), "w", encoding="utf-8") as f:
                json.dump(doc, f, indent=2)
            return trimmed
        return d


def install_config(src: str, dst: str) -> list[str]:
    """Replaces the configuration in dst (keeping .terraform/, the lock file and the override)
    with src's; an asset the stack names but src lacks (recorded baselines keep no assets) gets
    a stand-in. Returns the stand-in paths."""
    keep = {".terraform", ".terraform.lock.hcl", OVERRIDE_FILE}
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(dst):
        if name not in keep:
            p = os.path.join(dst, name)
            shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    for name in os.listdir(src):
        if name in keep or name.endswith((".tfstate", ".log")) or name == "plan":
            continue
        p = os.path.join(src, name)
        shutil.copytree(p, os.path.join(dst, name)) if os.path.isdir(p) else shutil.copyfile(p, os.path.join(dst, name))
    stand_ins = []
    for asset in sc.referenced_assets(load_json(os.path.join(dst, "cdk.tf.json"), "stack")):
        target = os.path.join(dst, asset)
        if os.path.exists(target):
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if target.endswith(".zip"):
            with zipfile.ZipFile(target, "w") as z:
                z.writestr(zipfile.ZipInfo("STAND-IN.txt", (1980, 1, 1, 0, 0, 0)),
                           f"stand-in for {asset}: recorded baselines keep no assets\n")
        else:
            with open(target, "w") as f:
                f.write(f"stand-in for {asset}: recorded baselines keep no assets\n")
        stand_ins.append(asset)
    return stand_ins


def retarget(value, old: str, new: str):
    """Replaces every string equal to `old` (the shared moto's URL) with `new`."""
    if isinstance(value, dict):
        return {k: retarget(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [retarget(v, old, new) for v in value]
    return new if value == old else value


@dataclass
class Group:
    """Cases of one stack whose `before` applies the same configuration: one apply serves them."""

    stack: str
    digest: str
    cases: list
    dirs: dict  # case name -> (before stack folder, after stack folder)
    blocks: dict  # provider arguments that point a normal-mode stack at the emulator


def prepare(ctx: Context, stacks) -> list[Group]:
    """Reads and validates the cases, synthesizes every config source they name (in parallel)
    and groups the cases by what their `before` applies."""
    cases = sc.parse_cases(load_json(sc.CASES_FILE, "state-contract cases"), os.path.relpath(sc.CASES_FILE, ROOT))
    by_name = {st.name: st for st in stacks}
    if not ctx.settings.stacks:
        unknown = sorted({c.stack for c in cases} - set(by_name))
        if unknown:
            raise CheckError(f"{os.path.relpath(sc.CASES_FILE, ROOT)}: no synthesized stack named "
                             f"{', '.join(unknown)} (stacks: {', '.join(by_name)})")
    cases = [c for c in cases if c.stack in by_name]
    if not cases:
        return []
    sources = Sources(ctx)
    configs = {(sc.DEFAULT_CONFIG, "null")} | {(src.config, json.dumps(src.patch, sort_keys=True))
                                              for c in cases for src in (c.before, c.after) if src.config}
    run_parallel(*[lambda c=c, p=p: sources.synth(c, json.loads(p)) for c, p in sorted(configs)])
    default_dir = sources.synth(sc.DEFAULT_CONFIG, None)
    groups: dict[tuple[str, str], Group] = {}
    for case in cases:
        before = sources.stack_dir(case.before, case.stack)
        digest = sc.apply_digest(load_json(os.path.join(before, "cdk.tf.json"), "stack"))
        if (case.stack, digest) not in groups:
            emulator = load_json(os.path.join(by_name[case.stack].json_dir, "cdk.tf.json"), "emulator-mode stack")
            normal = load_json(os.path.join(default_dir, "stacks", case.stack, "cdk.tf.json"), "normal-mode stack")
            groups[(case.stack, digest)] = Group(case.stack, digest, [], {},
                                                 sc.emulator_provider_blocks(emulator, normal))
        group = groups[(case.stack, digest)]
        group.cases.append(case)
        group.dirs[case.name] = (before, sources.stack_dir(case.after, case.stack))
    return list(groups.values())


def run_group(ctx: Context, g: Group, shared_url: str) -> list[dict]:
    """Applies the group's `before` on a moto server of its own, completes the state, and plans
    each case's `after` against it."""
    stack, group, prepared, blocks = g.stack, g.cases, g.dirs, g.blocks
    base = ctx.workdir("state-contract", f"{stack}-{g.digest}")
    work = os.path.join(base, "stack")
    shutil.rmtree(work, ignore_errors=True)
    state = os.path.join(base, "before.tfstate")
    for p in (state, state + ".backup"):
        if os.path.exists(p):
            os.remove(p)
    log_path = os.path.join(base, "engine.log")
    open(log_path, "w").close()
    out_dir = os.path.join(ctx.settings.plans, "state-contract")
    os.makedirs(out_dir, exist_ok=True)
    rows = [{"case": c.name, "stack": stack, "change": f"{c.before.describe()}"
             + (f" (state rm {', '.join(c.state_rm)})" if c.state_rm else "") + f" -> {c.after.describe()}",
             "expect": c.expect} for c in group]
    with Moto(ctx.runner, ctx.tools.moto, os.path.join(base, "moto.log"), ROOT, ctx.log) as moto:
        env = {"AWS_ENDPOINT_URL": moto.url}
        stand_ins = install_config(prepared[group[0].name][0], work)
        before_json = load_json(os.path.join(work, "cdk.tf.json"), "stack")
        write_override(work, override_document(state, ctx.tools.provider_overrides, sc.emulator_apply_blocks(
            retarget(blocks, shared_url, moto.url), before_json)))
        if stand_ins:
            ctx.log(f"state contract {stack}: stand-in asset(s) for the recorded baseline: {', '.join(stand_ins)}")
        ctx.log(f"state contract {stack}: applying {group[0].before.describe()} to moto {moto.url} "
                f"(cases: {', '.join(c.name for c in group)})")
        try:
            before = build_before_state(ctx, stack, work, state, log_path, env)
        except CheckError as exc:
            ctx.fail(f"state contract {stack}: no state to plan against: {exc}\n(log: {os.path.relpath(log_path, ROOT)})")
            return [dict(r, result="FAIL (before state)") for r in rows]
        for case, row in zip(group, rows):
            row["before_state"] = before
            if not case.state_rm:
                plan_case(ctx, case, prepared[case.name], work, out_dir, log_path, env, row)
                continue
            # The cases of a group share one before state: the state rm is undone after the case.
            shutil.copyfile(state, state + ".case")
            try:
                for address in case.state_rm:
                    _engine_step(ctx, "state", ["state", "rm", "-lock=false", f"-state={state}", address],
                                 work, log_path, env)
                ctx.log(f"state contract {case.name}: terraform state rm {' '.join(case.state_rm)} (the documented "
                        "upgrade step) before the plan")
                plan_case(ctx, case, prepared[case.name], work, out_dir, log_path, env, row)
            except CheckError as exc:
                ctx.fail(f"state contract {case.name}: {exc}\n(log: {os.path.relpath(log_path, ROOT)})")
                row["result"] = "FAIL (state rm)"
            finally:
                os.replace(state + ".case", state)
                if os.path.exists(state + ".backup"):  # written by state rm
                    os.remove(state + ".backup")
    return rows


def _engine_step(ctx: Context, step: str, args: list[str], work: str, log_path: str, env: dict, stdout=None):
    mark = os.path.getsize(log_path)
    done = ctx.tools.engine.run(step, args, cwd=work, log_path=log_path, extra_env=env, stdout_path=stdout)
    if not done.ok:
        raise CheckError(f"{' '.join(args[:2])} failed:\n{error_excerpt(_read(log_path)[mark:])}")
    return done


def build_before_state(ctx: Context, stack: str, work: str, state_path: str, log_path: str, env: dict) -> dict:
    """Applies the `before` configuration on moto; whatever the emulator cannot create is then
    written into the state from the plan (state_writer.py). Returns what came from where."""
    _engine_step(ctx, "init", ["init", "-input=false", "-no-color"], work, log_path, env)
    mark = os.path.getsize(log_path)
    applied = ctx.tools.engine.run("apply", ["apply", "-auto-approve", "-input=false", "-no-color", "-lock=false"],
                                   cwd=work, log_path=log_path, extra_env=env)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        f.seek(mark)
        apply_errors = [f"{addr or '?'}: {msg[:300]}" for addr, msg in error_blocks(f.read())]
    if not applied.ok and not os.path.exists(state_path):
        raise CheckError("apply failed before writing any state:\n" + "\n".join(apply_errors))
    state_doc = load_json(state_path, "state") if os.path.exists(state_path) else None
    if state_doc is None:
        raise CheckError("apply wrote no state file")
    tainted = sw.drop_tainted(state_doc)
    applied_addrs = sw.managed_addresses(state_doc)
    _save(state_path, state_doc)
    written: list[str] = []
    schemas = None
    for layer in range(1, 50):
        plan_json = os.path.join(work, "before-fill.json")
        _engine_step(ctx, "plan", ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false",
                                   "-out=before-fill.plan"], work, log_path, env)
        _engine_step(ctx, "show", ["show", "-json", "before-fill.plan"], work, log_path, env, stdout=plan_json)
        plan = load_json(plan_json, "plan of the before configuration")
        if not any(rc.get("change", {}).get("actions") == ["create"] for rc in plan.get("resource_changes") or []
                   if rc.get("mode") == "managed"):
            control = plan
            break
        if schemas is None:
            schema_json = os.path.join(work, "schemas.json")
            _engine_step(ctx, "show", ["providers", "schema", "-json"], work, log_path, env, stdout=schema_json)
            schemas = load_json(schema_json, "provider schemas")
        state_doc = load_json(state_path, "state")
        region, account = sw.state_facts(state_doc, plan)
        entries, waiting = sw.plan_layer(plan, load_json(os.path.join(work, "cdk.tf.json"), "stack"), schemas,
                                         region, account)
        if not entries:
            raise CheckError(f"cannot order the resources to write (a dependency cycle?): {', '.join(waiting)}")
        written += sw.write_entries(state_doc, plan, entries, schemas)
        _save(state_path, state_doc)
        ctx.log(f"state contract {stack}: layer {layer}: wrote {len(entries)} resource(s) the emulator could not "
                f"create; {len(waiting)} wait for the next plan")
    else:
        raise CheckError("the state writer did not finish within 50 layers")
    # The before configuration planned against its own state: anything but no-ops here is an
    # artefact of the emulator or of the written entries, not of the change under test.
    control_rep = sc.evaluate_contract(control, ("*",))
    info = {"applied_on_moto": len(applied_addrs), "written_from_plan": written, "tainted_rewritten": tainted,
            "apply_errors": apply_errors, "control": {"updated": control_rep.updated,
                                                      "destroyed": control_rep.violations}}
    ctx.log(f"state contract {stack}: before state has {len(applied_addrs)} resources applied on moto"
            + (f" and {len(written)} written from the plan (the emulator could not create them; "
               f"{len(apply_errors)} apply error(s), see {os.path.relpath(log_path, ROOT)}):\n  " + "\n  ".join(written)
               if written else ""))
    if control_rep.violations or control_rep.updated:
        ctx.log(f"state contract {stack}: note: the before configuration does not plan clean against its own state "
                f"({len(control_rep.updated)} update(s), {len(control_rep.violations)} replacement(s)); these are emulator "
                f"artefacts:\n  " + "\n  ".join(control_rep.updated + control_rep.violations))
    return info


def _save(path: str, doc: dict) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def plan_case(ctx: Context, case, dirs: tuple[str, str], work: str, out_dir: str, log_path: str, env: dict,
              row: dict) -> dict:
    engine = ctx.tools.engine
    before_dir, after_dir = dirs
    install_config(after_dir, work)
    mark = os.path.getsize(log_path)
    ok = (engine.run("init", ["init", "-input=false", "-no-color", "-upgrade"], cwd=work, log_path=log_path, extra_env=env).ok
          and engine.run("plan", ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=contract.plan"],
                         cwd=work, log_path=log_path, extra_env=env).ok)
    txt, js = os.path.join(out_dir, f"{case.name}.txt"), os.path.join(out_dir, f"{case.name}.json")
    ok = ok and all(engine.run("show", args, cwd=work, log_path=log_path, stdout_path=out).ok
                    for args, out in ((["show", "-no-color", "contract.plan"], txt), (["show", "-json", "contract.plan"], js)))
    if not ok:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            f.seek(mark)
            text = f.read()
            excerpt = error_excerpt(text)
        refused = sc.prevent_destroy_refusals(text)
        if case.expect == "violation" and refused:
            # Terraform refusing the plan because a prevent_destroy resource would go is the
            # strongest catch there is: nothing can be applied.
            ctx.log(f"state contract {case.name}: Terraform refused the plan (lifecycle.prevent_destroy on "
                    f"{', '.join(refused)}); the check's self-test is caught, as expected")
            row.update({"result": "PASS", "details": {"prevent_destroy": refused}})
            return row
        ctx.fail(f"state contract {case.name}: planning {case.after.describe()} against the state of "
                 f"{case.before.describe()} failed:\n{excerpt}\n(log: {os.path.relpath(log_path, ROOT)})")
        row["result"] = "FAIL (plan)"
        return row
    plan = load_json(js, "contract plan")
    after_json = load_json(os.path.join(after_dir, "cdk.tf.json"), "after stack")
    forgettable = sc.removed_addresses(after_json)
    rep = sc.evaluate_contract(plan, case.protect, forgettable, case.replace_by_design)
    map_problems = []
    if case.address_map:
        hashed, contract = sc.address_map_lists(ROOT, case.app, case.address_map)
        map_problems = sc.check_address_map(
            sc.declared_addresses(load_json(os.path.join(before_dir, "cdk.tf.json"), "before stack")),
            sc.declared_addresses(after_json), plan, hashed, contract, forgettable)
        row["address_map"] = (f"{case.address_map}: {len(hashed)} hashed -> {len(contract)}"
                              + (f", {len(map_problems)} problem(s)" if map_problems else ", ok"))
    passed, verdict = sc.case_outcome(case, rep, map_problems)
    row.update({"moved": len(rep.moved), "updated": len(rep.updated), "created": len(rep.created),
                "forgotten": len(rep.forgotten), "by_design": len(rep.redeployed),
                "destroyed": len(rep.violations) + len(rep.other_destroys), "result": "PASS" if passed else "FAIL",
                "details": {"moved": rep.moved, "updated": rep.updated, "created": rep.created,
                            "forgotten": rep.forgotten, "replaced_by_design": rep.redeployed,
                            "violations": rep.violations, "other_destroys": rep.other_destroys,
                            "address_map_problems": map_problems}})
    detail = []
    for title, items in (("moved", rep.moved), ("updated in place", rep.updated), ("created", rep.created),
                         ("forgotten (removed blocks, left in AWS)", rep.forgotten),
                         ("replaced by design (replaceByDesign)", rep.redeployed),
                         ("destroyed/replaced (protected)", rep.violations),
                         ("destroyed/replaced (not protected)", rep.other_destroys),
                         ("address map problems", map_problems)):
        if items:
            detail.append(f"  {title}: " + ("\n    " + "\n    ".join(items) if len(items) <= 40 else f"{len(items)} resources"))
    ctx.log(f"state contract {case.name}: {rep.counts()}; {verdict} (plan: plans/state-contract/{case.name}.txt)"
            + ("\n" + "\n".join(detail) if detail else ""))
    if not passed:
        ctx.fail(f"state contract {case.name} ({case.before.describe()} -> {case.after.describe()}): {verdict}:\n"
                 + "\n".join(rep.violations + map_problems) + f"\n(plan: plans/state-contract/{case.name}.txt)")
    return row
