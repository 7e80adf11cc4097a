"""Build the shouted-word lexicons (rules/lexicons/hostile-shouting.en.txt and .it.txt).

    python scripts/build_shouting_lexicons.py [EN_WORDS IT_FORMS IT_VERBS]  # default 4000 7000 400

The word forms come from spacy-lookups-data (MIT), ranked by its English frequency table (which
also counts Italian text); acronyms, names, labels and friendly words are left out (see below).
"""

from __future__ import annotations

import collections
import gzip
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import spacy_lookups_data

DATA = Path(spacy_lookups_data.__file__).parent / "data"
OUT = Path(__file__).resolve().parents[1] / "rules" / "lexicons"


@cache
def table(name: str) -> Any:
    with gzip.open(DATA / f"{name}.json.gz") as handle:
        return json.load(handle)


def P(word: str) -> float:
    """The log frequency of a word in the lookup data's frequency table."""
    return float(table("en_lexeme_prob").get(word, -25.0))


def fix(s: str) -> str:
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def acronym_or_name(w: str) -> bool:
    """The capitalised or Title form is relatively frequent: an acronym or a name."""
    return P(w.upper()) - P(w) > -2.5 or P(w.title()) - P(w) > 1.5


COMMON_EXCLUDE = set(
    """
it us uk usa eu un vat pdf ceo cfo cto coo cmo seo sem ppc api crm erp hr pr qa ux ui id tv pc ok am pm asap faq fyi eod eow
eta nda sow msa kpi roi html css php sql aws gcp cms dns ssl tls vpn lan wan usb cpu gpu ram rom cd dvd gb mb kb tb hq llc ltd
inc plc co corp gmbh acme ai ml vr ar saas gdpr csv xml json png jpg jpeg gif svg tiff rgb cmyk dpi url www com org net ftp sms
gps pos sku vip cc bcc re fw fwd ps nb etc vs aka tbd tbc wip poc mvp rfp rfq po sla okr pto ooo est pst gmt utc cet cest bst
eur usd gbp chf mr mrs ms dr st rd ave jr sr ii iii iv vi vii viii ix xi xii xiii xiv xv xx mm cm km kg lb lbs oz ft hz mph ie eg
cv bio dm im ip os ios mac hp ibm sap ad ads dba ein ssn zip pin atm bc ce al ed er et la le se si de del da di en es el los las
ma mo na ne no_ oh ah uh um eh ha hm ho lol omg wtf btw imo idk tho ur ya yo
spa srl srls snc sas iva pec cf piva cap durc cciaa iban bic swift cig cup ddt inps inail irpef imu tari sdi ue rai enel eni tim
fiat coop sig sigg sigra dott ing avv geom rag prof spett gent egr ill ns rif tel cell fax mail email www
pro base basic plus premium business standard smart lite starter gold silver platinum mini maxi flex family home advanced
enterprise essential essentials ultra go
""".split()
)

EN_EXCLUDE = COMMON_EXCLUDE | set(
    """
urgent important note notice reminder invoice receipt draft confidential subject agenda attachment attachments update updates
announcement summary todo done pending approved rejected open closed status action required attention warning caution
new free sale sales save saving off hot limited offer offers deal deals exclusive bonus win winner discount promo coupon
null true false debug info warn error errors fatal trace select insert delete update where join values table enter esc escape
tab shift ctrl alt backspace submit export import upload download login logout signup edit settings menu reset refresh install
uninstall click
hi hello hey dear thanks thank welcome congratulations congrats happy merry love loved cheers wow yay hooray great good amazing
awesome fantastic excellent brilliant beautiful lovely perfect best birthday christmas holiday holidays bravo yes sure nice cool
glad delighted enjoy fun thrilled excited exciting super wonderful proud sorry apologies apologise apologize
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october
november december
""".split()
)

IT_EXCLUDE = COMMON_EXCLUDE | set(
    """
oggetto allegato allegati allegata allegate nota note avviso promemoria fattura fatture ricevuta bozza riservato riservata urgente
urgenti importante attenzione info aggiornamento riepilogo sintesi fatto stato aperto chiuso_ approvato
nuovo nuova nuovi nuove gratis gratuito gratuita offerta offerte sconto sconti saldi promozione novità occasione
vero falso errore errori invio esporta importa carica scarica accedi esci modifica impostazioni salva annulla conferma
ciao salve buongiorno buonasera arrivederci grazie auguri benvenuto benvenuta benvenuti complimenti bravi bravo brava ottimo
ottima perfetto perfetta fantastico fantastica bellissimo bellissima felice felici buon buona buone buoni natale pasqua evviva scusa scusi scusate scuse
caro cara cari care gentile gentili egregio egregia spettabile
lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio marzo aprile maggio giugno luglio agosto settembre
ottobre novembre dicembre ore
via viale piazza corso largo vicolo strada località frazione
rossi bianchi ricci conti costa monti gatti galli gallo ferri serra testa grasso villa fontana marino bruno greco leone colombo
bianco neri moro santi fabbri barbieri russo romano longo marini sala orlando farina fiore riva bassi guerra basile amato grillo
valente castelli marchi pace rosa rocca porta forte palma mazza parisi vitale martini ferrari santoro messina sorrentino
roma milano torino napoli firenze venezia bologna genova palermo bari verona padova trieste italia
""".split()
)

