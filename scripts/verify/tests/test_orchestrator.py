"""The orchestrator's plumbing: settings, stack discovery, scratch copies and override files,
deploy-error parsing, and, in a throw-away copy of the repository layout, a whole verify run
that is interrupted (moto and every engine process must be gone) or whose engine fails (the
message names stack, variant, step, the engine's error and the log).

The end-to-end tests use a stand-in engine script: they exercise verify's process control and
reporting, which the real engine cannot be made to hang or fail on cue for."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest

import cdktf_cli
import contract_run
from context import Settings
from engine import OVERRIDE_FILE, override_document, scratch_copy, write_override
from plans import CheckError
from test_proc import alive, wait_dead
from verify import discover_stacks


# ---------------------------------------------------------------- settings
def test_settings_defaults(tmp_path):
    s = Settings.from_env({"HOME": str(tmp_path)}, root="/repo")
    assert s.providers == "mirror" and s.jobs == 2 and s.resynth and not s.skip_bootstrap
    assert s.stacks == () and s.skip_checks == frozenset()
    assert s.work == "/repo/.verify-work" and s.plans == "/repo/plans"
    assert s.templates_dir == "/repo/packages/vtl-templates/templates"


def test_settings_from_the_environment():
    s = Settings.from_env({"VERIFY_STACKS": " a, b ,", "VERIFY_SKIP_CHECKS": "checkov,cdktf-deploy",
                           "VERIFY_JOBS": "3", "VERIFY_RESYNTH": "0", "VERIFY_PROVIDERS": "registry",
                           "TOOLCHAIN_CACHE": "/c"}, root="/r")
    assert s.stacks == ("a", "b") and s.skip_checks == {"checkov", "cdktf-deploy"}
    assert s.jobs == 3 and not s.resynth and s.providers == "registry" and s.cache == "/c"


@pytest.mark.parametrize("env, message", [
    ({"VERIFY_PROVIDERS": "internet"}, r"VERIFY_PROVIDERS: must be mirror or registry, got 'internet'"),
    ({"VERIFY_SKIP_CHECKS": "checkov,everything"}, r"VERIFY_SKIP_CHECKS: unknown check\(s\) everything"),
    ({"VERIFY_JOBS": "0"}, r"VERIFY_JOBS: must be a whole number from 1 to 16"),
    ({"VERIFY_JOBS": "two"}, r"VERIFY_JOBS"),
    ({"VERIFY_RESYNTH": "no"}, r"VERIFY_RESYNTH: must be 0 or 1, got 'no'"),
    ({"VERIFY_SKIP_BOOTSTRAP": "true"}, r"VERIFY_SKIP_BOOTSTRAP: must be 0 or 1"),
])
def test_bad_settings_are_refused_naming_the_variable(env, message):
    with pytest.raises(CheckError, match=message):
        Settings.from_env(env, root="/r")


# ---------------------------------------------------------------- stacks and scratch copies
def make_repo_stacks(root, stacks=(("demo", "demo-dev"),)):
    for app, name in stacks:
        out = root / "apps" / app / "cdktf.out"
        (out / "stacks" / name).mkdir(parents=True)
        (out / "hcl" / name).mkdir(parents=True)
        (out / "stacks" / name / "cdk.tf.json").write_text("{}\n")
        (out / "hcl" / name / "cdk.tf").write_text("\n")
        manifest = out / "manifest.json"
        data = json.loads(manifest.read_text()) if manifest.exists() else {"stacks": {}}
        data["stacks"][name] = {"workingDirectory": f"stacks/{name}"}
        manifest.write_text(json.dumps(data))


def test_discover_stacks_reads_every_manifest_in_order(tmp_path):
    make_repo_stacks(tmp_path, [("b-app", "b-dev"), ("a-app", "a-prod"), ("a-app", "a-dev")])
    (tmp_path / "apps" / "no-output").mkdir()
    found = discover_stacks(str(tmp_path))
    assert [(s.app, s.name) for s in found] == [("a-app", "a-dev"), ("a-app", "a-prod"), ("b-app", "b-dev")]
    assert found[0].json_dir.endswith("apps/a-app/cdktf.out/stacks/a-dev")
    assert found[0].hcl_dir.endswith("apps/a-app/cdktf.out/hcl/a-dev")
    assert [s.name for s in discover_stacks(str(tmp_path), ("b-dev",))] == ["b-dev"]


def test_scratch_copy_leaves_engine_files_behind(tmp_path):
    src = tmp_path / "src"
    (src / ".terraform" / "providers").mkdir(parents=True)
    (src / "assets" / "a").mkdir(parents=True)
    for name in ("cdk.tf.json", ".terraform.lock.hcl", "x.tfstate", "x.tfstate.backup", OVERRIDE_FILE):
        (src / name).write_text("{}")
    (src / "assets" / "a" / "bundle.zip").write_bytes(b"PK")
    dst = tmp_path / "dst"
    (dst / "stale").mkdir(parents=True)
    scratch_copy(str(src), str(dst))
    assert sorted(os.listdir(dst)) == ["assets", "cdk.tf.json"]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        scratch_copy(str(tmp_path / "missing"), str(dst))


def test_override_points_the_state_away_and_pins_a_substituted_provider(tmp_path):
    doc = override_document("/w/s.tfstate", {"aws": {"source": "hashicorp/aws", "wanted": "6.25.0", "version": "6.47.1-dev"}},
                            {"aws": [{"endpoints": [{"s3": "http://127.0.0.1:9"}]}]})
    assert doc == {"terraform": {"backend": {"local": {"path": "/w/s.tfstate"}},
                                 "required_providers": {"aws": {"source": "hashicorp/aws", "version": "6.47.1-dev"}}},
                   "provider": {"aws": [{"endpoints": [{"s3": "http://127.0.0.1:9"}]}]}}
    assert override_document("/s", {}) == {"terraform": {"backend": {"local": {"path": "/s"}}}}
    write_override(str(tmp_path), doc)
    assert json.loads((tmp_path / OVERRIDE_FILE).read_text()) == doc


def test_install_config_swaps_the_stack_and_writes_valid_stand_in_assets(tmp_path):
    work = tmp_path / "work"
    (work / ".terraform").mkdir(parents=True)
    (work / OVERRIDE_FILE).write_text("{}")
    (work / "old.tf.json").write_text("{}")
    src = tmp_path / "src"
    src.mkdir()
    (src / "cdk.tf.json").write_text(json.dumps({"resource": {"aws_lambda_function": {"f": {
        "filename": "assets/fn/HASH/bundle.zip", "source_code_hash": '${filebase64sha256("assets/fn/HASH/bundle.zip")}'}}}}))
    stand_ins = contract_run.install_config(str(src), str(work))
    assert stand_ins == ["assets/fn/HASH/bundle.zip"]
    assert sorted(os.listdir(work)) == [".terraform", "assets", "cdk.tf.json", OVERRIDE_FILE]
    with zipfile.ZipFile(work / "assets/fn/HASH/bundle.zip") as z:
        assert z.namelist() == ["STAND-IN.txt"]
    first = (work / "assets/fn/HASH/bundle.zip").read_bytes()
    contract_run.install_config(str(src), str(work))
    assert (work / "assets/fn/HASH/bundle.zip").read_bytes() == first  # deterministic


def test_retarget_replaces_only_the_exact_url():
    blocks = {"aws": [{"endpoints": [{"s3": "http://127.0.0.1:1", "sts": "http://127.0.0.1:1"}], "note": "http://127.0.0.1:12"}]}
    assert contract_run.retarget(blocks, "http://127.0.0.1:1", "http://127.0.0.1:2") == {
        "aws": [{"endpoints": [{"s3": "http://127.0.0.1:2", "sts": "http://127.0.0.1:2"}], "note": "http://127.0.0.1:12"}]}


# ---------------------------------------------------------------- deploy errors
DEPLOY_LOG = """
log-platform-dev  aws_s3_bucket.errors: Creation complete after 1s
log-platform-dev  ╷
                  │ Error: creating Kinesis Firehose Delivery Stream (acme-dev-logs): operation error Firehose: CreateDeliveryStream, https response error StatusCode: 500, api error InternalFailure: IcebergDestinationConfiguration is not supported yet
                  │
                  │   with aws_kinesis_firehose_delivery_stream.delivery_stream_ABC,
                  │   on cdk.tf.json line 812, in resource.aws_kinesis_firehose_delivery_stream.delivery_stream_ABC:
                  │  812:       }
                  ╵
                  ╷
                  │ Error: local-exec provisioner error
                  │
                  │   with null_resource.grant_1,
                  │ Error running command: exit status 1
                  ╵
