"""The library: `Linter` for repeated checks, `lint_text` for one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path

from tonecheck import files, langdetect
from tonecheck.engine import Engine
from tonecheck.errors import InputError, UsageError
from tonecheck.nlp import LANGUAGES, check_language, load_pipeline
from tonecheck.report import CATEGORIES, FailOn, FileError, FileResult, Report
from tonecheck.rules.compile import compile_rules
from tonecheck.rules.model import Profile, Rule, RuleBook
from tonecheck.rules.schema import did_you_mean, load_rulebook

AUTO = "auto"
DEFAULT_PROFILE = "auto"


def builtin_pack() -> Path:
    """The folder of the rule packs shipped with tonecheck.

    An installed wheel carries them as tonecheck/packs; a source checkout (or an editable
    install) keeps them in the repository's top-level rules/ folder.
    """
    package = Path(__file__).resolve().parent
    installed = package / "packs"
    return installed if installed.is_dir() else package.parents[1] / "rules"


class Linter:
    """Checks messages. Build it once: pipelines and compiled rules are made on first use per
    language and reused for every later check.

    >>> linter = Linter(lang="en")
    >>> report = linter.check("Per my last email, you failed to send the files.")
    >>> report.ok
    False
    """

    def __init__(
        self,
        lang: str = AUTO,
        *,
        model: str | None = None,
        profile: str | None = None,
        fail_on: str | FailOn = FailOn.WARNING,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        rule_paths: Sequence[str | Path] = (),
    ) -> None:
        self.lang = lang if lang == AUTO else check_language(lang)
        self.model = model
        self.fail_on = _fail_on(fail_on)
        self.book: RuleBook = load_rulebook([builtin_pack(), *map(_pack_path, rule_paths)])
        self.profile: Profile = self._profile(profile or DEFAULT_PROFILE)
        self.rules: tuple[Rule, ...] = _selected(self.book.rules, select, ignore)
        self._engines: dict[str, Engine] = {}

    # -- checking ------------------------------------------------------------------------------

    def check(self, text: str, *, path: str = "<text>", lang: str | None = None) -> Report:
        """Check one message and return a Report (use `report.ok` for a pre-send gate)."""
        return Report(files=(self.check_result(text, path=path, lang=lang),), fail_on=self.fail_on)

    def check_result(
        self, text: str, *, path: str = "<text>", lang: str | None = None
    ) -> FileResult:
        return self.engine(self.language_of(text, lang)).check(text, path)

    def check_many(
        self, texts: Iterable[str], *, lang: str | None = None, batch_size: int = 128
    ) -> Iterator[FileResult]:
        """Check a stream of messages, in order, batching the spaCy work of each language."""
        batch: list[tuple[str, str]] = []
        batch_lang = ""
        for index, text in enumerate(texts):
            text_lang = self.language_of(text, lang)
            if batch and (text_lang != batch_lang or len(batch) >= batch_size):
                yield from self.engine(batch_lang).check_many(batch)
                batch = []
            batch_lang = text_lang
            batch.append((f"<text {index + 1}>", text))
        if batch:
            yield from self.engine(batch_lang).check_many(batch)

    def check_paths(self, paths: Iterable[str]) -> Report:
        """Lint files, folders and "-" (standard input); unreadable inputs become report errors."""
        results: list[FileResult] = []
        errors: list[FileError] = []
        for source in files.discover(paths):
            try:
                if isinstance(source, InputError):
                    raise source
                results.append(self.check_result(files.read(source), path=source.path))
            except InputError as exc:
                errors.append(FileError(exc.path, exc.code, exc.message))
        return Report(files=tuple(results), errors=tuple(errors), fail_on=self.fail_on)

    # -- set-up --------------------------------------------------------------------------------

    def language_of(self, text: str, lang: str | None = None) -> str:
        chosen = lang or self.lang
        if chosen == AUTO:
            return langdetect.detect(text, default="en").lang
        return check_language(chosen)

    def engine(self, lang: str) -> Engine:
        """The compiled rules of a language, built on first use."""
        if lang not in self._engines:
            pipeline = load_pipeline(lang, self.model)
            compiled = compile_rules(self.rules, self.book.markers.values(), pipeline)
            self._engines[lang] = Engine(compiled, self.profile)
        return self._engines[lang]

    def prepare(self, langs: Iterable[str] = LANGUAGES) -> None:
        """Build pipelines and compile rules now rather than on the first check."""
        for lang in langs:
            self.engine(lang)

    @cached_property
    def rule_index(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.book.rules}

    def _profile(self, name: str) -> Profile:
        if name not in self.book.profiles:
            hint = did_you_mean(name, self.book.profiles)
            known = ", ".join(sorted(self.book.profiles))
            raise UsageError(f"unknown profile {name!r} (known: {known}){hint}")
        return self.book.profiles[name]


def lint_text(text: str, lang: str = AUTO, **options: object) -> Report:
    """Check one message with a throwaway Linter (pipelines are still cached per process)."""
    return Linter(lang, **options).check(text)  # type: ignore[arg-type]


def _fail_on(value: str | FailOn) -> FailOn:
    try:
        return FailOn(value)
    except ValueError:
        choices = ", ".join(f.value for f in FailOn)
        raise UsageError(f"unknown fail level {value!r}: use one of {choices}") from None


def _pack_path(path: str | Path) -> Path:
    pack = Path(path)
    if not pack.exists():
        raise UsageError(f"rule pack {str(path)!r} not found")
    return pack


def _selected(
    rules: Sequence[Rule], select: Sequence[str], ignore: Sequence[str]
) -> tuple[Rule, ...]:
    """The rules named (by id or category) in select, minus those in ignore."""
    known = {r.id for r in rules} | set(CATEGORIES)
    for name in (*select, *ignore):
        if name not in known:
            raise UsageError(f"unknown rule or category {name!r}{did_you_mean(name, known)}")

    def named(rule: Rule, names: Sequence[str]) -> bool:
        return rule.id in names or rule.category in names

    return tuple(r for r in rules if (not select or named(r, select)) and not named(r, ignore))