EN_FORCE = """no not never nobody nothing none neither nor now again already yesterday today tonight tomorrow immediately
unacceptable carefully clearly seriously absolutely really still yet ever always every all only must stop this that these those
you your yours we our they them me my he she him her is are was were be been do does did done don't won't can't didn't doesn't
isn't aren't wasn't weren't haven't hasn't hadn't shouldn't wouldn't couldn't mustn't
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty
thirty forty fifty sixty seventy eighty ninety hundred thousand million twice once first second third fourth fifth sixth seventh
eighth ninth tenth twelfth twentieth last final overdue late wrong before after read listen understand pay paid send sent told said
noon midday midnight
""".split()

IT_FORCE = """non mai niente nulla nessuno nessuna né ora adesso subito oggi ieri domani stasera già ancora sempre tutti tutto tutte
tutta solo soltanto proprio davvero esattamente assolutamente immediatamente attentamente chiaramente definitivamente basta
inaccettabile inaccettabili inammissibile inammissibili vergognoso vergognosa vergogna assurdo assurda ridicolo ridicola
questo questa questi queste quello quella voi vostro vostra vostri vostre lei noi io tu sua suo
uno due tre quattro cinque sei sette otto nove dieci undici dodici quindici venti trenta quaranta cinquanta sessanta settanta
ottanta novanta cento mille volta volte primo prima secondo seconda terzo terza quarto quarta quinto quinta sesto sesta decimo
decima ennesimo ennesima ultimo ultima ultimi
prima dopo entro scaduto scaduta scaduti scadute pagato pagata pagati pagate pagare paghi pagherete chiuso chiusa chiusi chiuse
smettete smetta smettila smettere rispondete risponda rispondere leggete legga leggere inviate invii inviare mandate mandi mandare
firmate firmi firmare fermatevi fermi fermate detto scritto ripeto ripetuto
""".split()


