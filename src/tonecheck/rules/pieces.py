"""Pattern words that the tokenizer splits: "no-one", "don't", "c'era", "?!".

A token pattern compares one token at a time, but rule authors write words as they appear in
text, and spaCy's tokenizers split many of them ("no-one" -> no / - / one, "don't" -> do / n't,
"cannot" -> can / not). As written, such a word matches nothing (or, for contractions, only the
capitals the tokenizer happens to keep whole: "DON'T").

Where the word is one alternative for a token (a plain value or an `IN` list, on ORTH, TEXT,
LOWER or LEMMA, with no `OP` or `OP: "?"` and no other condition), the pattern gets a variant in
which that token is the sequence of the word's pieces. Where a sequence cannot stand in (`NOT_IN`,
a negated or repeated token, a token with other conditions) and no token can ever equal the word,
the pattern is refused, naming the pieces, so that its author writes them apart.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import product
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer

Token = dict[str, Any]

WORD_ATTRS = ("ORTH", "TEXT", "LOWER", "LEMMA")
_APOSTROPHES = "'’"
# Words that take a clitic written after an apostrophe ("I've", "you'd", "it's", "don't").
_CLITIC_HOSTS = ("I", "you", "it", "do")
_VOWELS = frozenset("aeiouàèéìíòóùú")


class PieceFinder:
    """The tokens a word becomes in running text, for one tokenizer.

    `special` holds the tokenizer's special cases ("gonna", "Cannot"): plain words that are
    split all the same.
    """

    def __init__(self, tokenizer: Tokenizer, special: Iterable[str]) -> None:
        self._tokenizer = tokenizer
        self._special = frozenset(special) | {word.lower() for word in special}
        self._known: dict[str, tuple[str, ...]] = {}

    def is_special(self, word: str) -> bool:
        """A special case of the tokenizer, in any case ("Gonna" as "gonna")."""
        return word.lower() in self._special

    def candidates(self, words: Collection[str]) -> list[str]:
        """The words that may be split: a cheap test, run over every word of every pattern."""
        special = self._special
        if "".join(words).isalnum() and special.isdisjoint(words):  # most lists
            return []
        return [w for w in words if not w.isalnum() or w in special]

    def __call__(self, word: str) -> tuple[str, ...]:
        """The word's tokens; one item when the tokenizer keeps it whole."""
        if word not in self._known:
            self._known[word] = min(self._readings(word), key=len)
        return self._known[word]

    def _readings(self, word: str) -> Iterator[tuple[str, ...]]:
        """The word's tokens alone and in the contexts where it is written (a clitic after its
        host, an elided article before its noun); a clitic or an elision is one token only there."""
        yield self._tokens(word)
        if word[:1] in _APOSTROPHES:  # "'ve", "'m", "'s"
            for host in _CLITIC_HOSTS:
                tokens = self._tokens(host + word)
                if tokens[0] == host:
                    yield tokens[1:]
        # "l'", "dell'", "un'": an elision, written against the next word. After a vowel the
        # apostrophe stands for an accent or a cut word ("e'", "po'") and the word stands alone.
        if len(word) > 1 and word[-1] in _APOSTROPHES and word[-2].lower() not in _VOWELS:
            tokens = self._tokens(word + "a")
            if tokens[-1] == "a":
                yield tokens[:-1]

    def _tokens(self, text: str) -> tuple[str, ...]:
        return tuple(t.text for t in self._tokenizer(text))


def expand(
    pattern: list[Token], pieces: PieceFinder, lemma: Callable[[str], str]
) -> list[list[Token]]:
    """The pattern and its variants with split words written as their pieces; ValueError where
    a split word cannot be written so and no token can ever equal it."""
    choices = [_token_choices(token, pieces, lemma) for token in pattern]
    if all(len(c) == 1 for c in choices):
        return [pattern]
    return [[t for seq in combo for t in seq] for combo in product(*choices)]


def _token_choices(
    token: Token, pieces: PieceFinder, lemma: Callable[[str], str]
) -> list[list[Token]]:
    """What one pattern token may become: itself, and a sequence for each split word."""
    split = [(a, key, w) for a, key, w in _words(token, pieces) if len(pieces(w)) > 1]
    if not split:
        return [[token]]
    op = token.get("OP")
    attrs = {attr for attr, _, _ in split}
    expandable = op in (None, "?") and not set(token) - attrs - {"OP"} and len(attrs) == 1
    choices: list[list[Token]] = [[token]]  # the word as written still matches where it is whole
    for attr, key, word in split:
        if expandable and key == "IN":
            choices.append([{attr: _form(attr, p, lemma)} for p in pieces(word)])
        elif _never_whole(attr, word, pieces):
            raise ValueError(_refusal(token, attr, key, word, pieces(word)))
        # else: split as written but whole in another case ("CANNOT", "DON'T"): left as it is
    return choices


def _words(token: Token, pieces: PieceFinder) -> Iterator[tuple[str, str, str]]:
    """(attribute, IN or NOT_IN, word) for the words of a token that may be split."""
    for attr in WORD_ATTRS:
        value = token.get(attr)
        if value is None:
            continue
        if isinstance(value, str):
            lists: tuple[tuple[str, Any], ...] = (("IN", (value,)),)
        elif isinstance(value, dict):  # patterns are plain data (a dict, not just a Mapping)
            lists = (("IN", value.get("IN") or ()), ("NOT_IN", value.get("NOT_IN") or ()))
        else:
            continue
        for key, words in lists:
            for word in pieces.candidates(words):
                yield attr, key, word


def _never_whole(attr: str, word: str, pieces: PieceFinder) -> bool:
    """True when no token can ever equal the word. LOWER and LEMMA compare words in any case,
    and the tokenizer's special cases are case-sensitive: "cannot" is split, "CANNOT" is not."""
    if attr in ("ORTH", "TEXT"):
        return True
    forms = {word, word.lower(), word.upper(), word.capitalize()}
    return all(len(pieces(form)) > 1 for form in forms)


def _refusal(token: Token, attr: str, key: str, word: str, split: tuple[str, ...]) -> str:
    shown = f'"{word}" is several tokens ({" / ".join(split)})'
    if key == "NOT_IN":
        return f"{shown}: NOT_IN compares one token, so it can never exclude it"
    others = sorted(set(token) - {attr, "OP"})
    what = f"other conditions ({', '.join(others)})" if others else f'OP "{token.get("OP")}"'
    return f"{shown}: a token with {what} cannot stand for them; write them as separate tokens"


def _form(attr: str, piece: str, lemma: Callable[[str], str]) -> str:
    if attr == "LOWER":
        return piece.lower()
    return lemma(piece) if attr == "LEMMA" else piece
