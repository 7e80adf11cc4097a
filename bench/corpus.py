"""A deterministic corpus of client messages for the benchmark, in English and Italian.

Message `i` depends only on (seed, i): the corpus of 2,000 messages is the first 2,000 of the
corpus of 100,000, and a message can be rebuilt on its own. Each message is composed from the
sentence banks in banks_en.py and banks_it.py (written for the benchmark): a greeting, an
opener, body sentences of one scenario (payment reminder, reply to a complaint, project update,
scope change, termination notice, meeting), a closing and a sign-off. About a third of the
messages are clean; the others carry one to three problem sentences (hostile, blame,
sugar-coating, opinion, register, contract, a long sentence) or, for a termination notice, miss
part of its checklist or the offer of a call. Invoice numbers, amounts and dates are random,
so the vocabulary keeps growing with the corpus as real mail does.

    python bench/corpus.py --show 3          # print three messages
    python bench/corpus.py --stats 5000      # the mix and word counts of 5,000 messages
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import banks_en
import banks_it

SEED = 2024
LANGS: tuple[tuple[str, float], ...] = (("en", 0.55), ("it", 0.45))
BANKS: dict[str, ModuleType] = {"en": banks_en, "it": banks_it}
CLEAN_SHARE = 1 / 3
MIN_WORDS, MODE_WORDS, MAX_WORDS = 40, 90, 250
# A clean message stays under the default email budget (200 words) so that it is really clean.
MAX_CLEAN_WORDS = 190
SCENARIOS = ("payment", "complaint", "update", "scope", "termination", "meeting")
CATEGORY_WEIGHTS = {
    "hostile": 3,
    "blame": 3,
    "sugarcoating": 2,
    "opinion": 2,
    "register": 2,
    "length": 2,
    "contract": 1,
}
# Termination notices: the sentences that make the checklist (decision, reason, next steps,
# referral, thanks) and the offer of a call; a "checklist" problem drops some of them.
TERMINATION_CHECKLIST = (0, 1, 3, 4, 5)
TERMINATION_CALL = 6
FILES_PER_FOLDER = 1000


@dataclass(frozen=True)
class Message:
    index: int
    lang: str
    scenario: str
    categories: tuple[str, ...]  # the problems put in; () for a clean message
    text: str

    @property
    def words(self) -> int:
        return count_words(self.text)

    def to_json(self) -> str:
        record = {
            "lang": self.lang,
            "categories": list(self.categories),
            "words": self.words,
            "text": self.text,
        }
        return json.dumps(record, ensure_ascii=False)


def count_words(text: str) -> int:
    """Words as the benchmark counts them, for every measurement: whitespace-split tokens."""
    return len(text.split())


# -- one message ---------------------------------------------------------------------------------


def message(index: int, seed: int = SEED) -> Message:
    rng = random.Random(f"{seed}:{index}")
    lang = _weighted(rng, LANGS)
    scenario = rng.choice(SCENARIOS)
    clean = rng.random() < CLEAN_SHARE
    categories = () if clean else _categories(rng, scenario)
    for _ in range(50):
        text = _compose(rng, BANKS[lang], scenario, categories)
        if MIN_WORDS <= count_words(text) <= MAX_WORDS:
            return Message(index, lang, scenario, categories, text)
    raise AssertionError(f"message {index}: no composition within {MIN_WORDS}-{MAX_WORDS} words")


def messages(count: int, seed: int = SEED, start: int = 0) -> Iterator[Message]:
    return (message(i, seed) for i in range(start, start + count))


def _weighted(rng: random.Random, choices: Sequence[tuple[str, float]]) -> str:
    names = [name for name, _ in choices]
    return rng.choices(names, weights=[w for _, w in choices])[0]


def _categories(rng: random.Random, scenario: str) -> tuple[str, ...]:
    pool = dict(CATEGORY_WEIGHTS)
    if scenario == "termination":
        pool.update(checklist=3, channel=2)
    count = rng.choice((1, 1, 1, 2, 2, 3))
    chosen: list[str] = []
    while len(chosen) < count:
        name = _weighted(rng, [(k, float(v)) for k, v in pool.items() if k not in chosen])
        chosen.append(name)
    return tuple(sorted(chosen))


def _compose(
    rng: random.Random,
    bank: ModuleType,
    scenario: str,
    categories: tuple[str, ...],
    target: int | None = None,
) -> str:
    values = _values(rng, bank)
    if target is None:
        limit = MAX_WORDS if categories else MAX_CLEAN_WORDS
        target = min(limit, round(rng.triangular(MIN_WORDS, MAX_WORDS, MODE_WORDS)))
    greeting = rng.choice(bank.GREETINGS_FORMAL + bank.GREETINGS_INFORMAL)
    closing = [rng.choice(bank.CLOSINGS), f"{rng.choice(bank.SIGNOFFS)}\n{values['sender']}"]
    body = [rng.choice(bank.OPENERS), *_required(rng, bank, scenario, categories)]
    problems = [_problem(rng, bank, c) for c in categories if c not in ("checklist", "channel")]
    used = count_words(" ".join([greeting, *body, *problems, *closing]))
    body += _filler(rng, bank, scenario, target - used, exclude=body)
    for sentence in problems:
        body.insert(rng.randint(1, len(body)), sentence)
    paragraphs = _paragraphs(rng, body)
    text = "\n\n".join([greeting, *paragraphs, *closing]) + "\n"
    return _fill(text, values, italian=bank is banks_it)


def _required(
    rng: random.Random, bank: ModuleType, scenario: str, categories: tuple[str, ...]
) -> list[str]:
    """A termination notice's own sentences, minus what its problems leave out."""
    if scenario != "termination":
        return []
    keep = [*TERMINATION_CHECKLIST, TERMINATION_CALL]
    if "checklist" in categories:
        for dropped in rng.sample(TERMINATION_CHECKLIST[1:], rng.randint(1, 2)):
            keep.remove(dropped)
    if "channel" in categories:
        keep.remove(TERMINATION_CALL)
    return [bank.SCENARIOS[scenario][i] for i in sorted(keep)]


