"""The JSON report validates against its JSON Schema, and its positions can be trusted."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tonecheck import Linter
from tonecheck.positions import LineIndex

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "src" / "tonecheck" / "schemas" / "report.schema.json").read_text())
EXAMPLES = sorted((ROOT / "examples").rglob("*.txt"))


def validate(document: dict[str, object]) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


def test_the_report_of_the_shipped_examples_validates(linter: Linter) -> None:
    report = linter.check_paths([str(p) for p in EXAMPLES] + [str(ROOT / "missing.txt")])
    document = json.loads(report.to_json())
    validate(document)
    assert document["summary"]["files"] == len(EXAMPLES)
    assert document["errors"][0]["code"] == "not-found"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_offsets_lines_and_columns_agree_with_the_text(linter: Linter, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = linter.check_result(text, path=str(path))
    lines = LineIndex(text)
    for f in result.findings:
        assert text[f.start : f.end] == f.match
        assert lines.line_col(f.start) == (f.line, f.column)
        assert lines.line_col(f.end) == (f.end_line, f.end_column)


def test_the_schema_rejects_a_report_with_a_missing_field(linter: Linter) -> None:
    document = json.loads(linter.check("Fine.").to_json())
    del document["files"][0]["stats"]
    with pytest.raises(jsonschema.ValidationError):
        validate(document)


def test_the_schema_ships_inside_the_package() -> None:
    import tonecheck

    shipped = Path(tonecheck.__file__).parent / "schemas" / "report.schema.json"
    assert json.loads(shipped.read_text()) == SCHEMA
