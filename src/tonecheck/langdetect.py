"""Cheap English/Italian language detection for ``--lang auto``.

Pure Python, no dependency: the text is cut at whitespace and every chunk adds evidence points
to English and to Italian.

* **Known words** (1 point each): articles, prepositions including the Italian articulated ones
  (``del``, ``della``, ``nel``, ``sul``), pronouns, auxiliaries, conjunctions, greetings and
  frequent words of business mail, chat abbreviations. Words both languages use (``a``, ``in``,
  ``come``, ``no``, ``me``, ``via``) and English loanwords common in Italian (``team``,
  ``meeting``, ``file``, ``email``, ``brand``, ``business``, ``online``) add nothing; a few with
  a rarer use in the other language (``per``, ``con``, ``so``, lower-case ``i``) add less.
* **Elisions and contractions** (1 point): ``l'avete``, ``dell'ufficio``, ``c'è``, ``un'altra``
  are Italian; ``don't``, ``we're``, ``client's``, ``I'll`` are English.
* **Word shape** of other words (0.5 point per unit, at most 2 units per language): the last
  letter (a consonant or ``y`` is English; ``a i o`` or an accented vowel is Italian; ``e`` is
  neither) and one typical letter group (English ``th w k y sh ou ee oo -ing -ly -tion``...;
  Italian ``gli gn zz cch -zione -mente -ato -ando -are``..., a double consonant before ``-e``).
  Capitalised words (names, places, sentence starts) count :data:`CAPITALISED_FACTOR` of that;
  words without enough vowels (``kkkk``, ``asdfghjkl``) count nothing.

URLs, e-mail addresses, @mentions, #hashtags, bare domain names and HTML tags count nothing, and
digits never form words.

A guess is *confident* when the winning language has at least :data:`MIN_EVIDENCE` = 1.5
points (say one function word and one word of typical shape), leads by at least
:data:`MIN_MARGIN` = 1.0 point (one stray word of the other language is not enough) and holds at
least :data:`MIN_SHARE` = 60 % of all points (a 3:2 ratio, so that half-and-half texts stay
undecided however long they are).
Otherwise :func:`detect` returns the caller's default language with ``confident=False``.
These values were chosen on English e-mail sentences and Wikipedia requests and on Italian
tweets: stricter ones leave many genuine 8-20 word Italian messages undecided, looser ones start
to decide short mixed texts.

Chunk scores are cached (bounded), so repeated words cost one dictionary look-up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["SUPPORTED", "Guess", "detect", "detect_paragraphs"]

SUPPORTED: tuple[str, ...] = ("en", "it")

MIN_EVIDENCE = 1.5
"""Points the winning language needs (a function word is 1, a shaped word at most 1)."""

MIN_MARGIN = 1.0
"""Points by which the winner must lead: one stray word of the other language is not enough."""

MIN_SHARE = 0.6
"""Fraction of all points the winner must hold, so long mixed texts are not over-confident."""

FUNCTION_WEIGHT = 1.0
"""Points for a distinctive function word (``the``, ``della``) or contraction/elision marker."""

SHAPE_WEIGHT = 0.5
"""Points for a lower-case word whose shape (ending, letter groups) is typical of a language."""

PRONOUN_I_WEIGHT = 1.0
"""Points for a capital "I": the English pronoun (rarely the Italian article opening a sentence)."""

CAPITALISED_FACTOR = 0.75
"""Share of shape points a capitalised word (a name, a place, a sentence start) still gives."""

_CACHE_LIMIT = 20_000


@dataclass(frozen=True)
class Guess:
    """Result of :func:`detect`.

    ``lang`` is ``"en"`` or ``"it"``; when ``confident`` is false it is the fallback language the
    caller passed in. ``scores`` holds the evidence points per language, for explanations.
    """

    lang: str
    confident: bool
    scores: Mapping[str, float] = field(hash=False)


def _words(text: str) -> frozenset[str]:
    """Split a whitespace-separated word list into a frozenset."""
    return frozenset(text.split())


_EN_WORDS = _words(
    """
    the of and to is are was were be been being am have has had having do does did done doing
    will would shall should can could may might must ought cannot won
    this that these those there here where when why how what which who whom whose whether
    with without within from for by at on onto upon into out over under about above below
    after before during until till since through throughout between among against along
    across around toward towards behind beyond
    it its you your yours yourself yourselves we our ours ourselves they their theirs them
    themselves he him his himself she her hers herself my mine myself us an if or nor but
    not so as than then also just only very too quite rather really
    any some all each every either neither both few many much more most less least other
    another such same own again still already yet ever never always often sometimes
    anyone someone everyone nobody anybody somebody everybody anything something everything
    nothing none
    because while although though unless however therefore thus whereas
    please thanks thank hi hey hello dear regards sincerely cheers best kind kindly
    yes yeah well up down off get got getting gets make makes made let lets know knew known
    see saw seen seem seems need needs needed want wants wanted like think thought said say
    says tell told ask asked go goes going went gone come comes came give gave given take
    took taken send sent find found keep kept look looking looks
    one two three first last next new good great right sure able
    time way thing things people soon today tomorrow yesterday week
    u ur lol thx pls plz gonna wanna gotta omg dunno btw asap fyi
    """
)

_IT_WORDS = _words(
    """
    il lo la gli le un uno una di da su per con tra fra del dello della dei degli delle
    al allo alla ai agli alle dal dallo dalla dai dagli dalle nel nello nella nei negli nelle
    sul sullo sulla sui sugli sulle col coi
    e ed o od ad che chi cui non né ne ma però perché perche poiché quindi dunque oppure
    anche ancora già gia più piu solo soltanto proprio forse davvero quasi appena
    insieme ormai spesso neanche nemmeno neppure tuttavia altrimenti piuttosto abbastanza
    molto molti molte molta poco pochi meno tanto tanti troppo
    sempre mai poi prima dopo ora oggi domani ieri adesso subito presto tardi qui qua lì là
    così cosi come invece infatti inoltre comunque mentre quando dove perciò cioè ossia
    se sé senza verso dentro fuori sopra sotto presso durante secondo circa oltre
    io tu lui lei noi voi loro egli ella esso essa essi esse mi ti ci vi si li te ce ve
    mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre
    vostro vostra vostri vostre
    questo questa questi queste quello quella quelli quelle quel quei codesto stesso stessa
    quale quali quanto quanta quanti quante cosa cose qualcosa niente nulla nessuno nessuna
    ogni ognuno tutto tutta tutti tutte altro altra altri altre alcuni alcune qualche
    è sono sei siamo siete era erano ero eravamo sarà saranno sarò saremo sarebbe sarebbero
    sia siano fosse fossero stato stata stati state essere
    ho hai ha abbiamo avete hanno avevo aveva avevamo avevano avrà avranno avrei avremmo
    avrebbe abbia abbiano avuto avere
    faccio fai fa facciamo fate fanno fatto fatta fare vado vai va andiamo andate vanno
    posso puoi può puo possiamo potete possono potrebbe potremmo potrei potuto potere
    devo devi deve dobbiamo dovete devono dovrebbe dovremmo dovrei dovuto dovere
    voglio vuoi vuole vogliamo volete vogliono vorrei vorremmo vorrebbe volevo
    sto stai sta stiamo state stanno stavo so sai sappiamo sapete sanno dire detto dice
    buon buona buone buoni grazie prego ciao salve buongiorno buonasera buonanotte
    gentile gentili egregio egregia spettabile cordiali distinti saluti cordialmente
    distintamente sig sigra dott dottssa cara caro cari ringrazio ringraziamo scusi scusa
    scusate purtroppo dell nell sull dall po
    cmq nn xké xche xkè ke tvb anke
    """
)

# Frequent content words of business mail, unambiguous in the other language.
_EN_COMMON = _words(
    """
    invoice invoices payment payments paid pay contract project projects delivery
    deliver delivered request requested requests attached attachment office client clients
    customer customers company service services order orders document documents week weeks
    month months day days year years work working worked job issue issues problem problems
    reply replied response information available possible important regarding update
    updated review schedule scheduled forward confirm confirmed confirmation receive received
    happy glad sorry apologies apologize appreciate appreciated help hope hoping touch
    question questions answer discuss discussed agreed agreement price pricing cost costs
    amount morning afternoon evening meet called phone number support faithfully
    """
)

_IT_COMMON = _words(
    """
    fattura fatture pagamento pagamenti pagato preventivo contratto progetto progetti
    consegna consegnare richiesta richieste allegato allegati allegata ufficio cliente
    clienti azienda servizio servizi ordine ordini documento documenti settimana settimane
    mese mesi giorno giorni anno anni lavoro lavori problema problemi risposta informazioni
    disponibile disponibili possibile importante riguardo aggiornamento conferma confermare
    confermo ricevuto ricevere ricevuta felice lieto lieti spiacenti dispiace scuse aiuto
    spero speriamo sperando domanda domande discutere accordo prezzo prezzi costo costi
    importo scadenza mattina pomeriggio sera incontro telefono numero volta tempo modo
    parte persone cortesemente gentilmente ringraziando attesa riscontro
    """
)

# Shared by both languages or frequent English loanwords in Italian: they prove nothing.
_NEUTRAL = _words(
    """
    a i in come no me via ok okay ex pro super post sale file film team meeting call performance
    social email mail brand business online offline marketing manager management report
    budget deadline feedback target weekend web internet computer smartphone
    check news link password account login software hardware privacy policy partner
    """
)

# Italian elided forms before an apostrophe: l'avete, dell'ufficio, c'è, un'altra, quest'anno.
_IT_ELISIONS = _words(
    """
    l dell all nell sull dall coll un c d s m t v n quest quell anch dov com cos tutt
    sant bell buon nessun ciascun qualcun senz
    """
)

# English contraction endings after an apostrophe: don't, we're, client's, I'll, I've, I'd, I'm.
_EN_CONTRACTIONS = frozenset({"t", "s", "re", "ve", "ll", "d", "m"})

# Words of both lists, or with a rarer use in the other language, weigh less.
_SPECIAL: dict[str, tuple[float, float]] = {
    "so": (0.5, 0.0),  # English "so" / Italian "(io) so"
    "do": (0.5, 0.0),  # Italian "(io) do" is rare
    "per": (0.0, 0.75),  # English "as per", "per day"
    "con": (0.0, 0.5),  # English "pros and cons"
    "o": (0.0, 0.5),  # English "O" in poetry and names
    "ora": (0.0, 0.5),  # English name / acronym
    "ne": (0.0, 0.5),  # English compass direction
    "state": (0.0, 0.0),  # English noun / Italian "(voi) state"
    "i": (0.0, 0.5),  # Italian article; English "I" is capital (chat "i" is rare in client mail)
    "u": (0.5, 0.0),  # chat "u" for "you", but also emoticons such as "u.u"
    "ur": (0.5, 0.0),
}


def _build_weights() -> dict[str, complex]:
    """Map each known word (lower-case) to its evidence ``en + it * 1j``."""
    weights: dict[str, complex] = {}
    weights.update(dict.fromkeys(_EN_WORDS | _EN_COMMON, complex(FUNCTION_WEIGHT, 0.0)))
    weights.update(dict.fromkeys(_IT_WORDS | _IT_COMMON, complex(0.0, FUNCTION_WEIGHT)))
    weights.update(dict.fromkeys(_NEUTRAL, 0j))
    weights.update({word: complex(*pair) for word, pair in _SPECIAL.items()})
    return weights


_WEIGHTS = _build_weights()

# A word: letters, optionally joined by apostrophes (l'avete, don't); digits and "_" excluded.
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_TAG_RE = re.compile(r"<[^<>]*>")  # HTML tags and <placeholders>
_DOMAIN_RE = re.compile(r"\w\.(?:(?:com|org|net|it|eu|io|uk|gov|edu|info|biz)\b|[a-z]{2,}/)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})

# Word shape. A lower-case unknown word scores one unit per language for its last letter and
# one for containing a typical letter group (English: th w k y sh ou ee oo ght ugh and the
# suffixes below; Italian: gli zz cch ggi gn+vowel, the suffixes below and a double consonant
# before a final -e), so at most 2 units (1 point) per language.
_EN_FINAL = frozenset("bcdfghjklmnpqrstvwxyz")
_IT_FINAL = frozenset("aioàèéìòù")
_EN_ENDINGS = _words("ed ly ing ful ble ous nce dge ion ness less ions")
_IT_ENDINGS = _words(
    """
    ione ioni ente enti ante anti ando endo iamo ebbe ismo ista isti
    ato ata ati ito ita iti uto uta uti che ghe zie cie gie are ere ire ano ono
    """
)
_IT_ACCENTED = frozenset("àèéìòù")

_DROP_VOWELS = str.maketrans("", "", "aeiouyàèéìòù")

# _SHAPE_POINTS[en_units][it_units] -> en + it * 1j
_SHAPE_POINTS = tuple(
    tuple(complex(en * SHAPE_WEIGHT, it * SHAPE_WEIGHT) for it in range(3)) for en in range(3)
)


def _shape(word: str) -> complex:
    """Return the shape evidence of a lower-case word that is not a known word."""
    if len(word) < 3:
        return 0j
    last = word[-1]
    end2, end3, end4 = word[-2:], word[-3:], word[-4:]
    en_group = (
        "th" in word
        or "w" in word
        or "k" in word
        or "y" in word
        or "sh" in word
        or "ou" in word
        or "ee" in word
        or "oo" in word
        or "ght" in word
        or "ugh" in word
        or end2 in _EN_ENDINGS
        or end3 in _EN_ENDINGS
        or end4 in _EN_ENDINGS
    )
    it_group = (
        end3 in _IT_ENDINGS
        or end4 in _IT_ENDINGS
        or last in _IT_ACCENTED
        or "gli" in word
        or "zz" in word
        or "cch" in word
        or "ggi" in word
        or "gna" in word
        or "gno" in word
        or "gni" in word
        or "gne" in word
        # a double consonant before a final -e: notte, tutte, delle, stesse
        or (last == "e" and word[-2] == word[-3] and word[-2] not in "aeiou")
    )
    en = (last in _EN_FINAL) + en_group
    it = (last in _IT_FINAL) + it_group
    if en == 2 and not it and len(word) > 5 and _too_few_vowels(word):
        return 0j  # keyboard mash such as "asdfghjkl", not an English word
    return _SHAPE_POINTS[en][it]


def _too_few_vowels(word: str) -> bool:
    """Tell whether fewer than a quarter of the letters of word are vowels."""
    return 4 * (len(word) - len(word.translate(_DROP_VOWELS))) < len(word)


def _split_apostrophe(lower: str) -> tuple[complex, str]:
    """Score an elision or contraction; return its evidence and the word left to score."""
    head, _, tail = lower.partition("'")
    if head in _IT_ELISIONS:
        return complex(0.0, FUNCTION_WEIGHT), tail
    if tail.rpartition("'")[2] in _EN_CONTRACTIONS:
        if head == "i":  # I'm, I'll, I've, I'd: the pronoun, not the Italian article
            return complex(FUNCTION_WEIGHT + PRONOUN_I_WEIGHT, 0.0), ""
        return complex(FUNCTION_WEIGHT, 0.0), head
    return 0j, max(head, tail, key=len)  # o'clock, O'Brien


def _score_word(word: str) -> complex:
    """Return the evidence of one word token as ``en + it * 1j``."""
    if word == "I":  # English pronoun; the Italian article "i" is lower-case
        return complex(PRONOUN_I_WEIGHT, 0.0)
    score = 0j
    lower = word.lower()
    if "'" in lower:
        score, lower = _split_apostrophe(lower)
    known = _WEIGHTS.get(lower)
    if known is not None:
        return score + known
    if word[0].isupper() and not word.isupper():  # a name, a place or a sentence start
        return score + _shape(lower) * CAPITALISED_FACTOR
    return score + _shape(lower)


_PUNCTUATION = ".,;:!?¡¿()[]{}\"'`«»“”‘’…-–—*_/|~"


def _is_noise(chunk: str) -> bool:
    """Tell whether a whitespace-separated chunk is a URL, address, mention, hashtag or domain."""
    return (
        "@" in chunk
        or "#" in chunk
        or "://" in chunk
        or "www." in chunk
        or ("." in chunk[:-1] and _DOMAIN_RE.search(chunk) is not None)
    )


def _score_chunk(chunk: str) -> complex:
    """Return the evidence of a whitespace-separated chunk of text."""
    if _is_noise(chunk):
        return 0j
    core = chunk.strip(_PUNCTUATION)
    if core.isalpha():  # the common case: one plain word
        return _score_word(core)
    return sum(map(_score_word, _TOKEN_RE.findall(core.translate(_APOSTROPHES))), 0j)


def _seed_cache() -> dict[str, complex]:
    """Return the chunk cache pre-filled with the known words, lower-case and capitalised.

    A known word's score is its weight whatever its case, except the capital pronoun "I".
    """
    seed = {word.capitalize(): score for word, score in _WEIGHTS.items()}
    seed.update(_WEIGHTS)
    seed["I"] = complex(PRONOUN_I_WEIGHT, 0.0)
    return seed


_SEED = _seed_cache()
_chunk_cache: dict[str, complex] = dict(_SEED)


def _cache_chunks(chunks: list[str]) -> None:
    """Score the chunks that are not cached yet and add them to the cache."""
    fresh = {chunk: _score_chunk(chunk) for chunk in set(chunks).difference(_chunk_cache)}
    if len(_chunk_cache) + len(fresh) > _CACHE_LIMIT:
        _chunk_cache.clear()
        _chunk_cache.update(_SEED)
    _chunk_cache.update(fresh)


def _evidence(text: str) -> tuple[float, float]:
    """Return the (en, it) evidence points of text.

    The text is cut at whitespace; chunks that are URLs, addresses, mentions or hashtags count for
    nothing, and digits never form words. When every chunk is cached this is a C-level split,
    look-up and sum.
    """
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    chunks = text.split()
    try:
        total = sum(map(_chunk_cache.__getitem__, chunks), 0j)
    except KeyError:  # some chunks are new
        _cache_chunks(chunks)
        try:
            total = sum(map(_chunk_cache.__getitem__, chunks), 0j)
        except KeyError:  # another thread emptied the cache meanwhile
            total = sum(map(_score_chunk, chunks), 0j)
    return total.real, total.imag


def _decide(en: float, it: float, default: str) -> Guess:
    """Turn evidence points into a Guess, applying the confidence thresholds."""
    scores = MappingProxyType({"en": round(en, 2), "it": round(it, 2)})
    top, other, lang = (en, it, "en") if en >= it else (it, en, "it")
    confident = (
        top >= MIN_EVIDENCE and top - other >= MIN_MARGIN and top >= MIN_SHARE * (top + other)
    )
    return Guess(lang if confident else default, confident, scores)


def detect(text: str, default: str = "en") -> Guess:
    """Guess whether text is English or Italian.

    Returns a :class:`Guess` whose ``lang`` is ``default`` when the text is too short or too
    ambiguous (see :data:`MIN_EVIDENCE`, :data:`MIN_MARGIN`, :data:`MIN_SHARE`).
    """
    if default not in SUPPORTED:
        raise ValueError(f"unsupported default language {default!r}; expected one of {SUPPORTED}")
    en, it = _evidence(text)
    return _decide(en, it, default)


_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Cut text at blank lines into [start, end) spans that cover it; breaks join the preceding."""
    starts = [0] + [m.end() for m in _PARAGRAPH_BREAK_RE.finditer(text) if m.end() < len(text)]
    ends = [*starts[1:], len(text)]
    return list(zip(starts, ends, strict=True))