"""


CDKTF_DESTROY_LOG = (
    "\x1b[2K\x1b[1A\x1b[2K\x1b[Gmcp-server-dev  Error: deleting Cognito Resource Server (eu-west-1_4d|mcp): operation "
    "error Cognito Identity Provider: DeleteResourceServer, exceeded maximum number of attempts, 1, https response "
    "error StatusCode: 500\n"
    "                  with aws_cognito_resource_server.auth_resource-server_2F0B (auth/resource-server),\n"
    "                  on cdk.tf.json line 281, in resource.aws_cognito_resource_server.auth_resource-server_2F0B:\n"
    "                 281:       }\n"
    "1 Stack destroying     0 Stacks done     0 Stacks waiting\n"
    "Invoking Terraform CLI failed with exit code 1\n")


def test_error_blocks_read_through_the_cdktf_cli_prefixes_and_progress_lines():
    (block,) = cdktf_cli.error_blocks(CDKTF_DESTROY_LOG)
    assert block[0] == "aws_cognito_resource_server.auth_resource-server_2F0B"
    assert block[1].startswith("deleting Cognito Resource Server (eu-west-1_4d|mcp)")
    assert "Stack" not in block[1] and "\x1b" not in block[1]


def test_error_blocks_pair_each_error_with_its_resource():
    blocks = cdktf_cli.error_blocks(DEPLOY_LOG)
    assert [b[0] for b in blocks] == ["aws_kinesis_firehose_delivery_stream.delivery_stream_ABC", "null_resource.grant_1"]
    assert "IcebergDestinationConfiguration is not supported yet" in blocks[0][1]
    assert "cdk.tf.json line 812" not in blocks[0][1] and "812:" not in blocks[0][1]  # the source excerpt is left out


def test_only_listed_emulator_gaps_are_excused():
    gaps = [{"type": "aws_kinesis_firehose_delivery_stream", "error": "is not supported yet", "reason": "moto"}]
    known, unknown = cdktf_cli.classify_errors(cdktf_cli.error_blocks(DEPLOY_LOG), gaps)
    assert len(known) == 1 and known[0].startswith("aws_kinesis_firehose_delivery_stream.delivery_stream_ABC: creating Kinesis")
    assert unknown == ["null_resource.grant_1: local-exec provisioner error Error running command: exit status 1"]


def test_an_error_printed_without_its_address_matches_a_gap_by_its_text_alone():
    gaps = [{"type": "aws_cognito_resource_server", "error": "DeleteResourceServer", "reason": "moto"}]
    known, unknown = cdktf_cli.classify_errors([("", "deleting Cognito Resource Server (x|mcp): DeleteResourceServer, 500")], gaps)
    assert known == ["aws_cognito_resource_server (address not printed): deleting Cognito Resource Server (x|mcp): DeleteResourceServer, 500"]
    known, unknown = cdktf_cli.classify_errors([("", "something else")], gaps)
    assert unknown == ["(address not printed): something else"] and known == []


def test_a_wildcard_gap_excuses_only_its_text_on_any_type():
    gaps = [{"type": "*", "error": "use of closed network connection", "reason": "moto"}]
    closed = ("setting SNS Topic attribute: operation error SNS: SetTopicAttributes, decomposing response: "
              "read tcp 127.0.0.1:1->127.0.0.1:2: use of closed network connection")
    known, unknown = cdktf_cli.classify_errors([("aws_sns_topic.alarms", closed), ("aws_sns_topic.alarms", "AccessDenied")], gaps)
    assert known == [f"aws_sns_topic.alarms: {closed}"]
    assert unknown == ["aws_sns_topic.alarms: AccessDenied"]


def test_gap_file_entries_need_type_error_and_reason(tmp_path):
    p = tmp_path / "gaps.json"
    p.write_text(json.dumps({"gaps": [{"type": "aws_x", "error": "boom"}]}))
    with pytest.raises(CheckError, match=r"gaps\[0\]\.reason: required"):
        cdktf_cli.load_gaps(str(p))
    assert isinstance(cdktf_cli.load_gaps(), list)  # the committed file parses


# ---------------------------------------------------------------- whole runs with a stand-in engine
FAKE_ENGINE = """#!/bin/sh
# stand-in engine for verify's own tests; behaviour chosen by FAKE_TF_MODE
case "$1" in
  version) echo "Terraform v0.0.0-stand-in"; exit 0 ;;
