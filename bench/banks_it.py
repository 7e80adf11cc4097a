"""Italian sentence banks for the benchmark corpus (written for the benchmark, not real mail).

The clean sentences use the formal register (Lei) or the plural voi, so a clean message never
switches between tu and Lei; the register problems do. Placeholders as in banks_en.
"""

from __future__ import annotations

GREETINGS_FORMAL = ("Gentile {name},", "Buongiorno {name},", "Egregio {name},", "Gentile {name}")
GREETINGS_INFORMAL = ("Buongiorno {first},", "Buonasera {first},", "Gentile {first},")

OPENERS = (
    "La ringrazio per il messaggio del {date}.",
    "Spero che la settimana stia andando bene.",
    "Grazie per la risposta così rapida.",
    "Le scrivo a proposito di {project}.",
    "Come concordato nella telefonata di {weekday}, Le invio un breve riepilogo.",
    "Grazie per l'aggiornamento su {project}.",
    "Riprendo il messaggio che Le ho inviato il {date}.",
)

GENERIC = (
    "Mi faccia sapere se qualcosa non è chiaro.",
    "In allegato trova l'ultima versione del documento.",
    "Il nostro gruppo è disponibile {weekday} mattina se una breve telefonata può essere utile.",
    "Può contattarmi a questo indirizzo o al telefono in orario d'ufficio.",
    "Ho messo in copia la collega che segue l'amministrazione di {company}.",
    "Lo storico completo della richiesta è nella pratica {ticket}.",
    "Confermeremo i dettagli per iscritto non appena sarà tutto concordato.",
    "Se preferisce, possiamo rivedere insieme i punti aperti in una telefonata.",
    "In fondo a questa email trova gli appunti dell'ultima riunione.",
    "Nella cartella condivisa ci sono la copia firmata e le due bozze precedenti.",
    "Per ora non serve altro da parte vostra.",
    "Dopo la telefonata Le manderò un breve riepilogo.",
    (
        "Il nostro ufficio sarà chiuso il {date}, quindi quella settimana le risposte potrebbero "
        "richiedere un giorno in più."
    ),
    "Il riferimento del contratto è {invoice}, nel caso l'amministrazione lo chieda.",
    "Ho controllato due volte gli importi con l'ordine di acquisto.",
    "Teniamo traccia di ogni modifica nel registro del progetto.",
)