def en(limit: int) -> list[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    lk, idx, exc = table("en_lemma_lookup"), table("en_lemma_index"), table("en_lemma_exc")
    prob = table("en_lexeme_prob")
    dic = set(lk) | set(lk.values()) | set(STOP_WORDS)
    for v in idx.values():
        dic |= set(v)
    for v in exc.values():
        dic |= set(v)
    cand = [w for w in dic if w.isalpha() and w.islower() and len(w) >= 2 and w in prob]
    cand = [w for w in cand if w not in EN_EXCLUDE and not acronym_or_name(w)]
    cand.sort(key=lambda w: (-P(w), w))
    words = cand[:limit]
    words += [w for w in EN_FORCE if w not in words and w not in EN_EXCLUDE]
    return words


def it(limit: int, verbs: int) -> list[str]:
    from spacy.lang.it.stop_words import STOP_WORDS

    prob = table("en_lexeme_prob")
    tabs = {
        n: {fix(k): fix(v) for k, v in table("it_lemma_lookup_" + n).items()}
        for n in ["adj", "adp", "adv", "aux", "det", "noun", "num", "other", "pron", "verb"]
    }
    allforms = set()
    for t in tabs.values():
        allforms |= set(t) | set(t.values())
    allforms |= set(STOP_WORDS)

    def ok(w: str) -> bool:
        return w.isalpha() and w.islower() and len(w) >= 2 and w not in IT_EXCLUDE

    # 1. closed classes and adverbs: every form
    words = set()
    for n in ["adp", "adv", "aux", "det", "num", "other", "pron"]:
        words |= {w for w in set(tabs[n]) | set(tabs[n].values()) if ok(w)}
    words |= {w for w in STOP_WORDS if ok(w)}
    # 2. open classes: the forms attested in the frequency table, most frequent first
    from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP

    lk, idx = table("en_lemma_lookup"), table("en_lemma_index")
    english = set(lk) | set(lk.values()) | set(EN_STOP)
    for v in idx.values():
        english |= set(v)
    att = sorted(
        (
            w
            for w in allforms
            if ok(w) and w in prob and w not in english and not acronym_or_name(w)
        ),
        key=lambda w: (-P(w), w),
    )
    words |= set(att[:limit])
    # 3. verbs: for the most frequent lemmas, the voi/Lei imperative-present forms, infinitive and participles
    vl = collections.defaultdict(set)
    for form, lemma in tabs["verb"].items():
        vl[lemma].add(form)
    score = {lemma: max(P(f) for f in fs | {lemma}) for lemma, fs in vl.items()}
    top = sorted(vl, key=lambda lemma: (-score[lemma], lemma))[:verbs]
    ends = (
        "ate",
        "ete",
        "ite",
        "ato",
        "ata",
        "ati",
        "uto",
        "uta",
        "uti",
        "ute",
        "ito",
        "ita",
        "iti",
        "iamo",
        "ano",
        "ono",
    )
    for lemma in top:
        if ok(lemma):
            words.add(lemma)
        for f in vl[lemma]:
            if ok(f) and (f.endswith(ends)) and len(f) <= len(lemma) + 1:
                words.add(f)
    words |= {w for w in IT_FORCE if w not in IT_EXCLUDE}
    return sorted(words, key=lambda w: (-P(w), w))


HEAD = {
    "en": """# Common English words written in capitals: a word shouted for emphasis ("SIXTY days late", "I said NO").
# Used by hostile.shouted-word with `exact: case` (matched exactly as written, capitals only).
# Generated from spacy-lookups-data (MIT): the word forms of the English lemma tables (lookup, index,
# exceptions) plus spaCy's English stop words, ranked by the bundled en_lexeme_prob table; the {n}
# most frequent, plus number words, ordinals and common contractions. Left out: words whose capitalised or
# Title-case form is relatively frequent in that table (acronyms and names: US, IT, PDF, CEO, John, Texas),
# and a hand list of acronyms (VAT, SEO, ASAP, EOD, LTD, ACME...), product tiers (PRO, BASIC, PREMIUM), heading and label words (INVOICE, URGENT,
# NOTE, REMINDER, UPDATE), UI and code words (SUBMIT, EXPORT, NULL, TRUE, ERROR, DEBUG), marketing words
# (FREE, NEW, SALE, SAVE, OFF), friendly words (THANKS, WELCOME, HAPPY, GREAT, YES), days and months.
# Generator: scripts/build_shouting_lexicons.py; to drop a word, add it to its exclusion lists
# and regenerate, or delete the line here.
""",
    "it": """# Parole italiane comuni scritte in maiuscolo: una parola urlata per enfasi ("scaduta da SESSANTA giorni").
# Used by hostile.shouted-word with `exact: case` (matched exactly as written, capitals only).
# Generated from spacy-lookups-data (MIT): every form of the Italian closed-class and adverb tables
# (it_lemma_lookup_adp/adv/aux/det/num/other/pron) and spaCy's Italian stop words; the {n} forms of all the
# Italian tables that are most frequent in the bundled en_lexeme_prob table (which also counts Italian text),
# English words left out;
# for the {v} most frequent verbs of it_lemma_lookup_verb the infinitive, the -ate/-ete/-ite (voi) and
# -iamo/-ano/-ono forms and the past participles; plus numerals, ordinals and key emphasis words. Left out:
# forms whose capitalised or Title-case form is relatively frequent in that table (acronyms and names), and a
# hand list of acronyms (IVA, PEC, SRL, SPA, CF, IBAN, CIG...), product tiers (PRO, BASE, PLUS), heading and label words (OGGETTO, FATTURA,
# URGENTE, AVVISO, ALLEGATO), UI words (SALVA, ANNULLA), marketing (GRATIS, OFFERTA, SCONTO, NUOVO),
# friendly words (GRAZIE, AUGURI, BENVENUTO, COMPLIMENTI), days and months, address words (VIA, PIAZZA,
# CORSO), cities, and common surnames that are also words (ROSSI, BIANCHI, CONTI, COSTA, GALLO, FONTANA).
# Generator: scripts/build_shouting_lexicons.py; to drop a word, add it to its exclusion lists
# and regenerate, or delete the line here.
""",
}


def main(argv: list[str]) -> None:
    en_words, it_forms, it_verbs = (int(a) for a in (argv or ["4000", "7000", "400"]))
    english = en(en_words)
    (OUT / "hostile-shouting.en.txt").write_text(
        HEAD["en"].format(n=en_words) + "".join(w.upper() + "\n" for w in english), encoding="utf-8"
    )
    italian = it(it_forms, it_verbs)
    (OUT / "hostile-shouting.it.txt").write_text(
        HEAD["it"].format(n=it_forms, v=it_verbs) + "".join(w.upper() + "\n" for w in italian),
        encoding="utf-8",
    )
    print(len(english), len(italian))


if __name__ == "__main__":
    main(sys.argv[1:])
