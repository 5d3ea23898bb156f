"""The state contract: a deployed stack's state must survive a code or config change without
any resource being destroyed or replaced.

A case names a stack, a `before` (what is deployed) and an `after` (what would be applied
next). Verify applies `before` to its own moto server, which gives a real state with before's
resource addresses, then plans `after` against that state with `-refresh=false` (so only the
change from before to after shows, not the emulator's read-back) and fails the case when a
protected resource would be destroyed, replaced or forgotten. Moves (`moved` blocks),
in-place updates and creates are allowed and reported, and so is a forget of an address the
planned stack itself declares in a `removed` block with `lifecycle { destroy = false }` (the
object is left in AWS on purpose: `PlatformStack.addressRemovals`); any other forget fails.

Cases live in scripts/verify/state-contract/cases.json; docs/verify.md shows how to add one.
This module holds the pure parts (case validation, JSON merge patch, plan evaluation); verify.py
runs the engine.
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
from dataclasses import dataclass, field

from plans import CheckError

CONTRACT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "state-contract")
CASES_FILE = os.path.join(CONTRACT_DIR, "cases.json")
DEFAULT_CONFIG = "config/platform.json"
# The address map: what the release before stable names deployed (cdktf's hashed addresses) and
# what the current code declares, per app and configuration of test/variants.ts. The moved blocks
# come from apps/*/src/addresses.ts through the synthesized stack.
HASHED_ADDRESSES = "test/fixtures/hashed-addresses.json"
STATE_CONTRACT = "test/state-contract.json"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_ADDRESS = re.compile(r"^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$")
_ADDRESS_GLOB = re.compile(r"^[a-z][a-z0-9_]*\.[A-Za-z_*][A-Za-z0-9_*-]*$")


@dataclass(frozen=True)
class Source:
    """One side of a case. `recorded`: a stack's cdk.tf.json synthesized in normal mode and kept
    in the repository (path relative to state-contract/). `config`: the current code synthesized
    with a platform config file (path relative to the repository root), optionally changed by
    an RFC 7396 JSON merge patch."""

    recorded: str | None = None
    config: str | None = None
    patch: dict | None = None
    # `moved` blocks (by their `from` address) taken out of the synthesized stack: what the
    # code would synthesize had src/addresses.ts lost those entries (a self-test of the check)
    without_moves: tuple[str, ...] = ()
    # `removed` blocks (by their `from` address) taken out the same way
    without_removals: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.recorded:
            return f"recorded {self.recorded}"
        return (f"current code + {self.config}" + (" + patch" if self.patch else "")
                + (f" without the move(s) from {', '.join(self.without_moves)}" if self.without_moves else "")
                + (f" without the removed block(s) of {', '.join(self.without_removals)}"
                   if self.without_removals else ""))

    def config_key(self) -> str:
        """Identifies a synthesis: the same config and patch synthesize the same output."""
        text = json.dumps({"config": self.config, "patch": self.patch}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Case:
    name: str
    stack: str
    before: Source
    after: Source
    protect: tuple[str, ...] = ("*",)
    expect: str = "pass"  # "violation": a self-test that the check sees a destroy/replace
    description: str = ""
    # a configuration of test/variants.ts: before must hold exactly its hashed addresses, after
    # must declare exactly its state-contract addresses, and the plan must move every one
    address_map: str | None = None
    # address globs whose replacement is the resource's design: allowed only as create, then
    # destroy (create_before_destroy) forced by `triggers` alone (an API Gateway deployment, an
    # immutable snapshot the stage moves to before the old one is deleted)
    replace_by_design: tuple[str, ...] = ()
    # addresses `terraform state rm` takes out of the before state ahead of the plan: an upgrade
    # step the operator runs by hand where the engine cannot plan it alone (documented with the case)
    state_rm: tuple[str, ...] = ()

    @property
    def app(self) -> str:
        """The app of the stack: its name without the trailing `-<environment>`."""
        return self.stack.rsplit("-", 1)[0]


def _source(raw, where: str) -> Source:
    if not isinstance(raw, dict):
        raise CheckError(f"{where}: must be an object with \"recorded\" or \"config\"")
    unknown = set(raw) - {"recorded", "config", "patch", "withoutMoves", "withoutRemovals"}
    if unknown:
        raise CheckError(f"{where}: unknown field(s) {', '.join(sorted(unknown))} "
                         "(allowed: recorded, config, patch, withoutMoves, withoutRemovals)")
    if ("recorded" in raw) == ("config" in raw):
        raise CheckError(f"{where}: exactly one of \"recorded\" (a kept cdk.tf.json) or \"config\" (a platform config) is required")
    for key in ("recorded", "config"):
        if key in raw:
            value = raw[key]
            if not isinstance(value, str) or not value or value.startswith("/") or ".." in value.split("/"):
                raise CheckError(f"{where}.{key}: must be a relative path inside the repository, got {value!r}")
    if "patch" in raw:
        if "config" not in raw:
            raise CheckError(f"{where}.patch: only applies to a \"config\" source")
        if not isinstance(raw["patch"], dict):
            raise CheckError(f"{where}.patch: must be a JSON object (an RFC 7396 merge patch)")
    dropped = {}
    for key, blocks in (("withoutMoves", "moved"), ("withoutRemovals", "removed")):
        without = raw.get(key, [])
        if key in raw:
            if "config" not in raw:
                raise CheckError(f"{where}.{key}: only applies to a \"config\" source")
            if (not isinstance(without, list) or not without
                    or not all(isinstance(a, str) and _ADDRESS.match(a) for a in without)):
                raise CheckError(f"{where}.{key}: must be a non-empty list of resource addresses "
                                 f"(<type>.<name>), the `from` of {blocks} blocks, got {without!r}")
        dropped[key] = tuple(without)
    return Source(recorded=raw.get("recorded"), config=raw.get("config"), patch=raw.get("patch"),
                  without_moves=dropped["withoutMoves"], without_removals=dropped["withoutRemovals"])


def parse_cases(data, source: str = CASES_FILE) -> list[Case]:
    """Validates cases.json; every error names the case and field."""
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CheckError(f"{source}: expected an object with a \"cases\" list")
    cases, names = [], set()
    for i, raw in enumerate(data["cases"]):
        where = f"{source}: cases[{i}]"
        if not isinstance(raw, dict):
            raise CheckError(f"{where}: must be an object")
        unknown = set(raw) - {"name", "description", "stack", "before", "after", "protect", "expect", "addressMap",
                              "replaceByDesign", "stateRm"}
        if unknown:
            raise CheckError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        name = raw.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise CheckError(f"{where}.name: required, lowercase letters, digits and '-', 1-63 characters, got {name!r}")
        if name in names:
            raise CheckError(f"{where}.name: {name!r} is used twice")
        names.add(name)
        where = f"{source}: case {name!r}"
        stack = raw.get("stack")
        if not isinstance(stack, str) or not stack:
            raise CheckError(f"{where}.stack: required (a stack name such as log-platform-dev)")
        protect = raw.get("protect", ["*"])
        if (not isinstance(protect, list) or not protect
                or not all(isinstance(p, str) and p for p in protect)):
            raise CheckError(f"{where}.protect: must be a non-empty list of address globs such as \"aws_s3tables_table.*\"")
        expect = raw.get("expect", "pass")
        if expect not in ("pass", "violation"):
            raise CheckError(f"{where}.expect: must be \"pass\" or \"violation\", got {expect!r}")
        description = raw.get("description", "")
        if not isinstance(description, str):
            raise CheckError(f"{where}.description: must be a string")
        address_map = raw.get("addressMap")
        if address_map is not None and (not isinstance(address_map, str) or not address_map):
            raise CheckError(f"{where}.addressMap: must be a configuration name of {HASHED_ADDRESSES} "
                             f"such as \"checked-in\", got {address_map!r}")
        by_design = raw.get("replaceByDesign", [])
        if (not isinstance(by_design, list)
                or not all(isinstance(p, str) and _ADDRESS_GLOB.match(p) for p in by_design)):
            raise CheckError(f"{where}.replaceByDesign: must be a list of address globs such as "
                             f"\"aws_api_gateway_deployment.*\", got {by_design!r}")
        state_rm = raw.get("stateRm", [])
        if (not isinstance(state_rm, list)
                or not all(isinstance(a, str) and _ADDRESS.match(a) for a in state_rm)):
            raise CheckError(f"{where}.stateRm: must be a list of resource addresses (<type>.<name>), got {state_rm!r}")
        before = _source(raw.get("before"), f"{where}.before")
        after = _source(raw.get("after", {"config": DEFAULT_CONFIG}), f"{where}.after")
        for key, dropped in (("withoutMoves", before.without_moves), ("withoutRemovals", before.without_removals)):
            if dropped:
                raise CheckError(f"{where}.before.{key}: only applies to `after` (the code being planned)")
        cases.append(Case(name, stack, before, after, tuple(protect), expect, description, address_map,
                          tuple(by_design), tuple(state_rm)))
    return cases


def merge_patch(target, patch):
    """RFC 7396 JSON merge patch: objects merge key by key, null removes a key, anything else
    (arrays included) replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


