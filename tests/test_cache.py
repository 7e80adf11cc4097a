"""The rule-book cache: reused when current, rebuilt after any change, ignored when untrusted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tonecheck.rules import cache
from tonecheck.rules.model import RuleBook
from tonecheck.rules.schema import load_rulebook

PACK = """\
rules:
  - id: blame.cached-rule
    kind: phrase
    level: warning
    summary: A test rule.
    message: "{match}"
    explain: Because.
    en:
      phrases: [your fault]
      suggest: ["Say what happened."]
      examples: {flag: ["It was [your fault]."], pass: ["It was late."]}
"""


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TONECHECK_NO_CACHE", raising=False)
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "rules.yaml").write_text(PACK, encoding="utf-8")
    return folder


def _load(pack: Path, calls: list[int]) -> RuleBook:
    def load() -> RuleBook:
        calls.append(1)
        return load_rulebook([pack])

    return cache.cached([pack], load)


def test_a_current_cache_is_reused(pack: Path) -> None:
    calls: list[int] = []
    first = _load(pack, calls)
    second = _load(pack, calls)
    assert len(calls) == 1
    assert second == first and second is not first


def test_any_change_to_a_pack_file_rebuilds(pack: Path) -> None:
    calls: list[int] = []
    _load(pack, calls)
    rules = pack / "rules.yaml"
    rules.write_text(PACK.replace("your fault", "your mistake"), encoding="utf-8")
    os.utime(rules, ns=(rules.stat().st_atime_ns, rules.stat().st_mtime_ns + 10**9))
    book = _load(pack, calls)
    assert len(calls) == 2
    assert book.rules[0].langs["en"].match.phrases == ("your mistake",)


def test_a_cache_file_others_can_write_is_not_read(pack: Path, tmp_path: Path) -> None:
    calls: list[int] = []
    _load(pack, calls)
    (stored,) = (tmp_path / "cache" / "tonecheck").glob("rulebook-*.pickle")
    stored.chmod(0o666)
    _load(pack, calls)
    assert len(calls) == 2


def test_a_corrupt_cache_file_is_rebuilt(pack: Path, tmp_path: Path) -> None:
    calls: list[int] = []
    _load(pack, calls)
    (stored,) = (tmp_path / "cache" / "tonecheck").glob("rulebook-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert _load(pack, calls).rules[0].id == "blame.cached-rule"
    assert len(calls) == 2


def test_the_cache_can_be_turned_off(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONECHECK_NO_CACHE", "1")
    calls: list[int] = []
    _load(pack, calls)
    _load(pack, calls)
    assert len(calls) == 2


def test_an_unwritable_cache_folder_is_not_an_error(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(blocker))
    assert _load(pack, []).rules[0].id == "blame.cached-rule"
