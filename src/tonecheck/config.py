"""Configuration: finding, validating and merging `.tonecheck.yaml` and `[tool.tonecheck]`.

Where settings come from, lowest layer first (a higher layer wins, key by key):

1. tonecheck's defaults;
2. the file named by the TONECHECK_CONFIG environment variable (personal defaults);
3. the project configuration: the file given with `--config`, or else the nearest
   `.tonecheck.yaml` (or `.tonecheck.yml`, or `pyproject.toml` with a `[tool.tonecheck]` table)
   found walking up from each linted file's folder, or else from the working directory;
4. command-line options.

Within one file, `extends` comes first (a shipped preset or another file), then the file's own
keys, then each entry of `overrides` whose `files` globs match the linted file, in order.
Scalars replace; `rules` and `length` merge name by name; `rule_paths` and `exclude` add up.

Loading is strict: an unknown key, rule id, category, profile or length budget stops the run with
`file:line: what is wrong` and a "did you mean", before any message is read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tonecheck import yamlsafe
from tonecheck.errors import TonecheckError, UsageError
from tonecheck.limits import parse_size
from tonecheck.rules.model import Location
from tonecheck.yamlsafe import LocDict, LocList

ENV_VAR = "TONECHECK_CONFIG"
CONFIG_NAMES = (".tonecheck.yaml", ".tonecheck.yml")
PYPROJECT = "pyproject.toml"
PRESETS = Path(__file__).resolve().parent / "presets"
LANGUAGES = ("auto", "en", "it")
FAIL_LEVELS = ("error", "warning", "suggestion", "none")
RULE_SETTINGS = ("off", "on", "suggestion", "warning", "error")
FILE_KEYS = frozenset(
    {"language", "profile", "model", "fail_on", "rules", "rule_paths", "exclude", "overrides"}
    | {"length", "extends", "max_size"}
)
# What marks the root of a project: paths in its configuration files stay under it.
PROJECT_MARKERS = (".git", ".hg", ".svn")
_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
OVERRIDE_KEYS = frozenset({"files", "language", "profile", "model", "rules", "length"})


class ConfigError(TonecheckError):
    """A configuration file that cannot be used; names the file and the line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


# -- values ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The settings of one linted file, or one layer of them (None: not set in that layer).

    Two Settings with the same values are equal wherever they were read, so that files sharing a
    configuration share one Linter; `where` remembers the file and line of each value.
    """

    language: str | None = None
    profile: str | None = None
    model: str | None = None
    fail_on: str | None = None
    rules: tuple[tuple[str, str], ...] = ()  # rule id or category -> off | on | a level
    rule_paths: tuple[str, ...] = ()
    length: tuple[tuple[str, float], ...] = ()  # length rule -> its limit
    max_size: int | None = None  # bytes; 0: no limit
    where: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)

    def merged(self, upper: Settings) -> Settings:
        """These settings with upper's on top."""
        return Settings(
            language=upper.language or self.language,
            profile=upper.profile or self.profile,
            model=upper.model or self.model,
            fail_on=upper.fail_on or self.fail_on,
            rules=tuple(sorted({**dict(self.rules), **dict(upper.rules)}.items())),
            rule_paths=tuple(dict.fromkeys((*self.rule_paths, *upper.rule_paths))),
            length=tuple(sorted({**dict(self.length), **dict(upper.length)}.items())),
            max_size=self.max_size if upper.max_size is None else upper.max_size,
            where={**self.where, **upper.where},
        )


@dataclass(frozen=True)
class Glob:
    """A gitignore-style pattern, relative to the folder of the file that wrote it.

    Without a "/" it matches a file or folder name at any depth (`*.bak`, `drafts`); with one it
    is anchored at that folder (`templates/legacy/**`). `**` crosses folders, `*` does not.
    """

    pattern: str
    root: Path

    def matches(self, path: Path) -> bool:
        body = self.pattern.strip().strip("/")
        relative = _relative(path, self.root)
        if "/" in body:
            return relative is not None and _glob_regex(body).fullmatch(relative) is not None
        return _glob_regex(f"**/{body}").fullmatch(relative or path.name) is not None


