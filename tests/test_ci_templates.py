"""CI templates for a content repository parse and call make targets that work."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml
from browser import require_chromium
from conftest import ROOT, git_site, make
from kept import kept

GITHUB = ROOT / "deploy" / "ci" / "github-actions.yml"
GITLAB = ROOT / "deploy" / "ci" / "gitlab-ci.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def targets(text: str) -> set[str]:
    """Make targets a template calls (make -C .bip <target> …)."""
    return set(re.findall(r"make -C \.bip (\w+)", text))


def test_github_workflow() -> None:
    flow = load(GITHUB)
    triggers = flow[True]  # YAML 1.1 reads the key `on` as True
    assert {"pull_request", "push", "schedule"} <= set(triggers)
    assert triggers["push"]["branches"] == ["main"]
    check, publish = flow["jobs"]["check"], flow["jobs"]["publish"]
    assert check["steps"][0]["with"]["fetch-depth"] == 0
    assert publish["steps"][0]["with"]["fetch-depth"] == 0
    runs = " ".join(step.get("run", "") for step in check["steps"])
    assert [t for t in ("check", "html", "smoke") if f".bip {t} " in runs] == [
        "check",
        "html",
        "smoke",
    ]
    assert "make -C .bip deploy" in publish["steps"][-1]["run"]
    assert "make -C .bip statystyki" in publish["steps"][-2]["run"]
    # The cache folder the build fills is the one kept between runs.
    (kept,) = [s for s in check["steps"] if "actions/cache" in s.get("uses", "")]
    assert flow["env"]["CACHE"].endswith("/" + kept["with"]["path"])
    assert 'CACHE="$CACHE"' in runs


def test_gitlab_pipeline() -> None:
    pipeline = load(GITLAB)
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    check, publish = pipeline["check"], pipeline["publish"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert any("schedule" in rule["if"] for rule in publish["rules"])
    assert [line.split()[3] for line in check["script"]] == ["check", "html", "smoke"]
    assert publish["script"][0].startswith("make -C .bip statystyki LOGI=")
    assert "|| echo" in publish["script"][0]  # statistics never stop publishing
    assert publish["script"][1].startswith("make -C .bip deploy")
    # The cache folder the build fills is the one kept between runs.
    cache = pipeline["variables"]["CACHE"]
    assert [cache.replace("$CI_PROJECT_DIR/", "") + "/"] == check["cache"]["paths"]
    assert 'CACHE="$CACHE"' in check["script"][1]


def test_every_target_they_call_exists() -> None:
    called = targets(GITHUB.read_text()) | targets(GITLAB.read_text())
    assert called == {"check", "html", "smoke", "statystyki", "deploy"}
    for target in called:
        run = make("-n", target, "CONTENT=content", "DEPLOY_DIR=/tmp/nic")
        assert run.returncode == 0, run.stderr


def test_pre_commit_hook_runs_the_check() -> None:
    (hook,) = load(PRE_COMMIT)["repos"][0]["hooks"]
    assert hook["entry"].startswith("make check") and hook["files"] == "^content/"
    run = subprocess.run(
        hook["entry"].split(), cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_merge_request_steps_on_a_content_repository(tmp_path: Path) -> None:
    """What the check job runs, on a fresh content repository with history."""
    require_chromium()
    content = git_site("basic", tmp_path)
    output, index = tmp_path / "output", tmp_path / "search_index"
    cache = tmp_path / "cache"
    build = ["html", f"CONTENT={content}", f"OUTPUT={output}", f"INDEX={index}"]
    for step in (
        ["check", f"CONTENT={content}"],
        [*build, f"CACHE={cache}"],
        ["smoke", f"OUTPUT={output}", f"INDEX={index}"],
    ):
        run = make(*step)
        assert run.returncode == 0, (step, run.stdout[-2000:], run.stderr[-2000:])
    assert "bez naruszeń" in run.stdout
    assert kept(cache, "render"), "the build kept nothing in CACHE"
    # Without CACHE, the results are kept beside the index.
    assert make(*build).returncode == 0
    assert kept(index / ".cache", "render")