SCENARIOS: dict[str, tuple[str, ...]] = {
    "payment": (
        (
            "Dai nostri registri risulta che la fattura {invoice} di {amount} era in scadenza il "
            "{date}."
        ),
        "Non abbiamo ancora ricevuto il pagamento, ed è possibile che sia sfuggito.",
        "Potrebbe verificare con l'amministrazione se è già stato programmato?",
        "Se il pagamento è già stato effettuato, non tenga conto di questo promemoria.",
        (
            "In allegato trova una copia della fattura, con le coordinate bancarie nella seconda "
            "pagina."
        ),
        "Le saremmo grati se il pagamento arrivasse entro {days} giorni da questo messaggio.",
        "Se preferisce dividere l'importo in due rate, possiamo organizzarci.",
        "Una volta eseguito il bonifico, può inviare la contabile a questo indirizzo.",
        "Il saldo del conto è ora di {amount}.",
        "Mi dica se la fattura deve riportare un numero d'ordine diverso.",
    ),
    "complaint": (
        "Grazie per averci segnalato il problema con {project}.",
        "Capisco che il ritardo abbia creato difficoltà al vostro gruppo la settimana scorsa.",
        "Abbiamo verificato cosa è successo e abbiamo trovato la causa.",
        "Una modifica di configurazione del {date} ha bloccato l'esportazione notturna.",
        "L'esportazione funziona di nuovo da {weekday} e la controlliamo ogni giorno.",
        "Abbiamo accreditato {amount} sul vostro conto per i giorni interessati.",
        "La chiamerò {weekday} per illustrarLe le modifiche che abbiamo fatto.",
        "Il numero della pratica è {ticket} e resterà aperta finché non confermerà la soluzione.",
        "Abbiamo aggiunto un controllo che ci avvisa prima che possa succedere di nuovo.",
        "Se nota qualcos'altro che non va, risponda pure a questa email.",
    ),
    "update": (
        "Ecco l'avanzamento di {project} per questa settimana.",
        "La revisione del design è conclusa e le modifiche sono nella cartella condivisa.",
        "I test inizieranno il {date} e dureranno circa {days} giorni.",
        "Siamo in linea con la data di consegna prevista dal contratto.",
        "Resta una sola domanda aperta sull'importazione dei dati, che trova qui sotto.",
        "Può confermarmi chi approverà la versione finale da parte vostra?",
        "La prossima tappa è la sessione di consegna di {weekday}.",
        "Due delle cinque schermate sono pronte da provare sul sito di prova.",
        "Come richiesto, abbiamo spostato la formazione al {date}.",
        "Il budget utilizzato finora è di {amount}, entro la stima.",
    ),
    "scope": (
        "Ci ha chiesto se possiamo aggiungere il modulo di reportistica a {project}.",
        "Questa attività non rientra nell'accordo attuale, quindi serve una richiesta di modifica.",
        "Ho preparato una stima di {days} giorni lavorativi, pari a {amount}.",
        "La modifica sposterebbe la data di consegna al {date}.",
        (
            "Se preferisce, possiamo consegnare prima quanto previsto e aggiungere il modulo in "
            "seguito."
        ),
        "Le chiedo di guardare la stima e di dirmi quale opzione preferisce.",
        "Il piano attuale non cambia finché non approva la richiesta.",
        "La stima comprende i test e un giro di revisioni.",
    ),
    "termination": (
        (
            "Dopo aver valutato i nostri carichi di lavoro, abbiamo deciso di non rinnovare "
            "l'accordo dopo il {date}."
        ),
        (
            "Non riusciamo più a dedicare a {project} l'attenzione che merita, "
            "ed è questo il motivo della decisione."
        ),
        "Fino al {date} continueremo a consegnare tutto quanto previsto dal contratto.",
        (
            "Entro il {date} Le consegneremo i file, le password e un riepilogo scritto del lavoro "
            "aperto."
        ),
        "Sarei lieto di presentarLe un altro studio che lavora con aziende come {company}.",
        "La ringrazio per la fiducia che ci ha accordato in questi anni.",
        "Vorrei chiamarLa {weekday} per parlarne di persona.",
        "Il lavoro pagato in anticipo e non consegnato sarà rimborsato per intero.",
    ),
    "meeting": (
        "Le andrebbe bene {weekday} alle dieci per una telefonata di mezz'ora su {project}?",
        "Le ho mandato un invito con il collegamento video, e l'ordine del giorno è qui sotto.",
        "Per prima cosa rivedremo il piano del prossimo trimestre.",
        "Poi potremo concordare le priorità del primo rilascio.",
        "Se sono pronti, porti pure i dati del vostro ufficio vendite.",
        "Se {weekday} non Le è comodo, per noi va bene qualsiasi mattina della prossima settimana.",
        "Gli appunti della riunione saranno condivisi nella cartella del progetto.",
        "Sarò breve, perché so che questo mese la Sua agenda è piena.",
    ),
}

CLOSINGS = (
    "La ringrazio per l'aiuto.",
    "Grazie ancora e buona settimana.",
    "Resto in attesa di un Suo riscontro.",
    "Grazie per il Suo tempo.",
    "Resto a disposizione per qualsiasi domanda.",
)

SIGNOFFS = ("Cordiali saluti,", "Distinti saluti,", "Un cordiale saluto,", "Saluti,", "Grazie,")