@dataclass(frozen=True)
class Override:
    globs: tuple[Glob, ...]
    settings: Settings

    def applies_to(self, path: Path | None) -> bool:
        return path is not None and any(g.matches(path) for g in self.globs)


@dataclass(frozen=True)
class ConfigFile:
    """One configuration file, with the files it extends."""

    path: Path
    own: Settings
    overrides: tuple[Override, ...] = ()
    exclude: tuple[Glob, ...] = ()
    parents: tuple[ConfigFile, ...] = ()

    def settings_for(self, path: Path | None) -> Settings:
        settings = Settings()
        for parent in self.parents:
            settings = settings.merged(parent.settings_for(path))
        settings = settings.merged(self.own)
        for override in self.overrides:
            if override.applies_to(path):
                settings = settings.merged(override.settings)
        return settings

    def excludes(self, path: Path) -> bool:
        return any(g.matches(path) for g in self.exclude) or any(
            p.excludes(path) for p in self.parents
        )


# -- the run --------------------------------------------------------------------------------------


class Configuration:
    """The configuration of a run: the layers, and the nearest project file of each folder."""

    def __init__(
        self,
        options: Settings,
        explicit: str | Path | None = None,
        environ: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.options = options
        self.cwd = (cwd or Path.cwd()).absolute()
        self._nearest: dict[Path, ConfigFile | None] = {}
        env = (os.environ if environ is None else environ).get(ENV_VAR)
        self.personal = _named_file(env, ENV_VAR) if env else None
        self.explicit = _named_file(str(explicit), "--config") if explicit else None

    def settings_for(self, path: str | None) -> Settings:
        """The effective settings of a linted file ("-" or None: standard input)."""
        target = None if path in (None, "-") else Path(str(path)).absolute()
        settings = Settings()
        for layer in self.layers(target):
            settings = settings.merged(layer.settings_for(target))
        return settings.merged(self.options)

    def run_settings(self) -> Settings:
        """Settings for the run as a whole (the fail level, `tonecheck rules`)."""
        return self.settings_for(None)

    def excluded(self, path: Path) -> bool:
        """Whether a file or folder met while walking a folder is excluded."""
        target = path.absolute()
        return any(layer.excludes(target) for layer in self.layers(target))

    def layers(self, target: Path | None) -> list[ConfigFile]:
        project = self.explicit or self.project_file(target)
        return [layer for layer in (self.personal, project) if layer is not None]

    def project_file(self, target: Path | None) -> ConfigFile | None:
        found = self.nearest(target.parent) if target is not None else None
        return found or self.nearest(self.cwd)

    def nearest(self, folder: Path) -> ConfigFile | None:
        """The configuration file in folder or the closest folder above it."""
        if folder not in self._nearest:
            found = _config_in(folder)
            if found is None and folder.parent != folder:
                self._nearest[folder] = self.nearest(folder.parent)
            else:
                self._nearest[folder] = load(found) if found is not None else None
        return self._nearest[folder]


def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and _has_tool_table(pyproject):
        return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\[?\s*tool\.tonecheck\b", text, re.MULTILINE) is not None


def _named_file(value: str, source: str) -> ConfigFile:
    """The file of --config or of TONECHECK_CONFIG; only the latter, the user's own defaults, is
    trusted to name paths outside the project (a file named with --config may be a project's)."""
    path = Path(value).expanduser()
    if not path.is_file():
        raise UsageError(f"{source} names {value!r}, which is not a file")
    return load(path, trusted=source == ENV_VAR)


# -- loading --------------------------------------------------------------------------------------


def load(path: Path, _stack: tuple[Path, ...] = (), *, trusted: bool = False) -> ConfigFile:
    """Read and check one configuration file and the files it extends.

    A project's configuration files travel with its repository, so the paths they name
    (`rule_paths`, `extends`) must stay inside the project (see `project_root`); a `trusted`
    file (the user's personal TONECHECK_CONFIG, and the files it extends) may name any path.
    """
    path = path.absolute()
    if path in _stack:
        chain = " -> ".join(_shown(p) for p in (*_stack, path))
        raise ConfigError(_shown(_stack[-1]), 1, f"'extends' goes round in a circle: {chain}")
    return _Parser(path, _read(path), trusted).config((*_stack, path))


def project_root(config: Path, cwd: Path | None = None) -> Path:
    """The folder a configuration file's paths must stay in: the repository it belongs to (the
    nearest folder above it with .git, .hg or .svn); without one, the working directory when the
    file is under it, else the file's own folder."""
    folder = config.absolute().parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
            return candidate
    here = (cwd or Path.cwd()).absolute()
    return here if folder.is_relative_to(here) else folder


@lru_cache(maxsize=1)
def presets() -> dict[str, Path]:
    """The presets shipped with tonecheck, by name."""
    return {p.stem: p for p in sorted(PRESETS.glob("*.yaml"))}


def _read(path: Path) -> LocDict:
    shown = _shown(path)
    try:
        if path.stat().st_size > yamlsafe.MAX_BYTES:  # refused before it is read
            raise ConfigError(shown, 1, f"larger than {yamlsafe.MAX_BYTES // 1024**2} MB")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, 1, f"cannot read: {exc}") from None
    if path.suffix == ".toml":
        return _toml(text, shown, tool=path.name == PYPROJECT)
    try:
        data = yamlsafe.load(text)
    except yamlsafe.YamlError as exc:
        raise ConfigError(shown, exc.line, exc.message) from None
    if data is None:
        return LocDict()
    if not isinstance(data, LocDict):
        raise ConfigError(shown, 1, "a configuration file is a mapping of keys to values")
    return data


def _toml(text: str, shown: str, *, tool: bool) -> LocDict:
    """A TOML document (or its [tool.tonecheck] table) with best-effort line numbers."""
    tomllib = _toml_module()
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(shown, int(m.group(1)) if m else 1, f"invalid TOML: {exc}") from None
    start = 0
    if tool:
        data = data.get("tool", {}).get("tonecheck")
        if not isinstance(data, dict):
            raise ConfigError(shown, 1, "no [tool.tonecheck] table")
        header = re.search(r"^\s*\[\[?\s*tool\.tonecheck\b", text, re.MULTILINE)
        start = text.count("\n", 0, header.start()) if header else 0
    located: LocDict = _located(data, text.splitlines(), start)
    return located


def _toml_module() -> Any:
    """tomllib, or on Python 3.10 the tomli package it came from."""
    import importlib

    try:
        return importlib.import_module("tomllib")
    except ModuleNotFoundError:
        return importlib.import_module("tomli")


def _located(value: Any, lines: list[str], start: int) -> Any:
    """TOML values as LocDict/LocList; a key's line is where it is first written after start."""
    if isinstance(value, dict):
        result = LocDict()
        result.line, result.key_lines = start + 1, {}
        for key, item in value.items():
            line = _line_of_key(lines, key, start)
            result.key_lines[key] = line + 1
            result[key] = _located(item, lines, line)
        return result
    if isinstance(value, list):
        items = LocList(_located(item, lines, start) for item in value)
        items.line, items.item_lines = start + 1, [start + 1] * len(value)
        return items
    return value


def _line_of_key(lines: list[str], key: str, start: int) -> int:
    pattern = re.compile(
        rf"""^\s*(?:["']?{re.escape(key)}["']?\s*=|\[\[?[^\]]*\b{re.escape(key)}\]\]?\s*$)"""
    )
    return next((i for i in range(start, len(lines)) if pattern.search(lines[i])), start)


# -- checking -------------------------------------------------------------------------------------


@dataclass
class _Parser:
    """Checks one file's keys and values; every error names this file and a line."""

    path: Path
    data: LocDict
    trusted: bool = False  # see `load`

    @property
    def shown(self) -> str:
        return _shown(self.path)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def fail(self, line: int, message: str) -> ConfigError:
        return ConfigError(self.shown, line, message)

    def config(self, stack: tuple[Path, ...]) -> ConfigFile:
        data = self.data
        self.keys(data, FILE_KEYS, "")
        return ConfigFile(
            path=self.path,
            own=self.settings(data),
            overrides=tuple(self.overrides(data)),
            exclude=tuple(Glob(p, self.folder) for p in self.texts(data, "exclude")),
            parents=tuple(self.extends(data, stack)),
        )

    def keys(self, data: LocDict, allowed: Iterable[str], where: str) -> None:
        from tonecheck.rules.schema import did_you_mean

        for key in data:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                raise self.fail(data.line_of(key), f"unknown key {key!r}{where}{hint}")

    def settings(self, data: LocDict) -> Settings:
        where: dict[str, Location] = {}
        for key in ("profile", "language", "model", "fail_on"):
            if key in data:
                where[key] = Location(self.shown, data.line_of(key))
        rules = self.rules(data, where)
        length = self.length(data, where)
        return Settings(
            language=self.choice(data, "language", LANGUAGES),
            profile=self.text(data, "profile"),
            model=self.model(data),
            fail_on=self.choice(data, "fail_on", FAIL_LEVELS),
            rules=rules,
            rule_paths=tuple(self.rule_paths(data)),
            length=length,
            max_size=self.size(data, "max_size"),
            where=where,
        )

    def text(self, data: LocDict, key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(data.line_of(key), f"{key!r} must be text")
        return value.strip()

    def choice(self, data: LocDict, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(data, key)
        if value is not None and value not in choices:
            raise self.fail(data.line_of(key), f"{key!r} must be one of {', '.join(choices)}")
        return value

    def texts(self, data: LocDict, key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(data.line_of(key), f"{key!r} must be a list of text")
        return list(value)

    def mapping(self, data: LocDict, key: str) -> LocDict:
        value = data.get(key, LocDict())
        if not isinstance(value, LocDict):
            raise self.fail(data.line_of(key), f"{key!r} must be a mapping")
        return value

    def rules(self, data: LocDict, where: dict[str, Location]) -> tuple[tuple[str, str], ...]:
        found = {}
        table = self.mapping(data, "rules")
        for name, value in table.items():
            # YAML reads a bare off/on as false/true.
            setting = ("on" if value else "off") if isinstance(value, bool) else value
            if setting not in RULE_SETTINGS:
                from tonecheck.rules.schema import did_you_mean

                hint = did_you_mean(str(value), RULE_SETTINGS)
                choices = ", ".join(RULE_SETTINGS)
                raise self.fail(
                    table.line_of(name), f"rule {name!r}: {value!r} is not one of {choices}{hint}"
                )
            found[name] = setting
            where[f"rules:{name}"] = Location(self.shown, table.line_of(name))
        return tuple(sorted(found.items()))

    def length(self, data: LocDict, where: dict[str, Location]) -> tuple[tuple[str, float], ...]:
        found = {}
        table = self.mapping(data, "length")
        for name, value in table.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise self.fail(table.line_of(name), f"length {name!r} must be a positive number")
            found[name] = float(value)
            where[f"length:{name}"] = Location(self.shown, table.line_of(name))
        return tuple(sorted(found.items()))

    def rule_paths(self, data: LocDict) -> Iterator[str]:
        for value in self.texts(data, "rule_paths"):
            path = self.named_path(value, data.line_of("rule_paths"), "rule pack")
            if not path.exists():
                raise self.fail(data.line_of("rule_paths"), f"rule pack {value!r} not found")
            yield str(path)

    def named_path(self, value: str, line: int, what: str) -> Path:
        """A path this file names, relative to it; inside the project unless the file is trusted.

        Resolved through links, so that a link in the repository cannot lead out of it either.
        """
        given = Path(value).expanduser()
        path = given if given.is_absolute() else self.folder / given
        if self.trusted:
            return path
        root = project_root(self.path)
        if not path.resolve().is_relative_to(root.resolve()):
            raise self.fail(
                line,
                f"{what} {value!r} is outside the project ({root}); a project's "
                "configuration may only name paths inside it (give this one on the command line)",
            )
        return path

    def model(self, data: LocDict) -> str | None:
        """A spaCy pipeline by package name: never a path or a dotted name, which would load or
        import something other than an installed pipeline."""
        name = self.text(data, "model")
        if name is not None and not self.trusted and not _PACKAGE_NAME.fullmatch(name):
            raise self.fail(data.line_of("model"), f"'model' must be a package name, not {name!r}")
        return name

    def size(self, data: LocDict, key: str) -> int | None:
        if key not in data:
            return None
        try:
            return parse_size(data[key])
        except ValueError as exc:
            raise self.fail(data.line_of(key), f"{key!r}: {exc}") from None

    def overrides(self, data: LocDict) -> Iterator[Override]:
        entries = data.get("overrides", LocList())
        if not isinstance(entries, LocList):
            raise self.fail(data.line_of("overrides"), "'overrides' must be a list")
        for index, entry in enumerate(entries):
            line = entries.line_of(index)
            if not isinstance(entry, LocDict):
                raise self.fail(line, "each entry of 'overrides' is a mapping with 'files'")
            self.keys(entry, OVERRIDE_KEYS, " in 'overrides'")
            globs = self.texts(entry, "files")
            if not globs:
                raise self.fail(line, "each entry of 'overrides' needs 'files' (globs)")
            yield Override(tuple(Glob(g, self.folder) for g in globs), self.settings(entry))

    def extends(self, data: LocDict, stack: tuple[Path, ...]) -> Iterator[ConfigFile]:
        for name in self.texts(data, "extends"):
            yield load(self.extended(name, data.line_of("extends")), stack, trusted=self.trusted)

    def extended(self, name: str, line: int) -> Path:
        """A preset's file, or a path relative to this file."""
        if "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml", ".toml")):
            if name not in presets():
                from tonecheck.rules.schema import did_you_mean

                known = ", ".join(presets())
                hint = did_you_mean(name, presets())
                raise self.fail(line, f"unknown preset {name!r} (known: {known}){hint}")
            return presets()[name]
        path = self.named_path(name, line, "'extends':")
        if not path.is_file():
            raise self.fail(line, f"'extends': {name!r} not found")
        return path


# -- checking against the rules -----------------------------------------------------------------


def check_names(
    settings: Settings,
    names: Iterable[str],
    length_rules: Mapping[str, str],
    profiles: Iterable[str],
) -> None:
    """Raise ConfigError for a rule, category, length budget or profile that does not exist."""
    from tonecheck.rules.schema import did_you_mean

    known = set(names)
    for name, _ in settings.rules:
        if name not in known:
            _unknown(settings, f"rules:{name}", f"unknown rule or category {name!r}", known)
    for name, _ in settings.length:
        if name not in length_rules:
            what = f"unknown length budget {name!r}"
            _unknown(settings, f"length:{name}", what, length_rules)
    profile_names = sorted(profiles)
    if settings.profile is not None and settings.profile not in profile_names:
        where = settings.where.get("profile")
        if where is not None:
            hint = did_you_mean(settings.profile, profile_names)
            message = f"unknown profile {settings.profile!r} (known: {', '.join(profile_names)})"
            raise ConfigError(where.path, where.line, message + hint)


def _unknown(settings: Settings, key: str, message: str, known: Iterable[str]) -> None:
    from tonecheck.rules.schema import did_you_mean

    message += did_you_mean(key.split(":", 1)[1], known)
    where = settings.where.get(key)
    if where is None:  # given in code (Linter(rules=…)), not read from a file
        raise UsageError(message)
    raise ConfigError(where.path, where.line, message)


# -- paths ----------------------------------------------------------------------------------------


def _shown(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-style glob as a regular expression; a match also covers what is under it."""
    body, out, i = pattern.strip().strip("/"), [], 0
    while i < len(body):
        piece, i = _glob_piece(body, i)
        out.append(piece)
    return re.compile("".join(out) + "(?:/.*)?")


def _glob_piece(body: str, i: int) -> tuple[str, int]:
    """The regular expression for the glob syntax at body[i], and where the next one starts."""
    if body.startswith("**/", i):
        return "(?:.*/)?", i + 3
    if body.startswith("**", i):
        return ".*", i + 2
    char = body[i]
    if char == "*":
        return "[^/]*", i + 1
    if char == "?":
        return "[^/]", i + 1
    close = body.find("]", i + 2)
    if char == "[" and close > 0:
        inside = body[i + 1 : close].replace("\\", "\\\\")
        negate = inside.startswith("!")
        return f"[{'^' if negate else ''}{inside[1:] if negate else inside}]", close + 1
    return re.escape(char), i + 1
