"""`tonecheck eval`: precision, recall and F1 per category on labelled messages.

A message counts as flagged for a category when any finding of that category is reported on it,
whatever the level. Labelled files are YAML lists or JSONL, one message per item, with `text`,
`lang` and `labels` (and optionally `id` and `intent`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tonecheck import yamlsafe
from tonecheck.api import Linter
from tonecheck.errors import UsageError
from tonecheck.report import CATEGORIES, FileResult


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    lang: str | None
    labels: frozenset[str]
    intent: str | None = None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: bool, expected: bool) -> None:
        self.tp += predicted and expected
        self.fp += predicted and not expected
        self.fn += expected and not predicted

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class Mistake:
    message: Labelled
    missed: frozenset[str]
    extra: frozenset[str]
    rules: tuple[str, ...]  # the rules that fired for the extra categories


@dataclass
class Scores:
    messages: int = 0
    categories: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    intent: Counts = field(default_factory=Counts)
    mistakes: list[Mistake] = field(default_factory=list)

    def micro(self) -> Counts:
        total = Counts()
        for counts in self.categories.values():
            total.tp, total.fp, total.fn = (
                total.tp + counts.tp,
                total.fp + counts.fp,
                total.fn + counts.fn,
            )
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "categories": {c: counts.to_dict() for c, counts in self.categories.items()},
            "micro": self.micro().to_dict(),
            "termination_intent": self.intent.to_dict(),
            "mistakes": [
                {
                    "id": m.message.id,
                    "missed": sorted(m.missed),
                    "extra": sorted(m.extra),
                    "rules": list(m.rules),
                }
                for m in self.mistakes
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self, *, show_errors: bool = True) -> str:
        head = f"{'category':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}"
        rows = [f"{self.messages} messages", "", head]
        table = [*self.categories.items(), ("all (micro)", self.micro()), ("intent", self.intent)]
        for name, c in table:
            rows.append(
                f"{name:<14}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>7.3f}{c.tp:>6}{c.fp:>5}{c.fn:>5}"
            )
        if show_errors and self.mistakes:
            rows += ["", f"{len(self.mistakes)} messages with a wrong category:"]
            rows += [_describe(m) for m in self.mistakes]
        return "\n".join(rows) + "\n"


def _describe(m: Mistake) -> str:
    parts = []
    if m.missed:
        parts.append(f"missed {','.join(sorted(m.missed))}")
    if m.extra:
        parts.append(f"extra {','.join(sorted(m.extra))} ({', '.join(m.rules)})")
    excerpt = " ".join(m.message.text.split())[:90]
    return f"  {m.message.id}: {'; '.join(parts)}\n      {excerpt}"


def evaluate_corpus(linter: Linter, messages: Iterable[Labelled]) -> Scores:
    scores = Scores()
    for message in messages:
        result = linter.check_result(message.text, path=message.id, lang=message.lang)
        _score(scores, message, result)
    return scores


def _score(scores: Scores, message: Labelled, result: FileResult) -> None:
    scores.messages += 1
    predicted = {f.category for f in result.findings}
    for category, counts in scores.categories.items():
        counts.add(category in predicted, category in message.labels)
    scores.intent.add(result.intent == "termination", message.intent == "termination")
    missed, extra = message.labels - predicted, frozenset(predicted - message.labels)
    if missed or extra:
        rules = tuple(sorted({f.rule for f in result.findings if f.category in extra}))
        scores.mistakes.append(Mistake(message, frozenset(missed), extra, rules))


# -- reading labelled files -----------------------------------------------------------------------


def load_corpus(paths: Sequence[str]) -> list[Labelled]:
    messages: list[Labelled] = []
    for file in _corpus_files(paths):
        messages += _read(file)
    return messages


def _corpus_files(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".jsonl"))
        else:
            yield path


def _read(file: Path) -> list[Labelled]:
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".jsonl":
        items = [
            (i + 1, json.loads(line)) for i, line in enumerate(text.splitlines()) if line.strip()
        ]
    else:
        try:
            data = yamlsafe.load(text) or []
        except yamlsafe.YamlError as exc:
            raise UsageError(f"{file}:{exc.line}: {exc.message}") from None
        if not isinstance(data, yamlsafe.LocList):
            raise UsageError(f"{file}: expected a list of messages")
        items = [(data.line_of(i), item) for i, item in enumerate(data)]
    return [_labelled(file, line, item) for line, item in items]


def _labelled(file: Path, line: int, item: Any) -> Labelled:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise UsageError(f"{file}:{line}: each message needs a 'text'")
    labels = frozenset(item.get("labels") or ())
    unknown = labels - set(CATEGORIES)
    if unknown:
        raise UsageError(f"{file}:{line}: unknown labels {', '.join(sorted(unknown))}")
    return Labelled(
        id=str(item.get("id") or f"{file.name}:{line}"),
        text=item["text"],
        lang=item.get("lang"),
        labels=labels,
        intent=item.get("intent"),
    )