PROBLEMS: dict[str, tuple[str, ...]] = {
    "hostile": (
        "Sinceramente è una situazione ridicola e sono stanco di rincorrervi.",
        "Paghi la fattura entro il {date} o ci vediamo in tribunale.",
        "NON DOVREI CHIEDERLO DI NUOVO!!!",
        "È evidente che il vostro gruppo non sa cosa sta facendo.",
        "Buona fortuna a trovare qualcun altro disposto a sopportare tutto questo.",
        "Fate il vostro lavoro e smettetela di farci perdere tempo.",
        "Questo progetto è stato una barzelletta dall'inizio alla fine.",
        "Questo è l'ultimo avviso prima di procedere per vie legali.",
    ),
    "blame": (
        "Non ci avete mandato l'ordine di acquisto che avevamo chiesto a marzo.",
        "Il ritardo è interamente per colpa vostra.",
        "Come Le avevo già detto, i numeri erano sbagliati fin dall'inizio.",
        "Come scritto nella mia ultima email, non avete mai risposto alle nostre domande.",
        "Il vostro errore ci è costato due settimane di lavoro.",
        "Se aveste letto il contratto, lo sapreste.",
        "Avreste dovuto avvisarci della modifica molto prima.",
        "A causa della vostra approvazione tardiva, il lancio è slittato di nuovo.",
    ),
    "sugarcoating": (
        "Mi scusi tanto, davvero mi dispiace moltissimo, e mi scuso ancora per tutto questo.",
        "Non è colpa Sua, siamo noi, e sentiamo semplicemente di non essere più adatti.",
        "Siete il miglior cliente che abbiamo mai avuto, ma dobbiamo chiudere il contratto.",
        "Vorremmo forse magari pensare eventualmente di mettere un po' in pausa le cose.",
        "Scusi il disturbo, e scusi ancora per il fastidio, mi dispiace davvero chiederlo.",
        "Speriamo non Le dispiaccia troppo se ci facciamo un po' da parte nel progetto.",
    ),
    "opinion": (
        "Secondo me il vostro sito è un po' un disastro.",
        "Ovviamente il vecchio design non ha mai funzionato.",
        "Tutti sanno che un lancio del genere richiede più tempo.",
        "A mio parere i vostri testi sono sciatti e dilettanteschi.",
        "Penso che il brief fosse scritto male.",
        "Chiaramente i numeri che ci avete mandato sono inutili.",
        "A dirla tutta, la vostra ultima campagna è stata mediocre.",
    ),
    "register": (
        "Cmq ci servono i file al più presto, grazie.",
        "Boh, quella riunione è stata tipo un casino.",
        "Ti ricordo che devi ancora pagare la fattura.",
        "Tranqui, sistemiamo tutto noi, xké il vostro gruppo è top.",
        "Fammi sapere quando hai finito, ok?",
        "Nn so se ce la facciamo per la scadenza, vediamo.",
        "Scusa ma sta cosa non funziona proprio.",
    ),
    "contract": (
        "Interrompiamo tutto il lavoro su {project} con effetto immediato.",
        "Non completeremo le consegne rimanenti, contratto o non contratto.",
        "Da oggi ci ritiriamo da questo incarico.",
        "Abbandoniamo il progetto adesso e non consegneremo l'ultima fase.",
    ),
}

LONG_CLAUSES = (
    "abbiamo esaminato il calendario che il vostro gruppo ci ha inviato il {date}",
    "lo abbiamo confrontato con il piano concordato all'inizio di {project}",
    "abbiamo visto che diverse date non sono più compatibili con le risorse che abbiamo",
    "il lavoro di design ha richiesto più tempo del previsto per i giri di revisione aggiuntivi",
    "l'ambiente di prova non è stato disponibile per quasi tutta la settimana",
    "i nostri sviluppatori hanno dovuto aspettare l'esportazione dei dati prima di proseguire",
    "il budget della seconda fase è già stato utilizzato per la prima",
    "pensiamo ancora che il lancio possa avvenire prima della fine del trimestre",
    "avremmo bisogno che il vostro gruppo approvasse le schermate rimanenti entro {days} giorni",
    "qualsiasi altra modifica al perimetro sposterebbe il lancio al mese successivo",
)
LONG_JOINERS = (", e ", ", ma ", ", quindi ", ", mentre ", ", perché ")

FIRST_NAMES = (
    "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Matteo", "Elena",
    "Davide", "Martina", "Andrea", "Valentina", "Stefano", "Federica", "Paolo", "Silvia", "Luigi",
)  # fmt: skip
SURNAMES = (
    "Rossi", "Bianchi", "Russo", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino",
    "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Costa", "Giordano", "Mancini", "Lombardi",
)  # fmt: skip
TITLES = ("Dott.", "Dott.ssa", "Sig.", "Sig.ra", "Ing.", "Avv.")
COMPANIES = (
    "Rossi & Figli", "Ottica Bellavista", "Trattoria Da Gino", "Studio Legale Conti",
    "Ferramenta Lombardi", "Hotel Miramare", "Panificio Ricci", "Edilizia Greco",
    "Libreria Il Ponte", "Cantine Marino",
)  # fmt: skip
PROJECTS = (
    "il nuovo sito", "la campagna di primavera", "l'app mobile", "il sistema di prenotazione",
    "il nuovo marchio", "la migrazione dei dati", "la newsletter", "il portale clienti",
    "il bilancio annuale", "il negozio online",
)  # fmt: skip
MONTHS = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
    "settembre", "ottobre", "novembre", "dicembre",
)  # fmt: skip
WEEKDAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì")
CURRENCIES = ("€",)