esac
echo $$ >> "$FAKE_TF_PIDS"
if [ "$FAKE_TF_MODE" = hang ]; then exec sleep 120; fi
if [ "$1" = init ]; then
  printf '\\nError: Failed to query available provider packages\\n\\nCould not retrieve the list of available versions for provider hashicorp/aws\\n' >&2
  exit 1
fi
exit 0
"""


@pytest.fixture
def fake_repo(tmp_path, repo_root):
    """The verify scripts in a throw-away repository with one synthesized stack."""
    root = tmp_path / "repo"
    shutil.copytree(repo_root / "scripts" / "verify", root / "scripts" / "verify",
                    ignore=shutil.ignore_patterns("tests", "__pycache__", "baselines"))
    venv = repo_root / ".venv"
    if venv.exists():
        (root / ".venv").symlink_to(venv)
    make_repo_stacks(root)
    engine = tmp_path / "fake-tf"
    engine.write_text(FAKE_ENGINE)
    engine.chmod(0o755)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "tofurc").write_text("# offline CLI config stand-in\n")
    env = dict(os.environ, VERIFY_SKIP_BOOTSTRAP="1", VERIFY_TF_BIN=str(engine), VERIFY_PROVIDERS="mirror",
               VERIFY_SKIP_SYNTH="1", VERIFY_SKIP_CHECKS="checkov,cdktf-diff,cdktf-deploy,state-contract",
               TOOLCHAIN_CACHE=str(tmp_path / "cache"), FAKE_TF_PIDS=str(tmp_path / "pids"))
    env.pop("GITHUB_STEP_SUMMARY", None)
    return root, env, tmp_path / "pids"


def start_verify(root, env, out):
    return subprocess.Popen([sys.executable, str(root / "scripts" / "verify" / "verify.py")], cwd=root, env=env,
                            stdout=out, stderr=subprocess.STDOUT)


@pytest.mark.parametrize("sig, code, said", [(signal.SIGINT, 130, "interrupted (Ctrl-C)"),
                                              (signal.SIGTERM, 143, "terminated by signal 15")])
def test_an_interrupted_run_stops_moto_and_every_engine_process(fake_repo, moto_binary, sig, code, said):
    root, env, pids = fake_repo
    env["FAKE_TF_MODE"] = "hang"
    out_path = root / "out.txt"
    with open(out_path, "w") as out:
        proc = start_verify(root, env, out)
        try:
            deadline = time.monotonic() + 60
            while not (pids.exists() and len(pids.read_text().split()) >= 2):  # init of the JSON and the HCL variant
                assert proc.poll() is None, out_path.read_text()
                assert time.monotonic() < deadline, out_path.read_text()
                time.sleep(0.1)
            text = out_path.read_text()
            moto_pid = int(re.search(r"moto server on http://127\.0\.0\.1:\d+ \(pid (\d+)\)", text).group(1))
            assert alive(moto_pid)
            proc.send_signal(sig)
            assert proc.wait(60) == code
        finally:
            if proc.poll() is None:  # a failed assertion above: let verify stop what it started
                proc.terminate()
                proc.wait(60)
    text = out_path.read_text()
    assert said in text and "stopped 2 process(es) verify had started" in text
    assert re.search(rf"moto server http://127\.0\.0\.1:\d+ \(pid {moto_pid}\) stopped", text)
    assert wait_dead(moto_pid), "moto server still running"
    assert all(wait_dead(int(p)) for p in pids.read_text().split()), "engine process still running"


def test_an_engine_failure_names_stack_variant_step_error_and_log(fake_repo):
    root, env, _ = fake_repo
    env["FAKE_TF_MODE"] = "fail-init"
    done = subprocess.run([sys.executable, str(root / "scripts" / "verify" / "verify.py")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert "- demo-dev (json): init failed:\n  Error: Failed to query available provider packages" in out
    assert "(full log: .verify-work/demo-dev/json.log)" in out
    assert "- demo-dev (hcl): init failed:" in out
    assert re.search(r"\| demo-dev \| FAIL\(init\) +\| FAIL\(init\) +\|", out)
    results = json.loads((root / ".verify-work" / "results.json").read_text())
    assert results["stacks"][0]["result"] == "FAIL" and len(results["failures"]) == 2
    assert not (root / "plans" / "demo-dev.json").exists()


def test_bad_settings_exit_2_before_anything_starts(fake_repo):
    root, env, pids = fake_repo
    env["VERIFY_JOBS"] = "many"
    done = subprocess.run([sys.executable, str(root / "scripts" / "verify" / "verify.py")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "verify: VERIFY_JOBS: must be a whole number from 1 to 16, got 'many'"
    assert not pids.exists()