# ---------------------------------------------------------------- evaluation
@dataclass
class ContractReport:
    moved: list[str] = field(default_factory=list)       # "old -> new"
    updated: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    forgotten: list[str] = field(default_factory=list)  # left in AWS by a `removed` block the stack declares
    redeployed: list[str] = field(default_factory=list)  # replaced by design (Case.replace_by_design)
    violations: list[str] = field(default_factory=list)  # protected resources destroyed/replaced/forgotten
    other_destroys: list[str] = field(default_factory=list)  # unprotected ones (reported only)
    unchanged: int = 0

    def counts(self) -> str:
        return (f"{len(self.moved)} moved, {len(self.updated)} updated in place, {len(self.created)} created, "
                f"{len(self.forgotten)} forgotten (removed blocks, left in AWS), "
                f"{len(self.redeployed)} replaced by design, "
                f"{len(self.violations) + len(self.other_destroys)} destroyed/replaced, {self.unchanged} unchanged")


def _paths(replace_paths) -> str:
    out = []
    for p in replace_paths or []:
        out.append(".".join(str(x) for x in p) if isinstance(p, list) else str(p))
    return ", ".join(out)


_PREVENT_DESTROY = re.compile(r"Resource ([A-Za-z0-9_.\-\[\]\"]+) has\s+lifecycle\.prevent_destroy set")


