"""The library: `Linter` for repeated checks, `lint_text` for one."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from tonecheck import files, heap, langdetect, limits, parallel, startup
from tonecheck.config import RULE_SETTINGS, Configuration, Settings, check_names
from tonecheck.engine import Engine
from tonecheck.errors import InputError, UsageError
from tonecheck.nlp import LANGUAGES, check_language, load_pipeline, model_language
from tonecheck.report import CATEGORIES, FailOn, FileError, FileResult, Level, Report
from tonecheck.rules import cache
from tonecheck.rules.compile import compile_rules
from tonecheck.rules.model import Profile, Rule, RuleBook
from tonecheck.rules.schema import did_you_mean, load_rulebook
from tonecheck.text import Text

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
        lang: str | None = None,
        *,
        model: str | None = None,
        profile: str | None = None,
        fail_on: str | FailOn | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        rule_paths: Sequence[str | Path] = (),
        rules: Mapping[str, str] | None = None,
        length: Mapping[str, float] | None = None,
        max_size: int | str | None = None,
        config: bool | str | Path = False,
    ) -> None:
        """Options left at None take the configuration's value, then the default.

        `rules` maps rule ids or categories to "off", "on" or a level; `length` maps length
        rules ("message-words") to their limit. `max_size` is the largest file `check_paths`
        reads, in bytes or as "5MB" (default 2 MB; 0: no limit). `config=False` (the default)
        reads no configuration file; `True` reads TONECHECK_CONFIG and the `.tonecheck.yaml` or
        `[tool.tonecheck]` nearest to each linted file, as the command line does; a path reads
        that file instead of searching.
        """
        options = Settings(
            language=lang,
            profile=profile,
            model=model,
            fail_on=None if fail_on is None else _fail_on(fail_on).value,
            rules=_rule_settings(rules or {}),
            rule_paths=tuple(str(_pack_path(p)) for p in rule_paths),
            length=tuple(sorted((length or {}).items())),
            max_size=None if max_size is None else _size(max_size),
        )
        self.select, self.ignore = tuple(select), tuple(ignore)
        self.configuration = (
            None if config is False else Configuration(options, None if config is True else config)
        )
        self._books: dict[tuple[str, ...], RuleBook] = {}
        self._linters: dict[Settings, Linter] = {}
        self._setup(self.configuration.run_settings() if self.configuration else options)

    def _setup(self, settings: Settings) -> None:
        """Build the rule set, profile and fail level of one set of effective settings."""
        self.settings = settings
        lang = settings.language or AUTO
        self.lang = lang if lang == AUTO else check_language(lang)
        self.model = settings.model
        self.max_size = limits.DEFAULT_MAX_SIZE if settings.max_size is None else settings.max_size
        self.fail_on = _fail_on(settings.fail_on or FailOn.WARNING)
        self.book: RuleBook = self._book(settings.rule_paths)
        budgets = _length_rules(self.book.rules)
        known = {r.id for r in self.book.rules} | set(CATEGORIES)
        check_names(settings, known, budgets, self.book.profiles)
        profile = self._profile(settings.profile or DEFAULT_PROFILE)
        self.profile: Profile = _budgeted(profile, settings.length, budgets, self.book)
        # naming an opt-in rule in --select asks for it: it runs at its own level
        optin = {r.id for r in self.book.rules if not r.enabled}
        asked = {name: "on" for name in self.select if name in optin}
        levelled = _levelled(self.book.rules, asked | dict(settings.rules))
        self.rules: tuple[Rule, ...] = _selected(levelled, self.select, self.ignore, known)
        self._engines: dict[str, Engine] = {}

    def _book(self, rule_paths: tuple[str, ...]) -> RuleBook:
        if rule_paths not in self._books:
            packs = [builtin_pack(), *map(Path, rule_paths)]
            self._books[rule_paths] = cache.cached(packs, lambda: load_rulebook(packs))
        return self._books[rule_paths]

    def linter_for(self, path: str) -> Linter:
        """The Linter for a file's own configuration (this one without configuration files)."""
        if self.configuration is None:
            return self
        settings = self.configuration.settings_for(path)
        if settings == self.settings:
            return self
        if settings not in self._linters:
            child = object.__new__(Linter)
            child.select, child.ignore, child.configuration = self.select, self.ignore, None
            child._books, child._linters = self._books, {}
            child._setup(settings)
            self._linters[settings] = child
        return self._linters[settings]

    # -- checking ------------------------------------------------------------------------------

    def check(self, text: str | Text, *, path: str = "<text>", lang: str | None = None) -> Report:
        """Check one message and return a Report (use `report.ok` for a pre-send gate)."""
        return Report(files=(self.check_result(text, path=path, lang=lang),), fail_on=self.fail_on)

    def check_result(
        self, text: str | Text, *, path: str = "<text>", lang: str | None = None
    ) -> FileResult:
        """Check one message (plain text, or a Text from a reader) and return its result.

        With the language detected, a message whose paragraphs are in English and in Italian (a
        reply above the client's message in the other language, a bilingual notice) is checked
        paragraph by paragraph in each one's language; see `_check_mixed`.
        """
        prose = text if isinstance(text, str) else text.prose
        runs = self._language_runs(prose, lang)
        if len({run_lang for _, _, run_lang in runs}) > 1:
            return self._check_mixed(text, path, runs)
        chosen = runs[0][2] if runs else self.language_of(prose, lang)
        return self.engine(chosen).check(text, path)

    def _language_runs(self, prose: str, lang: str | None) -> list[tuple[int, int, str]]:
        """[start, end) runs of paragraphs of one language: one run when the language is given."""
        if (lang or self.lang) != AUTO:
            return [(0, len(prose), self.language_of(prose, lang))]
        return langdetect.detect_paragraphs(prose, default="en")

    def _check_mixed(
        self, text: str | Text, path: str, runs: Sequence[tuple[int, int, str]]
    ) -> FileResult:
        """Each language's rules on the whole message, each keeping the findings that start in
        its own paragraphs. Findings about the message as a whole (length, readability, the
        checklist of a notice) come from the language of most of its text, once."""
        as_text = text if isinstance(text, Text) else Text.plain(text)
        size: dict[str, int] = {}
        for start, end, lang in runs:
            size[lang] = size.get(lang, 0) + end - start
        main = max(size, key=lambda lang: (size[lang], lang == "en"))
        spans = [(*as_text.source_span(start, end), lang) for start, end, lang in runs]
        results = {lang: self.engine(lang).check(as_text, path) for lang in size}
        findings = []
        for lang, result in results.items():
            whole = self.engine(lang).unit_rules
            for f in result.findings:
                here = next((ln for s, e, ln in spans if s <= f.start < e), main)
                if (lang == main) if f.rule in whole else (here == lang):
                    findings.append(f)
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return replace(results[main], findings=tuple(findings))

    def check_many(
        self, texts: Iterable[str], *, lang: str | None = None, batch_size: int = 128
    ) -> Generator[FileResult, None, None]:
        """Check a stream of messages, in order, batching the spaCy work of each language.

        While the stream runs, the objects that existed when it started are kept out of the
        garbage collector's walks (see tonecheck.heap); they are handed back when it ends.
        """
        with heap.frozen():
            yield from self._check_stream(texts, lang, batch_size)

    def _check_stream(
        self, texts: Iterable[str], lang: str | None, batch_size: int
    ) -> Iterator[FileResult]:
        batch: list[tuple[str, str]] = []
        batch_lang = ""
        for index, text in enumerate(texts):
            runs = self._language_runs(text, lang)
            if len({run_lang for _, _, run_lang in runs}) > 1:  # paragraphs in two languages
                if batch:
                    yield from self.engine(batch_lang).check_many(batch)
                    batch = []
                yield self._check_mixed(text, f"<text {index + 1}>", runs)
                continue
            text_lang = runs[0][2] if runs else self.language_of(text, lang)
            if batch and (text_lang != batch_lang or len(batch) >= batch_size):
                yield from self.engine(batch_lang).check_many(batch)
                batch = []
            batch_lang = text_lang
            batch.append((f"<text {index + 1}>", text))
        if batch:
            yield from self.engine(batch_lang).check_many(batch)

    def check_paths(self, paths: Iterable[str], *, jobs: int | None = None) -> Report:
        """Lint files, folders and "-" (standard input); unreadable inputs become report errors.

        Each file is read by the reader of its format, with the settings of its own configuration
        file (see tonecheck.config); every configuration is loaded and checked before any file
        is read. `jobs` processes share the work (default: every core for a large run); the
        report is the same, in the same order, whatever the number.
        """
        skip = self.configuration.excluded if self.configuration is not None else None
        planned = [
            (source, None if isinstance(source, InputError) else self.linter_for(source.path))
            for source in files.discover(paths, skip)
        ]
        count = parallel.jobs_for(jobs, len(planned))
        if any(isinstance(s, files.Source) and s.is_stdin for s, _ in planned):
            count = 1  # standard input belongs to this process
        if count > 1:
            # Compiled once here, the rules reach every worker through fork; compiled lazily,
            # each worker would compile them again.
            for linter in {id(lt): lt for _, lt in planned if lt is not None}.values():
                linter.prepare([linter.lang] if linter.lang != AUTO else LANGUAGES)
        outcomes = list(parallel.run(_lint_planned, planned, count))
        return Report(
            files=tuple(o for o in outcomes if isinstance(o, FileResult)),
            errors=tuple(o for o in outcomes if isinstance(o, FileError)),
            fail_on=self.fail_on,
        )

    def check_source(self, text: str, path: str, *, lang: str | None = None) -> FileResult:
        """Check the decoded text of a file as check_paths does (`--fix` re-checks through it)."""
        linter = self.linter_for(path)
        return linter.check_result(linter.read_text(text, path), path=path, lang=lang)

    def read(self, source: files.Source) -> Text:
        """A file read by the reader of its format."""
        fallback = "latin-1" if source.path.lower().endswith(".eml") else None
        data = files.load(source, self.max_size)
        text, encoding = files.decode_with(data, source.path, fallback)
        return self.read_text(text, source.path, encoding)

    def read_text(self, text: str, path: str, encoding: str = "utf-8") -> Text:
        """The decoded text of a file read by the reader of its format (chosen by path and
        content); InputError for an inline directive that names no rule or category."""
        from tonecheck import readers
        from tonecheck.suppress import DirectiveError

        try:
            read = readers.read(text, path, encoding=encoding)
        except DirectiveError as exc:
            raise InputError(path, "directive", str(exc)) from None
        self._check_directives(read, path)
        return read

    def _check_directives(self, text: Text, path: str) -> None:
        known = set(self.rule_index) | set(CATEGORIES)
        for suppression in text.suppressions:
            for name in sorted(suppression.names - known):
                hint = did_you_mean(name, known)
                message = f"line {suppression.line}: unknown rule or category {name!r}{hint}"
                raise InputError(path, "directive", message)

    # -- set-up --------------------------------------------------------------------------------

    def language_of(self, text: str, lang: str | None = None) -> str:
        chosen = lang or self.lang
        if chosen == AUTO:
            return langdetect.detect(text, default="en").lang
        chosen = check_language(chosen)
        if self.model is not None and model_language(self.model) != chosen:
            # A language chosen for a call is as explicit as the Linter's: it must match the
            # model (only a detected language falls back to the blank pipeline).
            load_pipeline(chosen, self.model)
        return chosen

    def engine(self, lang: str) -> Engine:
        """The compiled rules of a language, built on first use."""
        if lang not in self._engines:
            pipeline = load_pipeline(lang, self._model_for(lang))
            compiled = compile_rules(self.rules, self.book.markers.values(), pipeline)
            self._engines[lang] = Engine(compiled, self.profile)
            startup.resume_collector()
        return self._engines[lang]

    def _model_for(self, lang: str) -> str | None:
        """The named pipeline, for the messages it can read. With `lang="auto"` a folder may
        mix languages: a message in another language than the model's is checked with the blank
        pipeline of its own language (its report's `pipeline` says "blank") rather than stopping
        the run. A language the user chose explicitly must match the model."""
        if self.model is None or self.lang != AUTO or model_language(self.model) == lang:
            return self.model
        return None

    def prepare(self, langs: Iterable[str] = LANGUAGES) -> None:
        """Build pipelines and compile rules now rather than on the first check, and run them
        once, so that what loads on first use (the readability index's syllable dictionary)
        is loaded too: a pre-send check's first message, and every worker process of a large
        run, then start warm."""
        for lang in langs:
            self.engine(lang).check(_WARM_UP[lang], "<warm-up>")

    @cached_property
    def rule_index(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.book.rules}

    def _profile(self, name: str) -> Profile:
        if name not in self.book.profiles:
            hint = did_you_mean(name, self.book.profiles)
            known = ", ".join(sorted(self.book.profiles))
            raise UsageError(f"unknown profile {name!r} (known: {known}){hint}")
        return self.book.profiles[name]


