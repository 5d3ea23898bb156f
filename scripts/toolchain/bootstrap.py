#!/usr/bin/env python3
"""Offline Terraform toolchain bootstrap for `npm run verify` (idempotent).

Produces, under the cache dir (default ~/.cache/aws-log-mcp-platform):
  bin/                    built binaries + <binary>.build.json (recipe, timings, peak RSS)
  mirror/<host>/hashicorp/<name>/<version>/linux_amd64/terraform-provider-<name>_v<version>_x5
  tofurc                  CLI config: provider_installation { filesystem_mirror } only
  toolchain.json          what verify reads (engine, provider mode, CLI config, substitutions)
  toolchain.env           the same as shell variables

and a Python virtualenv with checkov + moto[server] + the AWS CLI + pyiceberg (the Iceberg testbed's
writer) at <repo>/.venv.

`--test-engines` (what `npm run setup` and `npm test` run) provisions only what the test suites
drive: the virtualenvs (`.venv`, `.venv-cognito`, `.venv-awscli`), Apache Velocity 1.7 + Commons Lang jars (Maven Central, through Maven),
jq (gojq, from its Go module), each pinned in recipe.json `testEngines` and cached, and LuaJIT
(scripts/toolchain/luajit.sh, from the Rust package registry).

Reads the provider versions from node_modules/@cdktf/provider-*/package.json.
See scripts/toolchain/recipe.json and docs/verify.md.
"""
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import io
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RECIPE_PATH = os.path.join(ROOT, "scripts", "toolchain", "recipe.json")
BUILDER = os.path.join(ROOT, "scripts", "toolchain", "build-go-module.sh")
REQUIREMENTS = os.path.join(ROOT, "scripts", "verify", "requirements.txt")
# The Cognito API-model checks need a newer botocore than checkov's pin allows: a second, small venv.
COGNITO_REQUIREMENTS = os.path.join(ROOT, "scripts", "verify", "requirements-cognito.txt")
CACHE = os.path.expanduser(os.environ.get("TOOLCHAIN_CACHE", "~/.cache/aws-log-mcp-platform"))
VENV = os.environ.get("VERIFY_VENV", os.path.join(ROOT, ".venv"))
COGNITO_VENV = os.path.join(ROOT, ".venv-cognito")
# The AWS CLI the tests drive with the current cognito-idp model (CIMD operations): a venv of its
# own because checkov pins boto3 1.35 (and so botocore < 1.36) in .venv.
AWS_CLI_REQUIREMENTS = os.path.join(ROOT, "scripts", "toolchain", "requirements-aws-cli.txt")
AWS_CLI_VENV = os.path.join(ROOT, ".venv-awscli")
HOSTS = ["registry.terraform.io", "registry.opentofu.org"]

# Measured on this project's 2-core / 24 GiB machine (go1.26.8, cold Go build cache);
# printed before a cold build so nobody wonders whether it hangs. Details: docs/verify.md.
ESTIMATES = {
    "tofu": "OpenTofu: ~10 min wall, peak RSS 1.8 GiB",
    "aws": "AWS provider: ~55 min wall (mostly one core busy), peak RSS 9.3 GiB, ~13 GB of Go build/module cache",
    "null": "null provider: ~2 min wall, peak RSS 0.3 GiB",
}

def log(msg):
    print(f"[bootstrap {time.strftime('%H:%M:%S', time.gmtime())}] {msg}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def goarch():
    m = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(m, m)
    return f"{platform.system().lower()}_{arch}"


def provider_versions():
    """{name: (source, version)} from the installed prebuilt bindings."""
    out = {}
    recipe = json.load(open(RECIPE_PATH))
    for name, spec in recipe["providers"].items():
        pkg = os.path.join(ROOT, "node_modules", *spec["npmPackage"].split("/"), "package.json")
        if not os.path.exists(pkg):
            sys.exit(f"bootstrap: {pkg} not found; run `npm ci` first")
        meta = json.load(open(pkg)).get("cdktf", {}).get("provider", {})
        if not meta.get("version"):
            sys.exit(f"bootstrap: {pkg} has no cdktf.provider.version")
        out[name] = (meta.get("name", f"registry.terraform.io/hashicorp/{name}"), meta["version"])
    return out


def build_ok(binary, expect_flags):
    meta = binary + ".build.json"
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK) and os.path.isfile(meta)):
        return False
    try:
        info = json.load(open(meta))
    except Exception:
        return False
    return info.get("flags", [])[-1:] == expect_flags[-1:]