def prevent_destroy_refusals(log_text: str) -> list[str]:
    """Addresses Terraform names in "Instance cannot be destroyed ... has lifecycle.prevent_destroy
    set" errors of a plan log, in order, each once."""
    seen: list[str] = []
    for m in _PREVENT_DESTROY.finditer(log_text):
        if m.group(1) not in seen:
            seen.append(m.group(1))
    return seen


def _by_design(rc: dict, actions: tuple, globs: tuple[str, ...]) -> bool:
    """A create-then-destroy replacement (never a moment without the resource) of a `globs`
    address: the cases name only resources that hold no data (an API deployment snapshot, a
    named query), never a store."""
    paths = rc.get("change", {}).get("replace_paths") or []
    return (actions == ("create", "delete") and bool(paths)
            and any(fnmatch.fnmatchcase(rc["address"], g) for g in globs))


def evaluate_contract(plan: dict, protect: tuple[str, ...], forgettable: frozenset[str] = frozenset(),
                      replace_by_design: tuple[str, ...] = ()) -> ContractReport:
    """Sorts every managed resource change of the plan. A destroy, a replacement (either order)
    or a forget of a resource whose address (or address before a move) matches a `protect`
    glob is a violation, except a plain forget (the only action) of an address in `forgettable`:
    what the planned stack declares in `removed` blocks with destroy = false (removed_addresses),
    and a create-then-destroy replacement of a `replace_by_design` address."""
    rep = ContractReport()
    for rc in plan.get("resource_changes") or []:
        if rc.get("mode") == "data":
            continue
        addr = rc["address"]
        prev = rc.get("previous_address")
        actions = tuple(rc.get("change", {}).get("actions", []))
        if prev and prev != addr:
            rep.moved.append(f"{prev} -> {addr}")
        if replace_by_design and _by_design(rc, actions, replace_by_design):
            rep.redeployed.append(f"{addr}: replaced (create, then destroy) because of {_paths(rc['change']['replace_paths'])}")
        elif actions == ("forget",) and addr in forgettable:
            rep.forgotten.append(addr + (f" (moved from {prev})" if prev and prev != addr else ""))
        elif "delete" in actions or "forget" in actions:
            what = ("replaced (" + ", then ".join("destroy" if a == "delete" else a for a in actions) + ")"
                    if "create" in actions else "forgotten (removed from state, left in AWS)"
                    if "forget" in actions else "destroyed")
            reason = rc.get("action_reason")
            because = _paths(rc.get("change", {}).get("replace_paths"))
            detail = f"{addr}: {what}" + (f" because of {because}" if because else "") + (f" [{reason}]" if reason else "")
            names = [addr] + ([prev] if prev else [])
            if any(fnmatch.fnmatchcase(n, g) for n in names for g in protect):
                rep.violations.append(detail)
            else:
                rep.other_destroys.append(detail)
        elif "create" in actions:
            rep.created.append(addr)
        elif "update" in actions:
            rep.updated.append(addr)
        else:
            rep.unchanged += 1
    return rep