# A short message with a sentence long enough to be scored for readability.
_WARM_UP = {
    "en": "Hi Anna, thank you for the files. We will send the revised layout to you on Friday.",
    "it": "Ciao Anna, grazie per i file. Le invieremo la nuova impaginazione entro venerdì.",
}


def _lint_planned(
    planned: tuple[files.Source | InputError, Linter | None],
) -> FileResult | FileError:
    """One planned input: its result, or the error that kept it from being linted."""
    source, linter = planned
    try:
        if isinstance(source, InputError):
            raise source
        assert linter is not None
        return linter.check_result(linter.read(source), path=source.path)
    except InputError as exc:
        return FileError(exc.path, exc.code, exc.message)


def lint_text(text: str, lang: str = AUTO, **options: object) -> Report:
    """Check one message with a throwaway Linter (pipelines are still cached per process)."""
    return Linter(lang, **options).check(text)  # type: ignore[arg-type]


def _fail_on(value: str | FailOn) -> FailOn:
    try:
        return FailOn(value)
    except ValueError:
        choices = ", ".join(f.value for f in FailOn)
        raise UsageError(f"unknown fail level {value!r}: use one of {choices}") from None


def _size(value: int | str) -> int:
    try:
        return limits.parse_size(value)
    except ValueError as exc:
        raise UsageError(f"max_size: {exc}") from None


