"""The pre-commit hook, run for real: `pre-commit try-repo` installs tonecheck from this checkout
into its own virtual environment and runs the hook in a temporary git repository.

try-repo takes a repository at a commit, so the test commits a snapshot of the working tree
(tracked and new files, as git would see them) to a temporary repository first.

The install takes a while (spaCy and its dependencies); set TONECHECK_SKIP_PRECOMMIT=1 to skip
it in quick local runs. It runs by default and in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tonecheck.files import SUFFIXES

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / ".pre-commit-hooks.yaml"
EXAMPLES = REPO / "examples" / "en"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "tonecheck tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "tonecheck tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def hooks() -> dict[str, dict[str, object]]:
    return {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}


def test_the_hooks_lint_the_files_tonecheck_lints() -> None:
    for hook in hooks().values():
        assert hook["language"] == "python"
        assert str(hook["entry"]).startswith("tonecheck lint")
        pattern = re.compile(str(hook["files"]))
        for suffix in SUFFIXES:
            assert pattern.search(f"templates/reply{suffix.upper()}"), suffix
        assert not pattern.search("logo.png") and not pattern.search("notes.txt.bak")
    assert hooks()["tonecheck-fix"]["entry"] == "tonecheck lint --fix"


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)
    return done.stdout.decode()


def snapshot(destination: Path) -> Path:
    """This checkout's files (tracked and untracked, minus ignored ones) committed in a new repo."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    git("init", "-q", cwd=destination)
    git("add", "-A", cwd=destination)
    git("commit", "-q", "-m", "snapshot", cwd=destination)
    return destination


def try_repo(hook_repo: Path, work: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """Every hook of the repository, in one run (their environment is installed once)."""
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo)]
    return subprocess.run(
        [*command, "--color", "never", "--files", *files],
        cwd=work,
        env={k: v for k, v in {**os.environ, **GIT_ENV}.items() if k != "PYTHONPATH"},
        capture_output=True,
        text=True,
        timeout=1500,
    )


@pytest.mark.skipif(
    os.environ.get("TONECHECK_SKIP_PRECOMMIT") == "1", reason="TONECHECK_SKIP_PRECOMMIT=1"
)
def test_pre_commit_try_repo_fails_a_bad_draft(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout")
    hook_repo = snapshot(tmp_path / "tonecheck")
    work = tmp_path / "messages"
    work.mkdir()
    git("init", "-q", cwd=work)
    shutil.copy(EXAMPLES / "payment-reminder-draft.txt", work / "reminder-draft.txt")
    shutil.copy(EXAMPLES / "payment-reminder-rewrite.txt", work / "reminder-final.txt")
    shutil.copy(EXAMPLES / "chat-reply-draft.txt", work / "chat.txt")
    git("add", "-A", cwd=work)

    # A bad draft, a rewrite, and a chat reply with safe fixes; both hooks run.
    done = try_repo(hook_repo, work, "reminder-draft.txt", "reminder-final.txt", "chat.txt")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"^tonecheck\.+Failed$", done.stdout, re.MULTILINE), output
    assert re.search(r"^reminder-draft\.txt:\d+:\d+: (error|warning) ", done.stdout, re.M), output
    assert re.search(r"finding.* in 3 files; fails at --fail-on warning\.$", done.stdout, re.M)
    # The fix hook rewrote the chat-speak and told pre-commit the file changed.
    assert re.search(r"^tonecheck \(apply safe fixes\)\.+Failed$", done.stdout, re.M), output
    assert "files were modified by this hook" in done.stdout, output
    fixed = (work / "chat.txt").read_text(encoding="utf-8")
    assert "thanks for the files" in fixed and "thx" not in fixed
    assert (work / "reminder-final.txt").read_bytes() == (
        EXAMPLES / "payment-reminder-rewrite.txt"
    ).read_bytes()