def _fill_unsure(guesses: list[Guess], whole: str) -> list[str]:
    """Give each not-confident paragraph the language of its confident neighbours.

    When the nearest confident paragraphs before and after disagree, or there is none, the
    language of the whole text is used.
    """
    langs: list[str | None] = [g.lang if g.confident else None for g in guesses]
    result: list[str] = []
    for index, lang in enumerate(langs):
        if lang is None:
            before = next((x for x in reversed(langs[:index]) if x is not None), None)
            after = next((x for x in langs[index + 1 :] if x is not None), None)
            if before is not None and after is not None and before != after:
                lang = whole
            else:
                lang = before or after or whole
        result.append(lang)
    return result


def detect_paragraphs(text: str, default: str = "en") -> list[tuple[int, int, str]]:
    """Split a mixed-language message into runs of paragraphs.

    Returns ``(start, end, lang)`` triples with ``[start, end)`` code-point offsets into ``text``
    that cover it entirely (the blank lines after a paragraph belong to it); adjacent paragraphs of
    the same language are merged. A paragraph too short to tell takes the language of its
    neighbours (or of the whole text). An empty text gives an empty list.
    """
    whole = detect(text, default).lang
    spans = _paragraph_spans(text) if text else []
    langs = _fill_unsure([detect(text[start:end], default) for start, end in spans], whole)
    runs: list[tuple[int, int, str]] = []
    for (start, end), lang in zip(spans, langs, strict=True):
        if runs and runs[-1][2] == lang:
            runs[-1] = (runs[-1][0], end, lang)
        else:
            runs.append((start, end, lang))
    return runs
