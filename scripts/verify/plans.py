"""Pure checks over `terraform show -json` plans and checkov reports (no processes, no I/O
beyond reading the files named by the caller). Used by verify.py; unit-tested in tests/.

Plan JSON format: https://developer.hashicorp.com/terraform/internals/json-format
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
from dataclasses import dataclass, field


class CheckError(Exception):
    """A verify input (plan, report, baseline file) is missing or malformed; the message says which."""


def load_json(path: str, what: str):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except FileNotFoundError:
        raise CheckError(f"{what} {path} does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckError(f"{what} {path} is not valid JSON: {exc}") from None


# ---------------------------------------------------------------- plan actions
def resource_actions(plan: dict) -> dict[str, tuple[str, ...]]:
    """{address: actions} of every managed resource in the plan (data sources are read, never
    changed, and left out). Actions are Terraform's: ("create",), ("update",), ("no-op",),
    ("delete",), ("delete", "create") / ("create", "delete") for a replacement, ("read",), ("forget",)."""
    changes = plan.get("resource_changes")
    if changes is None:
        changes = []
    if not isinstance(changes, list):
        raise CheckError("plan JSON: resource_changes is not a list")
    out: dict[str, tuple[str, ...]] = {}
    for rc in changes:
        if not isinstance(rc, dict) or rc.get("mode") == "data":
            continue
        out[rc["address"]] = tuple(rc.get("change", {}).get("actions", []))
    return out


@dataclass(frozen=True)
class ActionCounts:
    add: int
    change: int
    destroy: int

    def __str__(self) -> str:
        return f"{self.add}/{self.change}/{self.destroy}"


def count_actions(actions: dict[str, tuple[str, ...]]) -> ActionCounts:
    """Counts as `terraform plan` prints them: a replacement is one add and one destroy."""
    add = sum("create" in a for a in actions.values())
    change = sum("update" in a for a in actions.values())
    destroy = sum("delete" in a for a in actions.values())
    return ActionCounts(add, change, destroy)


def action_lines(actions: dict[str, tuple[str, ...]]) -> list[str]:
    """Sorted "address action[,action]" lines (the form the comparison messages use)."""
    return sorted(f"{addr} {','.join(acts)}" for addr, acts in actions.items())


def compare_actions(a: dict[str, tuple[str, ...]], b: dict[str, tuple[str, ...]],
                    a_name: str, b_name: str) -> list[str]:
    """Differences between two plans' addresses and actions, one line each; empty when equal."""
    la, lb = set(action_lines(a)), set(action_lines(b))
    width = max(len(a_name), len(b_name))
    return ([f"only in {a_name + ':':<{width + 1}} {line}" for line in sorted(la - lb)]
            + [f"only in {b_name + ':':<{width + 1}} {line}" for line in sorted(lb - la)])


# ---------------------------------------------------------------- API Gateway mapping templates
TEMPLATE_ATTRS = {
    "aws_api_gateway_integration": ("request_templates",),
    "aws_api_gateway_integration_response": ("response_templates",),
    "aws_api_gateway_method_response": ("response_templates", "request_templates"),
    "aws_api_gateway_gateway_response": ("response_templates",),
}


def load_templates(templates_dir: str) -> dict[bytes, list[str]]:
    """{file bytes: [names]} of every *.vtl file in the folder."""
    out: dict[bytes, list[str]] = {}
    if os.path.isdir(templates_dir):
        for name in sorted(os.listdir(templates_dir)):
            if name.endswith(".vtl"):
                with open(os.path.join(templates_dir, name), "rb") as f:
                    out.setdefault(f.read(), []).append(name)
    return out


@dataclass
class TemplateReport:
    checked: int = 0
    matches: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_templates(plan: dict, templates: dict[bytes, list[str]]) -> TemplateReport:
    """Every request/response template API Gateway would receive must equal one of the .vtl files
    byte for byte. A value unknown at plan time cannot be compared and counts as an error."""
    rep = TemplateReport()
    used: set[str] = set()
    for rc in plan.get("resource_changes") or []:
        attrs = TEMPLATE_ATTRS.get(rc.get("type"))
        if not attrs or rc.get("mode") == "data":
            continue
        after = rc.get("change", {}).get("after") or {}
        unknown = rc.get("change", {}).get("after_unknown") or {}
        for attr in attrs:
            if unknown.get(attr) is True:
                rep.errors.append(f"{rc['address']}.{attr}: value unknown at plan time, cannot compare")
                continue
            for ctype, value in sorted((after.get(attr) or {}).items()):
                rep.checked += 1
                where = f'{rc["address"]}.{attr}["{ctype}"]'
                if not isinstance(value, str):
                    rep.errors.append(f"{where}: value unknown at plan time, cannot compare")
                    continue
                names = templates.get(value.encode("utf-8"))
                if names:
                    used.update(names)
                    rep.matches.append(f"{where} == {', '.join(names)}")
                else:
                    rep.errors.append(f"{where}: matches no .vtl file ({len(value)} chars, starts {value[:60]!r})")
    if rep.checked:
        rep.unused = sorted(n for names in templates.values() for n in names if n not in used)
    return rep


# ---------------------------------------------------------------- checkov
@dataclass(frozen=True)
class Suppression:
    check: str
    stack: str
    resource: str
    reason: str

    def covers(self, check_id: str, resource: str, stack: str) -> bool:
        return (fnmatch.fnmatchcase(check_id, self.check) and fnmatch.fnmatchcase(resource, self.resource)
                and fnmatch.fnmatchcase(stack, self.stack))