def go_build(module, version, pkg, out, extra_ldflags="", src_dir=None, what=""):
    env = dict(os.environ, TOOLCHAIN_CACHE=CACHE)
    if src_dir:
        env["SRC_DIR"] = src_dir
    if what in ESTIMATES:
        log(f"COLD BUILD, measured on 2 cores: {ESTIMATES[what]}. Built once, then cached in {CACHE}. "
            f"Progress: tail -f {out}.build.log")
    subprocess.run(["bash", BUILDER, module, version, pkg, out, extra_ldflags], check=True, env=env)


def ensure_engine(recipe):
    """Return (path, kind). Order: VERIFY_TF_BIN, cached built tofu, tofu on PATH,
    terraform on PATH, else build OpenTofu (VERIFY_BUILD_TOFU=1 forces the build)."""
    if os.environ.get("VERIFY_TF_BIN"):
        return os.environ["VERIFY_TF_BIN"], "env"
    e = recipe["engine"]
    out = os.path.join(CACHE, "bin", f"tofu-{e['version']}")
    flags = f"-ldflags=-s -w {e['extraLdflags']}"
    if build_ok(out, [flags]):
        return out, "built"
    if os.environ.get("VERIFY_BUILD_TOFU") != "1":
        for name in ("tofu", "terraform"):
            p = shutil.which(name)
            if p:
                log(f"using {name} from PATH: {p} (set VERIFY_BUILD_TOFU=1 to build OpenTofu {e['version']} instead)")
                return p, "path"
    go_build(e["module"], e["version"], e["package"], out, e["extraLdflags"], what="tofu")
    return out, "built"


def git_source(git_dir, tag, dest):
    """Export <tag> of a git dir (bare or not) into dest; return dest or None."""
    try:
        data = subprocess.run(["git", "--git-dir", git_dir, "archive", tag], check=True, capture_output=True).stdout
    except Exception as exc:  # noqa: BLE001
        log(f"git archive {tag} from {git_dir} failed: {exc}")
        return None
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    tarfile.open(fileobj=io.BytesIO(data)).extractall(dest)
    return dest


def ensure_provider(name, version, spec):
    """Return (binary, label, exact: bool, how)."""
    exact_bin = os.path.join(CACHE, "bin", f"terraform-provider-{name}-{version}")
    flags = ["-ldflags=-s -w"]
    if build_ok(exact_bin, flags):
        return exact_bin, version, True, "cache"
    rel = spec.get("releases", {}).get(version, {})
    # 1. the release commit through the Go module proxy
    if rel.get("goVersion"):
        log(f"{name} {version}: trying {spec['module']}@{rel['goVersion']} (tag {rel.get('tag')})")
        r = subprocess.run(["go", "mod", "download", "-json", f"{spec['module']}@{rel['goVersion']}"],
                           capture_output=True, text=True)
        if r.returncode == 0:
            go_build(spec["module"], rel["goVersion"], spec["package"], exact_bin, what=name)
            return exact_bin, version, True, "go-proxy"
        log(f"{name} {version}: proxy refused: {r.stdout.strip() or r.stderr.strip()}")
    # 2. a git dir of the public repository holding the release tag
    git_dir = os.environ.get(f"VERIFY_SRC_{name.upper()}")
    if git_dir and rel.get("tag"):
        src = git_source(git_dir, rel["tag"], os.path.join(CACHE, "src", f"{name}-{rel['tag']}"))
        if src:
            go_build(spec["module"], rel["tag"], spec["package"], exact_bin, src_dir=src, what=name)
            return exact_bin, version, True, f"git {rel['tag']}"
    # 3. the recipe's fallback (the only version the proxy serves)
    fb = spec["fallback"]
    label, go_version = fb["providerVersion"], fb["goVersion"]
    fb_bin = os.path.join(CACHE, "bin", f"terraform-provider-{name}-{label}")
    if not build_ok(fb_bin, flags):
        if not rel.get("goVersion"):
            log(f"{name} {version}: release commit unknown here ({rel.get('status', 'not in recipe.json')})")
        label, go_version = current_main_if_refused(name, spec["module"], label, go_version)
        fb_bin = os.path.join(CACHE, "bin", f"terraform-provider-{name}-{label}")
        if not build_ok(fb_bin, flags):
            go_build(spec["module"], go_version, spec["package"], fb_bin, what=name)
    log(f"WARNING {name}: {version} is not buildable here; using {label} built from {spec['module']}@{go_version} "
        f"(verify pins it with an override file in its scratch copies; see docs/verify.md)")
    return fb_bin, label, False, f"fallback {go_version}"


