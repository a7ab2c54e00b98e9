#!/usr/bin/env python3
"""Checks the deploy examples: the GitHub Actions workflow parses as YAML and
has what docs/ci.md promises, and docs/deploy.md carries the nginx block of
examples/nginx/warraq.conf verbatim. Needs PyYAML (`pip install pyyaml`).

Usage: scripts/check-examples.py  (from anywhere; exit status 1 on failure)
"""
import pathlib
import sys

try:
    import yaml
except ImportError:
    sys.exit("PyYAML is missing: python3 -m pip install pyyaml")

ROOT = pathlib.Path(__file__).resolve().parent.parent
failures = []


def expect(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


workflow_path = ROOT / "examples/github-actions/warraq.yml"
wf = yaml.safe_load(workflow_path.read_text(encoding="utf-8"))
# YAML 1.1 reads the key `on` as true.
on = wf.get("on", wf.get(True)) or {}
expect(isinstance(on, dict), "workflow has triggers")
crons = [s.get("cron") for s in on.get("schedule", [])]
expect(len(crons) == 1 and len(crons[0].split()) == 5 and crons[0].split()[1] == "*", f"hourly cron: {crons}")
expect("workflow_dispatch" in on, "manual dispatch")
perms = wf.get("permissions", {})
expect(perms == {"contents": "read"}, f"workflow-wide permissions: contents read only ({perms})")
conc = wf.get("concurrency", {})
expect(bool(conc.get("group")) and conc.get("cancel-in-progress") is False, "concurrency group, runs never overlap")

jobs = wf.get("jobs", {})
build = jobs.get("build", {})
expect(build.get("permissions", {}).get("contents") == "write", "build job: contents write (commits back)")
deploy_perms = jobs.get("deploy", {}).get("permissions", {})
expect(deploy_perms.get("pages") == "write" and deploy_perms.get("id-token") == "write", "deploy job: pages and id-token write")
expect(all("contents" not in j.get("permissions", {}) for n, j in jobs.items() if n != "build"), "only the build job writes contents")
steps = build.get("steps", [])
uses = [s.get("uses", "") for s in steps]
runs = [s.get("run", "") for s in steps]
expect(all("runs-on" in j and "steps" in j for j in jobs.values()), "every job has runs-on and steps")
expect(any(u.startswith("actions/checkout@") for u in uses), "checkout")
cache = next((s for s in steps if s.get("uses", "").startswith("actions/cache@")), None)
expect(cache is not None and cache["with"]["path"] == "~/.cargo/bin/warraq", "caches ~/.cargo/bin/warraq")
expect(cache is not None and "WARRAQ_VERSION" in cache["with"]["key"], "cache keyed on the warraq version")
restore = next((i for i, u in enumerate(uses) if u.startswith("actions/cache/restore@")), -1)
save = next((i for i, u in enumerate(uses) if u.startswith("actions/cache/save@")), -1)
build_step = next((i for i, r in enumerate(runs) if r.strip().startswith("warraq build")), -1)
expect(0 <= restore < build_step < save, "restores the build cache before the build and saves it after")
for i in (restore, save):
    paths = steps[i]["with"]["path"].split() if i >= 0 else []
    expect(paths == [".warraq-cache", "public"], f"the build cache step keeps .warraq-cache and public ({paths})")
expect(
    restore >= 0 and save >= 0 and steps[restore]["with"]["key"] == steps[save]["with"]["key"]
    and "github.run_id" in steps[save]["with"]["key"]
    and steps[save]["with"]["key"].startswith(steps[restore]["with"].get("restore-keys", "-").strip()),
    "a new cache entry per run, restored by its prefix",
)
install = next((s for s in steps if "cargo install" in s.get("run", "")), None)
expect(install is not None and "cache-hit" in install.get("if", ""), "installs warraq only on a cache miss")


def index_of(pred, what):
    for i, r in enumerate(runs):
        if pred(r):
            return i
    expect(False, what)
    return -1


i_ingest = index_of(lambda r: r.strip().startswith("warraq ingest --keep-going"), "runs warraq ingest --keep-going")
i_build = index_of(
    lambda r: r.strip().startswith("warraq build --keep-going") and "steps.pages.outputs.base_url" in r,
    "runs warraq build --keep-going with the base URL from configure-pages",
)
expect(i_build >= 0 and "--trust-output" in runs[i_build], "the build trusts the output restored with its cache")
i_check = index_of(lambda r: r.strip().startswith("warraq check --keep-going"), "runs warraq check --keep-going")
i_pages = next((i for i, u in enumerate(uses) if u.startswith("actions/configure-pages@")), -1)
expect(0 <= i_pages < i_build and steps[i_pages].get("id") == "pages", "configure-pages (id: pages) runs before the build")
expect("github.event.repository.name" not in workflow_path.read_text(encoding="utf-8"), "no URL from github.event")
i_commit = index_of(lambda r: "git commit" in r and "git push" in r, "commits and pushes")
expect(0 <= i_ingest < i_build < i_check < i_commit, "order: ingest, build, check, commit")
commit = runs[i_commit] if i_commit >= 0 else ""
expect("content/articles" in commit and "git diff --cached --quiet" in commit, "commits content/articles only when it changed")
i_upload = next((i for i, u in enumerate(uses) if u.startswith("actions/upload-pages-artifact@")), -1)
expect(i_upload > i_check, "uploads the Pages artifact after check")
expect(i_upload >= 0 and steps[i_upload]["with"]["path"] == "public", "artifact is public/")
deploy = jobs.get("deploy", {})
expect(deploy.get("needs") == "build", "deploy needs build")
expect(any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy.get("steps", [])), "deploy-pages")
expect(deploy.get("environment", {}).get("name") == "github-pages", "github-pages environment")
report = jobs.get("report", {})
expect(report.get("needs") == ["build", "deploy"] and "failed" in report.get("if", ""), "a failed ingest fails the run after the deploy")

# docs/deploy.md shows the nginx block exactly as the nginx check serves it.
conf = (ROOT / "examples/nginx/warraq.conf").read_text(encoding="utf-8")
deploy_md = (ROOT / "docs/deploy.md").read_text(encoding="utf-8")
expect(conf.strip() in deploy_md, "docs/deploy.md contains examples/nginx/warraq.conf verbatim")
ci_md = (ROOT / "docs/ci.md").read_text(encoding="utf-8")
expect("examples/github-actions/warraq.yml" in ci_md, "docs/ci.md points at the workflow")

# netlify.toml in docs/deploy.md parses (Python 3.11+ has tomllib).
try:
    import tomllib
except ImportError:
    tomllib = None
if tomllib is not None:
    block = deploy_md.split("```toml\n", 1)[1].split("```", 1)[0]
    try:
        toml = tomllib.loads(block)
        expect(toml["build"]["publish"] == "public", "netlify.toml publishes public/")
    except Exception as e:  # noqa: BLE001
        expect(False, f"netlify.toml parses: {e}")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print("examples check: all passed")