def case_outcome(case: Case, rep: ContractReport, map_problems: list[str] = ()) -> tuple[bool, str]:
    """(passed, one-line verdict) of a case, given its evaluated plan and what the address-map
    check found (check_address_map)."""
    if case.expect == "violation":
        if rep.violations:
            return True, f"the check caught {len(rep.violations)} destroy/replace, as this self-test expects"
        return False, ("expected the plan to destroy or replace a protected resource (a self-test of the check), "
                       "but it does not: either the check is broken or the change no longer replaces anything; "
                       "update the case")
    if rep.violations:
        return False, f"{len(rep.violations)} protected resource(s) would be destroyed, replaced or forgotten"
    if map_problems:
        return False, f"the plan does not follow the address map ({len(map_problems)} problem(s))"
    return True, "no protected resource is destroyed, replaced or forgotten"


def address_map_lists(root: str, app: str, variant: str) -> tuple[list[str], list[str]]:
    """(hashed addresses the release before stable names deployed, addresses the current code
    declares) of an app in one configuration of test/variants.ts."""
    out = []
    for rel in (HASHED_ADDRESSES, STATE_CONTRACT):
        path = os.path.join(root, rel)
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as exc:
            raise CheckError(f"{rel}: cannot read the address map: {exc}") from exc
        listed = doc.get(app, {}).get(variant) if isinstance(doc.get(app), dict) else None
        if not isinstance(listed, list):
            raise CheckError(f"{rel}: no address list for app {app!r} in configuration {variant!r} "
                             f"(addressMap of the case; configurations: {', '.join(sorted(doc.get(app) or {})) or 'none'})")
        out.append(listed)
    return out[0], out[1]


def declared_addresses(stack_json: dict) -> set[str]:
    """Managed resource addresses a synthesized stack (cdk.tf.json) declares."""
    return {f"{rtype}.{name}" for rtype, named in (stack_json.get("resource") or {}).items() for name in named}


def removed_addresses(stack_json: dict) -> frozenset[str]:
    """Addresses a synthesized stack declares in `removed` blocks with `lifecycle { destroy =
    false }`: objects it drops from state and leaves in AWS. A `removed` block without that
    lifecycle would destroy the object, so it does not count."""
    out = set()
    for block in stack_json.get("removed") or []:
        if (isinstance(block, dict) and isinstance(block.get("from"), str)
                and isinstance(block.get("lifecycle"), dict) and block["lifecycle"].get("destroy") is False):
            out.add(block["from"])
    return frozenset(out)


def check_address_map(before: set[str], after: set[str], plan: dict, hashed: list[str],
                      contract: list[str], forgettable: frozenset[str] = frozenset()) -> list[str]:
    """What keeps a plan from being the address map's upgrade: `before` (the deployed stack's
    addresses) must be exactly the hashed list, `after` (what the planned code declares) exactly
    the state contract's list, and every hashed address must end, through the plan's moves
    (previous_address), at a declared address or at one of `forgettable` (removed_addresses of
    the planned stack), never by destroy-and-create. Empty means it is."""
    problems = []
    for title, have, want, rel in (("the deployed (before) stack", before, set(hashed), HASHED_ADDRESSES),
                                   ("the planned (after) code", after, set(contract), STATE_CONTRACT)):
        for addr in sorted(want - have):
            problems.append(f"{title} lacks {addr}, which {rel} lists")
        for addr in sorted(have - want):
            problems.append(f"{title} has {addr}, which {rel} does not list")
    # a move that is then replaced is still a move; the replacement is evaluate_contract's finding
    moved_from = {rc["previous_address"]: rc["address"] for rc in plan.get("resource_changes") or []
                  if rc.get("mode") != "data" and rc.get("previous_address")
                  and rc.get("previous_address") != rc.get("address")}
    for old in sorted(set(hashed) & before):
        if old in after:
            continue  # an address that did not change needs no move
        target = moved_from.get(old)
        if target is None:
            problems.append(f"{old} is not moved to a declared address (no moved block reaches it: "
                            f"add previous -> new to src/addresses.ts of the app)")
        elif target not in set(contract) and target not in forgettable:
            problems.append(f"{old} moves to {target}, which {STATE_CONTRACT} does not list "
                            f"and no removed block (destroy = false) of the planned stack declares")
    return problems