def current_main_if_refused(name, module, label, go_version):
    """The proxy reachable here serves only a module's current main, so a recorded fallback
    commit is refused once main moves on. Then build the current main instead, labelled from
    its version/VERSION file (`<VERSION>-dev`), and say so; the recipe's record stays as it was."""
    r = subprocess.run(["go", "mod", "download", "-json", f"{module}@{go_version}"], capture_output=True, text=True)
    if r.returncode == 0:
        return label, go_version
    log(f"{name}: proxy refused the recorded fallback {go_version}: {(r.stdout or r.stderr).strip()[-300:]}")
    info = json.loads(run(["go", "list", "-m", "-json", f"{module}@main"], capture_output=True, text=True).stdout)
    dl = json.loads(run(["go", "mod", "download", "-json", f"{module}@{info['Version']}"], capture_output=True, text=True).stdout)
    version_file = os.path.join(dl["Dir"], "version", "VERSION")
    if not os.path.isfile(version_file):
        sys.exit(f"bootstrap: {name}: cannot label {module}@{info['Version']} (no version/VERSION); update recipe.json")
    new_label = open(version_file).read().strip().lstrip("v").split("-")[0] + "-dev"
    log(f"WARNING {name}: building the current main {info['Version']} as {new_label} instead; record it in recipe.json")
    return new_label, info["Version"]


def install_mirror(name, label, binary):
    arch = goarch()
    for host in HOSTS:
        d = os.path.join(CACHE, "mirror", host, "hashicorp", name, label, arch)
        os.makedirs(d, exist_ok=True)
        dst = os.path.join(d, f"terraform-provider-{name}_v{label}_x5")
        if os.path.exists(dst) and os.path.samefile(dst, binary):
            continue
        if os.path.exists(dst):
            os.remove(dst)
        try:
            os.link(binary, dst)
        except OSError:
            shutil.copy2(binary, dst)


def write_cli_config():
    path = os.path.join(CACHE, "tofurc")
    mirror = os.path.join(CACHE, "mirror")
    text = (
        "# generated by scripts/toolchain/bootstrap.py; offline provider installation\n"
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n'
        "}\n"
        "disable_checkpoint = true\n"
    )
    with open(path, "w") as f:
        f.write(text)
    return path


def ensure_venv(venv=VENV, requirements=REQUIREMENTS, what="checkov, moto[server], AWS CLI, pyiceberg; pinned; ~4 min the first time"):
    req = open(requirements, "rb").read()
    stamp = os.path.join(venv, ".requirements.sha256")
    digest = hashlib.sha256(req).hexdigest()
    if os.path.exists(stamp) and open(stamp).read().strip() == digest:
        return
    t0 = time.time()
    log(f"creating virtualenv {venv} ({what})")
    if not os.path.exists(os.path.join(venv, "bin", "python")):
        run([sys.executable, "-m", "venv", venv])
    pip = os.path.join(venv, "bin", "pip")
    run([pip, "install", "-q", "--disable-pip-version-check", "-r", requirements])
    with open(stamp, "w") as f:
        f.write(digest + "\n")
    log(f"virtualenv ready in {time.time() - t0:.0f}s")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ensure_velocity(spec):
    """Apache Velocity 1.7 + Commons Lang/Collections jars from Maven Central into <cache>/<dir>,
    through Maven (a repository private to the cache, Central's .sha1 checked), then each file's
    SHA-256 against the recipe. Returns the jar paths."""
    dest = os.path.join(CACHE, spec["dir"])
    jars = [os.path.join(dest, "{1}-{2}.{3}".format(*a["coordinates"].split(":"))) for a in spec["artifacts"]]
    if all(os.path.isfile(j) for j in jars):
        return jars
    mvn = shutil.which("mvn")
    if not mvn:
        sys.exit("bootstrap: Maven (mvn) is needed once to download Apache Velocity 1.7 (apt-get install maven)")
    repo = os.path.join(CACHE, "maven-repo")
    staging = f"{dest}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    log(f"downloading Apache Velocity 1.7 and Commons Lang 2.6 from Maven Central into {dest}")
    for artifact, jar in zip(spec["artifacts"], jars):
        group, name, version, packaging = artifact["coordinates"].split(":")
        cached = os.path.join(repo, *group.split("."), name, version, f"{name}-{version}.{packaging}")
        if not os.path.isfile(cached) or sha256_file(cached) != artifact["sha256"]:
            run([mvn, "--batch-mode", "--quiet", "--strict-checksums", f"-Dmaven.repo.local={repo}",
                 f"{spec['dependencyPlugin']}:get", f"-Dartifact={artifact['coordinates']}", "-Dtransitive=false"],
                stdout=subprocess.DEVNULL)
        digest = sha256_file(cached)
        if digest != artifact["sha256"]:
            os.remove(cached)
            sys.exit(f"bootstrap: {artifact['coordinates']} has SHA-256 {digest}, expected {artifact['sha256']} "
                     f"(scripts/toolchain/recipe.json); the file was deleted")
        shutil.copy2(cached, os.path.join(staging, os.path.basename(jar)))
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(staging, dest)
    return jars