def parse_suppressions(data, source: str) -> list[Suppression]:
    """The committed baseline: {"suppressions": [{check, stack?, resource?, reason}]}. An entry
    without a written reason, or with a field of the wrong type, is refused."""
    if not isinstance(data, dict) or not isinstance(data.get("suppressions"), list):
        raise CheckError(f"{source}: expected an object with a \"suppressions\" list")
    out = []
    for i, s in enumerate(data["suppressions"]):
        where = f"{source}: suppressions[{i}]"
        if not isinstance(s, dict):
            raise CheckError(f"{where}: must be an object")
        for key in ("check", "stack", "resource", "reason"):
            if key in s and not isinstance(s[key], str):
                raise CheckError(f"{where}.{key}: must be a string")
        if not s.get("check", "").strip():
            raise CheckError(f"{where}.check: required (a checkov check id or glob)")
        if not s.get("reason", "").strip():
            raise CheckError(f"{where}.reason: required; every suppression says why ({s.get('check')})")
        out.append(Suppression(s["check"], s.get("stack", "*"), s.get("resource", "*"), s["reason"]))
    return out


@dataclass
class CheckovResult:
    passed: int
    failed: int
    skipped: int
    unsuppressed: list[str]

    def __str__(self) -> str:
        return f"{self.passed}/{self.failed}/{self.skipped}"


def evaluate_checkov(report, suppressions: list[Suppression], stack: str) -> CheckovResult:
    """Applies the suppressions to checkov's JSON report (one object, or a list of them, one per
    framework). Suppressed failures count as skipped."""
    reports = report if isinstance(report, list) else [report]
    if not any(isinstance(r, dict) for r in reports):
        raise CheckError("checkov report holds no result object")
    res = CheckovResult(0, 0, 0, [])
    for rep in reports:
        if not isinstance(rep, dict):
            continue
        summary = rep.get("summary", {})
        res.passed += summary.get("passed", 0)
        res.skipped += summary.get("skipped", 0)
        for chk in rep.get("results", {}).get("failed_checks", []):
            cid, resource = chk.get("check_id", ""), chk.get("resource", "")
            if any(s.covers(cid, resource, stack) for s in suppressions):
                res.skipped += 1
            else:
                res.failed += 1
                res.unsuppressed.append(f"{cid} {resource}: {chk.get('check_name')}")
    return res


# ---------------------------------------------------------------- engine output
_ERROR_START = re.compile(r"(^|\W)(Error|error):")


def error_excerpt(log_text: str, max_blocks: int = 3, max_lines: int = 30) -> str:
    """The engine's error blocks from a log (each `Error:` line and what follows it), else the
    log's last 15 lines: the part of a failure a reader needs first."""
    lines = [ln for ln in log_text.splitlines() if ln.strip()]
    picked: list[str] = []
    blocks = 0
    i = 0
    while i < len(lines) and blocks < max_blocks:
        if _ERROR_START.search(lines[i]):
            picked.extend(lines[i:i + 13])
            blocks += 1
            i += 13
        else:
            i += 1
    if not picked:
        return "\n".join(lines[-15:])
    return "\n".join(picked[:max_lines])


_BLOCK_ERROR = re.compile(r"(?:^|[\s│])Error: (.*)$")
_BLOCK_WITH = re.compile(r"(?:^|[\s│])with ([a-z][a-z0-9_]*\.[A-Za-z0-9_.\[\]\"-]+)(?: \([^)]*\))?,\s*$")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\[[0-9]*[AGKJ]")
_PROGRESS = re.compile(r"\d+ Stacks? (deploying|destroying|done|waiting)")


def error_blocks(log_text: str) -> list[tuple[str, str]]:
    """(resource address, message) of each `Error:` block Terraform printed, also when a tool
    (the cdktf CLI) prefixes the lines; the address comes from the block's `with <address>,`
    line, the message is the error line and the text after the block's source excerpt."""
    out = []
    lines = [ln for ln in (_ANSI.sub("", raw) for raw in log_text.splitlines()) if not _PROGRESS.search(ln)]
    for i, line in enumerate(lines):
        m = _BLOCK_ERROR.search(line)
        if not m:
            continue
        addr, msg = "", [m.group(1).strip()]
        # A local-exec error quotes its whole command (the AWS CLI steps run to 100+ wrapped lines)
        # before the output that names the failure.
        for nxt in lines[i + 1:i + 400]:
            if _BLOCK_ERROR.search(nxt) or nxt.strip().endswith("╵"):
                break
            w = _BLOCK_WITH.search(nxt)
            if w:
                addr = w.group(1)
                continue
            text = nxt.split("│", 1)[1].strip() if "│" in nxt else nxt.strip()
            if text and not text.startswith("on ") and not re.match(r"^\d+:", text):
                msg.append(text)
        out.append((addr, " ".join(msg)))
    return out


# ---------------------------------------------------------------- summary
SUMMARY_COLUMNS = [
    ("stack", "stack"), ("validate JSON", "validate_json"), ("validate HCL", "validate_hcl"),
    ("plan add/chg/del", "plan"), ("JSON=HCL", "compare"), ("VTL", "vtl"),
    ("checkov pass/fail/skip", "checkov"), ("cdktf diff", "cdktf_diff"),
    ("cdktf deploy+destroy", "cdktf_deploy"), ("time", "seconds"), ("result", "result"),
]


def summary_table(rows: list[dict], columns=SUMMARY_COLUMNS) -> str:
    """A Markdown table (also readable as plain text), one row per dict, "-" for a missing cell."""
    table = [[title for title, _ in columns]] + [[str(r.get(key, "-")) for _, key in columns] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]

    def fmt(row):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |"

    return "\n".join([fmt(table[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
                     + [fmt(row) for row in table[1:]])