def _filler(
    rng: random.Random, bank: ModuleType, scenario: str, budget: int, exclude: list[str]
) -> list[str]:
    """Scenario sentences (in their order), then general ones, up to about `budget` words."""
    own = [s for s in bank.SCENARIOS[scenario] if s not in exclude]
    if scenario == "termination":
        own = []  # the notice's sentences are all required ones
    picked = sorted(rng.sample(range(len(own)), k=rng.randint(len(own) // 2, len(own))))
    candidates = [own[i] for i in picked] + rng.sample(bank.GENERIC, k=len(bank.GENERIC))
    chosen: list[str] = []
    for sentence in candidates:
        words = count_words(sentence)
        if words <= budget:
            chosen.append(sentence)
            budget -= words
        if budget < 5:
            break
    return chosen


def _problem(rng: random.Random, bank: ModuleType, category: str) -> str:
    if category == "length":
        clauses: list[str] = rng.sample(bank.LONG_CLAUSES, k=rng.randint(4, 5))
        sentence = clauses[0]
        for clause in clauses[1:]:
            sentence += rng.choice(bank.LONG_JOINERS) + clause
        return sentence[0].upper() + sentence[1:] + "."
    return str(rng.choice(bank.PROBLEMS[category]))


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    paragraphs: list[str] = []
    rest = list(sentences)
    while rest:
        size = rng.choice((1, 2, 2, 3))
        paragraphs.append(" ".join(rest[:size]))
        rest = rest[size:]
    return paragraphs


def _values(rng: random.Random, bank: ModuleType) -> dict[str, str]:
    first, surname = rng.choice(bank.FIRST_NAMES), rng.choice(bank.SURNAMES)
    month, day = rng.choice(bank.MONTHS), rng.randint(1, 28)
    italian = bank is banks_it
    prefix = "FT" if italian else "INV"
    return {
        "name": f"{rng.choice(bank.TITLES)} {surname}",
        "first": first,
        "sender": f"{rng.choice(bank.FIRST_NAMES)} {rng.choice(bank.SURNAMES)}",
        "company": rng.choice(bank.COMPANIES),
        "project": rng.choice(bank.PROJECTS),
        "invoice": f"{prefix}-{rng.randint(2019, 2025)}-{rng.randrange(99999):05d}",
        "amount": _amount(rng, bank, italian),
        "date": f"{day} {month}" if italian else f"{month} {day}",
        "days": str(rng.choice((5, 7, 10, 14, 30))),
        "ticket": f"#{rng.randint(10000, 99999)}",
        "weekday": rng.choice(bank.WEEKDAYS),
    }


def _amount(rng: random.Random, bank: ModuleType, italian: bool) -> str:
    units, cents = rng.randint(80, 48000), rng.choice((0, 0, 50, rng.randint(1, 99)))
    if italian:
        return f"{units:,}".replace(",", ".") + f",{cents:02d} €"
    return f"{rng.choice(bank.CURRENCIES)}{units:,}.{cents:02d}"


def _fill(text: str, values: dict[str, str], italian: bool) -> str:
    filled = text.format_map(values)
    if italian:  # "a proposito di il sito" -> "a proposito del sito"
        filled = _IT_ARTICLES.sub(lambda m: _IT_CONTRACTIONS[m.group(0).lower()], filled)
    return filled[0].upper() + filled[1:]


_IT_CONTRACTIONS = {
    f"{prep} {article}": f"{joined}{suffix}"
    for prep, joined in (("di", "de"), ("a", "a"), ("da", "da"), ("in", "ne"), ("su", "su"))
    for article, suffix in (("il", "l"), ("la", "lla"), ("l'", "ll'"))
}
_IT_ARTICLES = re.compile(r"\b(?:di|a|da|in|su) (?:(?:il|la)(?=\s)|l'(?=\w))")


# -- fixed-length messages for the latency measurement -------------------------------------------


def message_of_words(lang: str, words: int, variant: int, seed: int = SEED) -> str:
    """A message of exactly `words` words in `lang`, clean or not as the usual mix has it."""
    rng = random.Random(f"{seed}:{lang}:{words}:{variant}")
    for _ in range(1000):
        scenario = rng.choice(SCENARIOS)
        clean = rng.random() < CLEAN_SHARE
        categories = () if clean else _categories(rng, scenario)
        text = _compose(rng, BANKS[lang], scenario, categories, target=words)
        if count_words(text) == words:
            return text
    raise AssertionError(f"no {lang} message of exactly {words} words (variant {variant})")


# -- writing the corpus ----------------------------------------------------------------------------


class Summary(NamedTuple):
    lang: str
    words: int
    clean: bool


def write_jsonl(path: Path, count: int, seed: int = SEED) -> list[Summary]:
    """Write `count` messages, one JSON object a line; return what each message is."""
    written: list[Summary] = []
    with path.open("w", encoding="utf-8") as out:
        for item in messages(count, seed):
            out.write(item.to_json() + "\n")
            written.append(Summary(item.lang, item.words, not item.categories))
    return written


def write_files(folder: Path, count: int, seed: int = SEED) -> int:
    """Write `count` messages as .txt files, 1,000 a sub-folder; return the words in all."""
    total = 0
    for item in messages(count, seed):
        sub = folder / f"batch-{item.index // FILES_PER_FOLDER:03d}"
        if item.index % FILES_PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"message-{item.index:06d}.txt").write_text(item.text, encoding="utf-8")
        total += item.words
    return total


class Record(NamedTuple):
    lang: str
    text: str
    clean: bool
    words: int


def read_jsonl(path: Path, limit: int) -> Iterator[Record]:
    """The first `limit` messages of a corpus file, streamed."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= limit:
                return
            item = json.loads(line)
            yield Record(item["lang"], item["text"], not item["categories"], item["words"])


# -- a look at the corpus ----------------------------------------------------------------------


def stats(count: int, seed: int = SEED) -> dict[str, object]:
    items = list(messages(count, seed))
    words = [m.words for m in items]
    problems = Counter(c for m in items for c in m.categories)
    return {
        "messages": count,
        "languages": dict(Counter(m.lang for m in items)),
        "scenarios": dict(Counter(m.scenario for m in items)),
        "clean_share": round(sum(not m.categories for m in items) / count, 3),
        "problems": dict(problems.most_common()),
        "words": {
            "min": min(words),
            "median": statistics.median(words),
            "mean": round(statistics.fmean(words), 1),
            "max": max(words),
            "total": sum(words),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N messages")
    parser.add_argument("--start", type=int, default=0, help="index of the first message shown")
    parser.add_argument("--stats", type=int, default=0, metavar="N", help="summarise N messages")
    args = parser.parse_args(argv)
    for item in messages(args.show, args.seed, args.start):
        labels = ", ".join(item.categories) or "clean"
        print(f"--- #{item.index} {item.lang} {item.scenario} [{labels}] {item.words} words")
        print(item.text)
    if args.stats:
        print(json.dumps(stats(args.stats, args.seed), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