def ensure_jq(spec):
    """gojq built from its Go module into <cache>/bin/<dir>, with a `jq` link beside it."""
    dest = os.path.join(CACHE, "bin", spec["dir"])
    jq = os.path.join(dest, "jq")
    if os.access(jq, os.X_OK):
        return jq
    if not shutil.which("go"):
        sys.exit("bootstrap: Go is needed once to build jq (gojq) from its Go module")
    staging = f"{dest}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    log(f"building gojq {spec['version']} from its Go module (about 30 s the first time)")
    env = dict(os.environ, GOBIN=staging, CGO_ENABLED="0", GOFLAGS="-buildvcs=false")
    run(["go", "install", "-trimpath", "-ldflags=-s -w", f"{spec['module']}@{spec['version']}"], env=env)
    os.symlink("gojq", os.path.join(staging, "jq"))
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(staging, dest)
    return jq


def ensure_test_engines(recipe):
    spec = recipe["testEngines"]
    jars = ensure_velocity(spec["velocity"])
    jq = ensure_jq(spec["jq"])
    # LuaJIT has a builder of its own (Rust registry source, pinned by Cargo.lock); it prints the binary.
    luajit = run(["bash", os.path.join(ROOT, "scripts", "toolchain", "luajit.sh")], capture_output=True, text=True).stdout.strip()
    log(f"test engines: {', '.join(os.path.basename(j) for j in jars)}; jq {jq}; luajit {luajit}; moto and aws in {VENV}/bin")


def main():
    t0 = time.time()
    recipe = json.load(open(RECIPE_PATH))
    os.makedirs(os.path.join(CACHE, "bin"), exist_ok=True)
    mode = os.environ.get("VERIFY_PROVIDERS", "mirror")  # "registry": engine installs providers itself
    if "--test-engines" in sys.argv:
        ensure_venv()
        ensure_venv(COGNITO_VENV, COGNITO_REQUIREMENTS, "boto3 + moto for the Cognito API-model checks, pinned; ~1 min")
        ensure_venv(AWS_CLI_VENV, AWS_CLI_REQUIREMENTS, "AWS CLI + botocore with the current cognito-idp model, pinned; ~30 s")
        ensure_test_engines(recipe)
        log(f"test engines ready in {time.time() - t0:.1f}s")
        return
    if "--venv-only" not in sys.argv:
        engine, kind = ensure_engine(recipe)
        log(f"engine: {engine} ({kind})")
        env_lines = [f"VERIFY_TF_BIN={engine}", f"VERIFY_PROVIDERS={mode}"]
        overrides = {}
        if mode == "mirror":
            for name, (source, version) in provider_versions().items():
                binary, label, exact, how = ensure_provider(name, version, recipe["providers"][name])
                install_mirror(name, label, binary)
                log(f"provider {name}: wanted {version}, mirror has {label} ({how})")
                if not exact:
                    overrides[name] = {"source": source.split("/", 1)[1] if source.count("/") == 2 else source,
                                       "wanted": version, "version": label}
            env_lines.append(f"VERIFY_TF_CLI_CONFIG={write_cli_config()}")
        env_lines.append("VERIFY_PROVIDER_OVERRIDES=" + json.dumps(overrides, separators=(",", ":")))
        with open(os.path.join(CACHE, "toolchain.env"), "w") as f:
            for line in env_lines:
                k, v = line.split("=", 1)
                f.write(f"{k}={shlex_quote(v)}\n")
        toolchain = {
            "tf_bin": engine,
            "providers": mode,
            "cli_config": os.path.join(CACHE, "tofurc") if mode == "mirror" else None,
            "provider_overrides": overrides,
        }
        with open(os.path.join(CACHE, "toolchain.json"), "w") as f:
            json.dump(toolchain, f, indent=2, sort_keys=True)
            f.write("\n")
    if "--no-venv" not in sys.argv:
        ensure_venv()
        ensure_venv(COGNITO_VENV, COGNITO_REQUIREMENTS, "boto3 + moto for the Cognito API-model checks, pinned; ~1 min")
        ensure_venv(AWS_CLI_VENV, AWS_CLI_REQUIREMENTS, "AWS CLI + botocore with the current cognito-idp model, pinned; ~30 s")
    log(f"toolchain ready in {time.time() - t0:.0f}s ({os.path.join(CACHE, 'toolchain.json')})")


def shlex_quote(s):
    import shlex
    return shlex.quote(s)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(f"bootstrap: command failed ({exc.returncode}): {' '.join(map(str, exc.cmd))}")