def _pack_path(path: str | Path) -> Path:
    pack = Path(path)
    if not pack.exists():
        raise UsageError(f"rule pack {str(path)!r} not found")
    return pack


def _selected(
    rules: Sequence[Rule], select: Sequence[str], ignore: Sequence[str], known: set[str]
) -> tuple[Rule, ...]:
    """The rules named (by id or category) in select, minus those in ignore."""
    for name in (*select, *ignore):
        if name not in known:
            raise UsageError(f"unknown rule or category {name!r}{did_you_mean(name, known)}")

    def named(rule: Rule, names: Sequence[str]) -> bool:
        return rule.id in names or rule.category in names

    return tuple(r for r in rules if (not select or named(r, select)) and not named(r, ignore))


def _rule_settings(rules: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    for name, setting in rules.items():
        if setting not in RULE_SETTINGS:
            choices = ", ".join(RULE_SETTINGS)
            raise UsageError(f"rule {name!r}: {setting!r} is not one of {choices}")
    return tuple(sorted(rules.items()))


def _levelled(rules: Sequence[Rule], levels: Mapping[str, str]) -> tuple[Rule, ...]:
    """The rules at the configuration's levels, without those it turns off.

    A rule's own id wins over its category. An opt-in rule (`enabled: false`) runs only when its
    own id is set: turning its category up must not switch on what the pack left off.
    --select and --ignore then choose among these.
    """
    out = []
    for rule in rules:
        setting = levels.get(rule.id)
        if setting is None:
            setting = (levels.get(rule.category) or "on") if rule.enabled else "off"
        if setting == "off":
            continue
        out.append(rule if setting == "on" else replace(rule, level=Level(setting)))
    return tuple(out)


def _length_rules(rules: Iterable[Rule]) -> dict[str, str]:
    """Length budgets a configuration may set: "message-words" and "length.message-words"."""
    found = {}
    for rule in rules:
        if rule.category == "length" and rule.kind == "metric":
            found[rule.id] = found[rule.id.split(".", 1)[1]] = rule.id
    return found


def _budgeted(
    profile: Profile,
    length: Sequence[tuple[str, float]],
    budgets: Mapping[str, str],
    book: RuleBook,
) -> Profile:
    """The profile with the configuration's length budgets over its own limits."""
    if not length:
        return profile
    from tonecheck.rules.kinds.metric import MEASURES

    limits = {rule: dict(values) for rule, values in profile.limits.items()}
    for name, value in length:
        rule = book.rule(budgets[name])
        assert rule is not None
        bound = MEASURES[rule.params["measure"]][2]  # "max" for words, "min" for readability
        limits.setdefault(rule.id, {})[bound] = value
    return replace(profile, limits=limits)