def drop_blocks(stack_json: dict, kind: str, froms: tuple[str, ...]) -> dict:
    """The stack without the `kind` (`moved`, `removed`) blocks whose `from` is in `froms`; every
    one must be there (a self-test that removes nothing would prove nothing)."""
    blocks = stack_json.get(kind) or []
    present = {m.get("from") for m in blocks if isinstance(m, dict)}
    missing = [f for f in froms if f not in present]
    if missing:
        field_name = {"moved": "withoutMoves", "removed": "withoutRemovals"}[kind]
        raise CheckError(f"{field_name}: the synthesized stack has no {kind} block from {', '.join(missing)}")
    doc = dict(stack_json)
    doc[kind] = [m for m in blocks if m.get("from") not in froms]
    if not doc[kind]:
        del doc[kind]
    return doc


def drop_moves(stack_json: dict, froms: tuple[str, ...]) -> dict:
    """The stack without the moved blocks whose `from` is in `froms` (drop_blocks)."""
    return drop_blocks(stack_json, "moved", froms)


# ---------------------------------------------------------------- synthesized stacks
_ASSET = re.compile(r"(?<![\w/.-])assets/[\w./-]+")


def referenced_assets(stack_json: dict) -> list[str]:
    """Relative asset paths (assets/...) a synthesized stack names in any string value."""
    found: set[str] = set()

    def walk(o):
        if isinstance(o, dict):
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
        elif isinstance(o, str):
            found.update(m.rstrip(".") for m in _ASSET.findall(o))

    walk(stack_json)
    return sorted(found)


def emulator_provider_blocks(emulator_json: dict, normal_json: dict) -> dict:
    """The provider arguments emulator-mode synthesis adds (endpoints, path-style S3, skipped
    credential checks): each provider block of the emulator-mode stack reduced to the arguments
    that differ from the same block (same alias) in the normal-mode stack. Written as an
    override, they point a normal-mode stack at the emulator without changing anything else."""

    def blocks(doc, name):
        b = doc.get("provider", {}).get(name, [])
        return b if isinstance(b, list) else [b]

    out: dict = {}
    for name in sorted(emulator_json.get("provider", {})):
        normal_by_alias = {blk.get("alias"): blk for blk in blocks(normal_json, name)}
        reduced = []
        for blk in blocks(emulator_json, name):
            base = normal_by_alias.get(blk.get("alias"), {})
            diff = {k: v for k, v in blk.items() if base.get(k) != v}
            if diff:
                if "alias" in blk:
                    diff["alias"] = blk["alias"]
                reduced.append(diff)
        if reduced:
            out[name] = reduced
    return out


def apply_digest(stack_json: dict) -> str:
    """Identifies what applying a stack creates: its JSON without the backend (the override
    file replaces it). Cases whose `before` has the same digest share one apply."""
    doc = dict(stack_json)
    terraform = dict(doc.get("terraform") or {})
    terraform.pop("backend", None)
    doc["terraform"] = terraform
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:12]


# Provider arguments for applying on moto, on top of what emulator-mode synthesis sets: the AWS
# SDK retries a 500 up to max_retries times with backoff (default 25: a quarter of an hour per
# resource when moto answers an API it lacks with a 500); one retry is enough there.
# (skip_requesting_account_id stays true: with the account id known, the provider lists S3
# bucket tags through S3 Control at <account-id>.<endpoint host>, which does not resolve.)
EMULATOR_APPLY_SETTINGS = {"max_retries": 1}


def emulator_apply_blocks(blocks: dict, stack_json: dict) -> dict:
    """Provider override blocks with EMULATOR_APPLY_SETTINGS for every aws provider block of the
    stack (matched by alias), added to the given ones."""
    out = {name: [dict(b) for b in bl] for name, bl in blocks.items()}
    declared = stack_json.get("provider", {}).get("aws", [])
    declared = declared if isinstance(declared, list) else [declared]
    aws = out.setdefault("aws", [])
    for blk in declared or [{}]:
        alias = blk.get("alias")
        target = next((b for b in aws if b.get("alias") == alias), None)
        if target is None:
            target = {"alias": alias} if alias else {}
            aws.append(target)
        target.update(EMULATOR_APPLY_SETTINGS)
    return out
