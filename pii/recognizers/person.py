"""PERSON without an NER model: German/English cues plus first-name/surname gazetteers.

A capitalised word counts as part of a name when a cue announces it ("Mein Name ist",
"Herr", "Name:", a letter's sign-off) or when it follows a known first name, unless the
German noun lexicon says it is an ordinary noun ("Antrag", "Bescheid").
"""

from __future__ import annotations

import dataclasses
import functools
import re as _std_re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pii import role_nouns
from pii.anchored_scan import AnchoredScan, alternatives, may_begin_with
from pii.code_names import person_name_in_handle, slug_name_spans
from pii.lexicon import (
    NAMESAKE_HEADS,
    OFFICE_HEADS,
    Lexicon,
    ends_in_institution,
    is_ordinary_word,
    load_lexicon,
    names_a_namesake,
    names_an_office,
)
from pii.recognizers.base import runs_around
from pii.recognizers.path_name import FILE_EXTENSIONS
from pii.sentence_openers import opens_as_ordinary_word, opens_sentence
from pii.structured import entity_for_key
from pii.word_frequency import is_common, zipf

ENTITY = "PERSON"
# Irish, Scottish, Italian and French surname prefixes: O'Rourke, D'Angelo, McDonagh,
# MacNamara (straight or typographic apostrophe).
# Scottish Gaelic women's surnames glue "Nic" the same way ("NicLeòid", "NicDhòmhnaill").
_PREFIX = r"(?:O['’]|D['’]|Mc|Mac|Nic)"
# Prefixes written as one word with a capital after them: "DeShawna", "LaToya", "DeLuca",
# "DiCaprio", "LeBlanc", "VanDyke". Without them the word would be read up to its second
# capital only ("De"), a name cut in the middle and the rest left in the text.
_CAMEL_PREFIX = r"(?:Da|De|Di|Du|La|Le|Van|Von|Ja|Ka|Ke|Sha|Ta)"
_PART = rf"(?:{_PREFIX}|{_CAMEL_PREFIX})?\p{{Lu}}\p{{Ll}}+"
# A token ends where its word ends: "YouTube" holds no name-shaped token "You".
NAME_TOKEN = re.compile(rf"{_PART}(?:-{_PART})*(?!\p{{L}})")
PREFIXED_SURNAME = re.compile(rf"{_PREFIX}\p{{Lu}}\p{{Ll}}+")
# The rest of a double-barrelled surname after a prefixed part: "McCarthy-Doyle".
_DOUBLE_BARREL_TAIL = re.compile(rf"(?:-{_PART})+")
# Product and company names of the same shape.
_PREFIXED_NOT_NAMES = frozenset({"MacBook", "MacBooks", "MacOS"})
_PREFIXED_NOT_NAMES_FOLDED = frozenset(w.casefold() for w in _PREFIXED_NOT_NAMES)
# Lower-case particles inside surnames: "von der Heide", "van Dijk", "de Souza".
# Several may follow each other: "de la Motte", "van der Berg", "dos Santos"; "und" joins
# two particles only ("von und zu Guttenberg").
PARTICLES = frozenset(
    "von van de der den zu ten ter al el da di del"
    " dos bin ibn la le las los du des della das do".split()
) | frozenset(
    # Irish and Scottish Gaelic particles, written apart: "Tadhg Ó Ceallaigh", "Sorcha Ní
    # Dhomhnaill", "Aoife Nic Giolla", "Seán Mac Giolla Phádraig", "Ua Buachalla".
    {"Ó", "O", "Ní", "Nic", "Mac", "Mc", "Ua", "Uí", "Mhic"}
)
_JOINING_PARTICLES = frozenset({"und"})
_IN_NAME = PARTICLES | _JOINING_PARTICLES
# Particles that are no German or English word of their own ("von der", "das" are): the
# word after them is a surname even when it is also a noun ("de la Motte", "van Acker").
_SURNAME_PARTICLES = frozenset(
    "de la le las los du della dos van ten ter di del do"
    " bin ibn und Ó O Ní Nic Mac Mc Ua Uí Mhic".split()
)
# Words of one name are apart by spaces; a tab separates columns ("Kontoinhaber: X Y<TAB>Betrag").
_GAP = re.compile(r" +(?!\t)")
# A lower-case particle, or a capitalised Gaelic one ("Ó", "Ní"; PARTICLES decides).
_PARTICLE = re.compile(r"[a-z]+|\p{Lu}\p{Ll}{0,3}(?![\w'’])")
# A lower-case word, also a prefixed surname typed in lower case ("o'donoghue-reilly").
_LOWER_WORD = re.compile(r"(?:[od]['’])?\p{Ll}+(?:-(?:[od]['’])?\p{Ll}+)*(?![\w@.])")
_LOWER_PREFIX = re.compile(r"(?:[od]['’]|mc(?=\p{Ll}{3}))")


def _name_cased(word: str) -> str:
    """``word`` written as a name ("o'donoghue-reilly" -> "O'Donoghue-Reilly", "mcgrath" ->
    "McGrath", "anna" -> "Anna")."""
    parts = []
    for part in word.split("-"):
        prefix = _LOWER_PREFIX.match(part)
        if prefix is None:
            parts.append(part.capitalize())
        else:
            parts.append(prefix.group().capitalize() + part[prefix.end() :].capitalize())
    return "-".join(parts)


# A cue announcing a name; the name itself must follow immediately.
_STRONG_CUES_DE = (
    r"mein\s+(?:vor|nach|familien|geburts|ruf)?name\s+(?:ist|is|lautet)|ich\s+hei(?:ß|ss)e"
    r"|hier\s+(?:spricht|schreibt)"
    r"|mit\s+freundlichen\s+gr(?:ü|ue)(?:ß|ss)en|mit\s+freundlichem\s+gru(?:ß|ss)"
    r"|(?:viele|beste|liebe|freundliche|herzliche|sonnige)\s+gr(?:ü|ue)(?:ß|ss)e|mfg|lg"
    r"|gru(?:ß|ss)|gr(?:ü|ue)(?:ß|ss)e"
    r"|herrn?|frau|hr\.|fr\.|familie|eheleute|ehepaar|geb\.|geborene?|verw\.|verwitwete"
    r"|verh\.|verheiratete?"
    r"|(?:vor|nach|familien|geburts|ruf)?name|antragstell(?:er|erin)"
    r"|(?:konto|karten|vertrags|ausweis)inhaber(?:in)?"
    r"|ansprechpartner(?:in)?|versicherte[rn]?|ehe(?:mann|frau|partner|partnerin)"
    r"|vertreten\s+durch|bevollmächtigte[rn]?|unterschrift|empfänger(?:in)?"
    # who signs for an authority: "i. A." (im Auftrag), "i. V." (in Vertretung), "gez."
    r"|(?-i:i\.\s?[AV]\.)|gez\."
    # who receives a letter for someone else: "c/o", "z. Hd." (zu Händen), "care of"
    r"|c/o|z\.\s?hd\.?|zu\s+h(?:ä|ae)nden|care\s+of"
    # Dutch titles of address, as a letter from a Dutch office writes them ("Geachte heer
    # Visser", "mevrouw Aylin Doğan", "dhr. J. Bakker", "mw. Kok")
    r"|heer|mevrouw|mevr\.|meneer|dhr\.|mw\."
    # a self-introduction or a name given in Romanian, Polish, Turkish ("Numele meu este",
    # "nazywam się", "adım")
    r"|numele\s+(?:meu|ei|lui|copilului)\s+este|m[ăa]\s+numesc|se\s+nume[șs]te"
    r"|nazywam\s+si[ęe]|(?:mam\s+na|ma\s+na)\s+imi[ęe]|benim\s+ad[ıi]m"
    # a person with one name only ("Der Antragsteller heißt nur Tesfay", "sie hat nur einen
    # Namen: Abrehet"): the cue starts at "nur", the verb before it
    r"|(?<=hei(?:ß|ss)t[ \t]+(?:einfach[ \t]+)?)nur"
    r"|(?<=(?:hat|trägt|besitzt)[ \t]+)nur[ \t]+einen[ \t]+namen"
)
_STRONG_CUES_EN = (
    r"my\s+(?:(?:first|last|family|given|full|middle|maiden)\s+)?(?:sur)?name\s+is"
    r"|(?:kind|best|warm)\s+regards|regards|sincerely|yours\s+(?:truly|faithfully)"
    r"|best\s+wishes|mr\.?|mrs\.?|ms\.?|miss|(?:first|last|full|sur)?\s?name|applicant"
    r"|account\s+holder|signed"
    # a person with one name only ("the applicant is only called Tesfay"; "she has only one
    # name: Abrehet" is read by the cue "name"): the cue starts at "only", the verb before it
    r"|(?<=(?:is|was)[ \t]+)only[ \t]+called"
)
# A name field said in words ("surname is Okafor", "Vorname ist Brandt", "name on card
# Grace Field"; a bare "name is" opens a sentence too often: "her name is … Lovely."): the
# name closes its clause (``_name_closing_clause``). A known first name there is found as
# such, with the surname that may follow it (``_extend_from_first_name``).
NAME_IS = re.compile(
    r"(?<![\w-])(?i:(?:first|last|full|sur|maiden|given|family|vor|nach|familien|geburts|ruf)"
    r"[ \t]?name(?:[ \t]+on[ \t]+(?:the[ \t]+)?card)?[ \t]+(?:is|was|ist|lautet)"
    r"|name[ \t]+on[ \t]+(?:the[ \t]+)?card)[ \t]*:?[ \t]+"
)
_NAME_IS_SCAN = AnchoredScan(NAME_IS)
# A card prints a title and initials before the surname ("name on card MR K D OKAFOR").
_CARD_TITLE = re.compile(r"(?:(?i:mr|mrs|ms|miss|dr)\.?[ \t]+)?(?:\p{Lu}\.?[ \t]+){0,3}")
_CAPITALS_NAME = re.compile(
    r"\p{Lu}{2,}(?:[-'’]\p{Lu}{2,})*(?:[ \t]+\p{Lu}{2,}(?:[-'’]\p{Lu}{2,})*){0,2}"
)
# Weak cues need a known first name or surname among the next two words.
_WEAK_CUES = (
    r"ich\s+bin|i\s+am|i'm|dear|kinder?|für|best|cheers|thanks|this\s+is"
    r"|von|an|mit|bei|from|to|with|by"
)
# More relatives, by the everyday word ("my mum, Abike, had a fall", "meine Tante Gül").
_RELATIVES = (
    r"mum|mom|mam|dad|nan|nana|gran|granny|grandma|grandmother|grandad|granddad|grandpa"
    r"|grandfather|grandson|granddaughter|aunt|auntie|aunty|uncle|niece|nephew|cousin"
    r"|stepson|stepdaughter|stepmother|stepfather|fiancée?|fiancee|boyfriend|girlfriend|carer"
    r"|mama|papa|tante|onkel|neffe|nichte|cousine|enkel(?:in)?|schwager|schwägerin"
    r"|schwieger(?:mutter|vater|sohn|tochter)|stief(?:sohn|tochter|mutter|vater)"
    # Welsh grandparents ("my nain Gwenllian", "taid", "mam-gu", "tad-cu")
    r"|nain|taid|mam-gu|mamgu|tad-cu|tadcu"
)
# Turkish relatives carry the possessive as a suffix ("Oğlum Emre", "kızım Elif", "eşim Murat").
_TURKISH_RELATIVES = (
    r"oğlum|oglum|kızım|kizim|eşim|esim|annem|babam|kardeşim|kardesim|ablam|ağabeyim|abim"
    r"|torunum|kocam|karım|karim|teyzem|halam|amcam|dayım|dayim|yeğenim|yegenim"
)
_FAMILY_CUES = (
    r"(?:mein(?:e[mnr]?)?|unser(?:e[mnr]?)?|ihr(?:e[mnr]?)?|dein(?:e[mnr]?)?|my|our|his|her|your"
    r"|their)\s+"
    r"(?:mann|frau|ehemann|ehefrau|partner(?:in)?|lebensgefährt(?:e|in)|sohn|tochter|kind"
    r"|mutter|vater|bruder|schwester|oma|opa|betreuer(?:in)?|vermieter(?:in)?|husband|wife|son"
    rf"|daughter|mother|father|brother|sister|partner|landlord|landlady|{_RELATIVES})|mutter|vater"
    rf"|{_TURKISH_RELATIVES}"
)
# A family noun without possessive names the relative only where a note's line, list item
# or sentence starts with it ("- Daughter Nomvula visits weekly", "Sohn Timur kommt mit",
# "… lives alone. Son Segun visits wkly.").
_KIN_CUES = (
    r"son|daughter|wife|husband|brother|sister|grandson|granddaughter|sohn|tochter|ehefrau"
    r"|ehemann|bruder|schwester|enkel|enkelin|mum|mom|dad|mother|father|nan|gran|grandma"
    r"|grandmother|grandad|grandfather|aunt|uncle|niece|nephew|cousin|partner|mutter|vater"
    r"|oma|opa|tante|onkel|neffe|nichte"
)
_FAMILY_NOUN = re.compile(rf"(?i:{_RELATIVES}|{_KIN_CUES})")


def is_family_noun(word: str) -> bool:
    """True when ``word`` (any case) is a family noun ("nan", "Gran", "Tochter", "mum")."""
    return _FAMILY_NOUN.fullmatch(word) is not None


_LINE_START = re.compile(r"(?:^|\n|[.!?;][ \t]+)[ \t]*(?:[-*•+>][ \t]+|\d{1,2}[.)][ \t]+)?$")
_TITLES = re.compile(
    r"(?:(?:(?:Dr|Prof|Dipl|Ing|med|rer|nat|phil|jur|Hr|Fr|Mr|Mrs|Ms)\.(?:-\w+\.)?\s*)"
    r"|(?:Herrn?|Frau|Mr|Mrs|Ms|Dr|Prof)\s+)+"
)
# Cues that are a person's title ("Hr.", "Mrs", "Dr"): a first name after them is followed
# by the surname, also when that is a rarer noun too ("Hr. Yusuf Kaplan", Kaplan: chaplain).
_TITLE_CUES = frozenset(
    "herr herrn frau hr. fr. mr mr. mrs mrs. ms ms. miss heer mevrouw mevr. meneer dhr. mw.".split()
)
_CUE_GROUPS = (
    ("strong", f"{_STRONG_CUES_DE}|{_STRONG_CUES_EN}"),
    ("family", _FAMILY_CUES),
    ("weak", _WEAK_CUES),
    ("title", r"dr\.|prof\.|(?-i:Dr|Prof|dr)"),
    ("kin", _KIN_CUES),
)
# a gloss in brackets after the cue ("my nain (gran) Gwenllian", "Herr (Dr.) Ilić")
_CUE_TAIL = r"(?:\s*[:,])?\s+(?:\([^()\n]{1,24}\)\s+)?"


def _cue_source(groups: Iterable[tuple[str, str]]) -> str:
    alternatives = "|".join(f"(?P<{name}>{source})" for name, source in groups)
    return rf"(?<![\w-])(?i:{alternatives}){_CUE_TAIL}"


CUE = re.compile(_cue_source(_CUE_GROUPS))


@functools.cache
def cue_starting_with(word: str) -> re.Pattern[str]:
    """CUE with only the wordings that can begin with ``word`` (a lower-case word of
    CUE_STARTS), in their order and groups: where that word stands it matches what CUE
    matches (the others fail there), in ~2/3 of the time of all ~200 wordings (``pii.
    anchored_scan.may_begin_with``; tests/unit/pii/test_anchored_scan.py)."""
    return re.compile(
        _cue_source(
            (name, "|".join(a for a in alternatives(source) if may_begin_with(a, word)) or "(?!)")
            for name, source in _CUE_GROUPS
        )
    )


# First words of every cue above (lower case); CUE is only tried where one of them starts,
# which is ~10x faster than scanning the whole text with the alternation.
CUE_STARTS = frozenset(
    """
    mein meine meinem meinen meiner ich hier mit viele beste liebe freundliche herzliche sonnige
    mfg lg gruß gruss grüße grüsse gruesse herr herrn frau hr fr familie eheleute ehepaar geb
    geborene gez
    geboren verw verwitwete vorname nachname familienname geburtsname rufname name antragsteller
    antragstellerin kontoinhaber kontoinhaberin karteninhaber karteninhaberin vertragsinhaber
    vertragsinhaberin ausweisinhaber ausweisinhaberin verh verheiratet verheiratete
    heer mevrouw mevr meneer dhr mw ansprechpartner ansprechpartnerin versicherte
    versicherter versicherten ehemann ehefrau ehepartner ehepartnerin vertreten bevollmächtigte
    bevollmächtigter bevollmächtigten unterschrift empfänger empfängerin my kind best warm
    cheers thanks many von an mit bei from to with by
    regards sincerely yours mr mrs ms miss first last full surname firstname lastname fullname
    applicant account signed this i dear kinder für unser unsere unserem unseren unserer ihr ihre
    ihrem ihren ihrer our his her your their dein deine deinem deinen deiner mutter vater dr prof
    son daughter wife husband brother sister
    grandson granddaughter sohn tochter bruder schwester enkel enkelin mum mom dad mother father
    nan gran grandma grandmother grandad grandfather aunt uncle niece nephew cousin partner oma
    opa tante onkel neffe nichte c z zu care maiden given numele mă ma se nazywam mam benim
    nur only
    """.split()
    + _TURKISH_RELATIVES.split("|")
)
_WORD = _std_re.compile(r"[^\W\d_]+")
_LOWER_LETTER = re.compile(r"\p{Ll}")
# The name-shaped word that ends right before a position (one space or tab between).
_PREVIOUS_WORD = re.compile(r"(?<![\w-])(\p{Lu}\p{Ll}+)[ \t]$")
# A sign-off without greeting: two or three name-shaped words closing the message.
SIGNATURE = re.compile(
    rf"(?:^|[.!?:]\s+|\n\s*|(?i:best|cheers|thanks|thank\s+you|regards|grüße|gruß|lg|vg),\s*)"
    rf"(?P<name>{_PART}(?:-{_PART})*(?:[ \t]+{_PART}(?:-{_PART})*){{1,2}})\s*$"
)

# A self-introduction at the start of a clause ("Hi, this is Gwendolyn", "ich bin Leokadia
# und ..."): the name after it need not be listed when the introduction visibly ends right
# after it (INTRODUCTION_END), which ordinary words after "this is"/"ich bin" rarely do.
INTRODUCTION = re.compile(
    r"(?<![\w'’-])(?i:this\s+is|it['’]s|it\s+is|i['’]m|i\s+am|my\s+name['’]s|name['’]s"
    r"|ich\s+bin|hier\s+ist|hier\s+spricht|hier\s+schreibt|am\s+apparat\s+ist)"
    r"(?:\s+(?i:die|der))?[ \t]+"
)
# What may come before an introduction: nothing, a clause boundary or a greeting.
_INTRODUCTION_START = re.compile(
    r"(?:^|[.!?;,:(\n]|(?<![\w-])(?i:hi|hello|hey|hallo|moin|servus|tag|morgen|abend|morning"
    r"|afternoon|evening|yes|ja|ok|okay))[ \t]*$"
)
# What may follow the introduced name: the end of the text or line, punctuation, or words
# that continue an introduction ("… speaking", "… from the council", "… und habe eine Frage").
INTRODUCTION_END = re.compile(
    r"[ \t]*(?:$|[,.;!?)\n–—]|-[ \t]|(?i:speaking|here|again|from|calling|and|with|at|und|aus"
    r"|von|vom|bei|hier|am\s+apparat|about|regarding|concerning|for|wegen|bezüglich|zum|zur)"
    r"(?![\w-]))"
)
# States and replies ("I'm fine", "Fine, thanks"): a first name alone that is one of them
# (Fine, Just) is the ordinary word.
STATE_WORDS = frozenset(
    """
    Sorry Happy Glad Done Fine Good Great Okay Ok Important Urgent New Back Ready Sure Just
    Still Very Really Available Interested Confused Excited Afraid Unable Able Aware Concerned
    Worried Tired Sick Ill Late Early Free Busy Right Wrong Correct Me Him Her Them Us It
    Neu Froh Krank Fertig Sicher Gespannt Dankbar Traurig Müde Da Zurück Wieder Gerne Gern
    """.split()
)
# Listed first names that are far more often a frequent adverb, particle or auxiliary
# ("Nur in dem Moment", "Anders als erwartet", "Will you", "Per post"): opening a sentence,
# alone and before a lower-case word, they are that word ("Nur Ahmadi" is still a name).
SENTENCE_OPENING_WORDS = frozenset("Nur Anders Will Per Ago Lot Mine Beat Boy".split())
_LOWER_NEXT = _std_re.compile(r"[ \t]+[a-zäöüß]")


def opens_sentence_alone(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` opens a sentence and a lower-case word follows it."""
    return opens_sentence(text, start) and _LOWER_NEXT.match(text, end) is not None


# Capitalised words an introduction is often followed by that are no names (English has no
# noun lexicon here): states, nationalities and creeds.
NOT_INTRODUCED = STATE_WORDS | frozenset(
    """
    American British English German French Italian Spanish Turkish Polish Russian Dutch Irish
    Scottish Welsh Canadian Australian Indian Chinese Japanese Korean Vietnamese Arab Arabic
    Swiss Austrian Swedish Danish Norwegian Finnish Greek Portuguese Brazilian Mexican Muslim
    Christian Jewish Catholic Protestant Hindu Buddhist European African Asian Ukrainian Syrian
    Afghan Iranian Persian Kurdish Czech Hungarian Romanian Bulgarian Croatian Serbian
    Deutsch Türkisch Polnisch Russisch Englisch
    """.split()
)

# Prepositions before a person ("Appeal by …", "die Akte von …", "the file of …", "between
# … and", "zwischen … und") and the signer of a form ("I, the undersigned …"): two
# capitalised words after one are a name when neither is an ordinary word (RARE_PAIR_SCORE).
# People named in migration and court papers ("sponsor Kibrom Haileselassie Gebru", "wife
# Letensae Abraha Mesfin", "Witnesses: Karwan Jabbar"); after them two short words run
# together are a name too ("Jabbar", ``_lineage_word``).
MIGRATION_ROLES = role_nouns.MIGRATION_ROLES["en"] | role_nouns.MIGRATION_ROLES["de"]
RARE_PAIR_CUES = (
    frozenset(
        "by of from for to with von für fuer an mit bei between among against including "
        "undersigned zwischen gegen unterzeichnende unterzeichnete".split()
    )
    | MIGRATION_ROLES
)
_NAME_WORD = rf"{_PART}(?:-{_PART})*"
_RARE_PAIR = re.compile(rf"[ \t]+(?:{_TITLES.pattern})?({_NAME_WORD})[ \t]+({_NAME_WORD})")
_AFTER_NAME = re.compile(rf"[ \t]+({_NAME_WORD})")
# A relative named with a verb between ("My daughter is Ifeoma …", "my son's name is …",
# "meine Tochter heißt …"): the name is found as after an introduction (``_introduced``).
FAMILY_NAMED = re.compile(
    rf"(?<![\w-])(?i:{_FAMILY_CUES})(?i:[ \t]+(?:is|ist|heißt|heisst|is[ \t]+called"
    r"|is[ \t]+named|named|called)|['’]s[ \t]+(?:(?:first|full|given)[ \t]+)?name[ \t]+is"
    r"|s[ \t]+(?:vor)?name[ \t]+ist)[ \t]+"
)
_FAMILY_NAMED_STARTS = frozenset(
    "mein meine meinem meinen meiner unser unsere unserem unseren unserer ihr ihre ihrem "
    "ihren ihrer dein deine deinem deinen deiner my our his her your their".split()
)
_CUE_OR_RARE_PAIR_CUE = CUE_STARTS | RARE_PAIR_CUES
# A name said to be a name after it ("Kovács is the family name", "Eszter ist mein
# Vorname"): the cue follows the name, which is rare or a known name.
_NAMED_AS = (
    r"[ \t]+(?i:is|ist)[ \t]+"
    r"(?i:my|the|his|her|their|mein|meine|der|sein|ihr)[ \t]+"
    r"(?i:(?:first|last|family|given|middle|maiden|christian)[ \t]+name|surname|forename"
    r"|(?:vor|nach|familien|geburts|ruf)name)(?![\w-])"
)
NAMED_AS_NAME = re.compile(rf"(?<![\w'’-])({_NAME_WORD}){_NAMED_AS}")
# The part after the name: every NAMED_AS_NAME match holds one, and without the name word in
# front it is searched about six times faster (most texts have none).
_NAMED_AS_CUE = re.compile(_NAMED_AS)
# A caller naming themselves as on the phone, at a text's or line's start ("Hallo, Drossel
# hier.", "Nowak hier, ich rufe wegen ... an"): after a greeting any capitalised word but a
# function word or place is the surname; without one it must be a known name or rare word.
SELF_NAMED = re.compile(
    r"(?:^|\n)[ \t]*(?:(?P<greeting>(?i:hallo|hi|moin|servus|guten[ \t]+(?:tag|morgen|abend)"
    rf"|gr(?:ü|ue)(?:ß|ss)[ \t]+gott))[ \t]*[,!]?[ \t]+)?(?P<name>{_NAME_WORD})[ \t]+hier"
    r"(?=[ \t]*(?:[.,!:;–—-]|$))"
)
# Example markers before a person ("the applicant, e.g. Chidinma Okoro-Eze", "z. B. Jolanta
# Wierzbicka"): the same rule after them.
EXAMPLE_MARKER = re.compile(
    r"(?<![\w-])(?i:e\.[ \t]?g\.|z\.[ \t]?b\.|i\.[ \t]?e\.|for[ \t]+(?:example|instance)"
    r"|such[ \t]+as|beispielsweise|etwa|zum[ \t]+beispiel|namely|nämlich"
    r"|(?:example|beispiel)(?=[ \t]*:))(?:[ \t]*[:,])?(?=[ \t])"
)
_EXAMPLE_MARKER_SCAN = AnchoredScan(EXAMPLE_MARKER)
# A lower-case noun for the person between an example marker and the name ("Example:
# patient Bronwyn Llewellyn", "z. B. Kundin Hańža Šołćic" is capitalised and a noun).
_EXAMPLE_PERSON = re.compile(
    r"[ \t]+(?:patient|client|customer|tenant|applicant|resident|claimant|pupil|student"
    r"|employee|user|member)(?=[ \t])"
)

CUE_SCORE = 0.85
WEAK_CUE_SCORE = 0.7
INTRODUCTION_SCORE = 0.7
FULL_NAME_SCORE = 0.8
FIRST_NAME_SCORE = 0.6
FAMILY_CUE_SCORE = 0.75
SIGNATURE_SCORE = 0.7
PREFIXED_SURNAME_SCORE = 0.7
LOWER_CASE_SCORE = 0.65
RARE_PAIR_SCORE = 0.7
E_MAIL_NAME_SCORE = 0.8
# Lower-case words that are also names but far more often ordinary words.
LOWER_CASE_WORDS = frozenset(
    "will mark frank ernst rose kai mai august heide wolf fuchs hahn vogel klein lang lange "
    "weiss weiß schwarz braun roth jung kurz long may june april grace hope faith and the "
    # Names given as virtues, frequent in West African and Caribbean families ("Sister
    # Blessing", "Precious Okafor").
    "blessing precious comfort patience charity mercy favour".split()
)
MAX_TOKENS = 4


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A name found in a text."""

    start: int
    end: int
    score: float


def _tokens_from(text: str, pos: int) -> list[re.Match[str]]:
    """Name-shaped tokens (and particles) starting exactly at ``pos``, single-line."""
    tokens: list[re.Match[str]] = []
    while len(tokens) < MAX_TOKENS + 2:
        match = NAME_TOKEN.match(text, pos)
        if match is None:
            particle = _PARTICLE.match(text, pos)
            if particle is None or not (
                particle.group() in PARTICLES
                or (
                    particle.group() in _JOINING_PARTICLES
                    and tokens
                    and tokens[-1].group() in PARTICLES
                )
            ):
                break
            match = particle
        tokens.append(match)
        gap = _GAP.match(text, match.end())
        if gap is None:
            break
        pos = gap.end()
    while tokens and tokens[-1].group() in _IN_NAME:
        tokens.pop()
    return tokens


# Slavic first names built with "-sław"/"-slav" ("glory"): Wiesława, Radosław, Miroslav,
# Jaroslava; the lists hold only some of them, and no other word ends so.
_SLAVIC_FIRST_NAME = re.compile(r"\p{Lu}\p{Ll}{2,}(?:sław|sława|slav|slava)")
_SLAVIC_ENDINGS = ("sław", "sława", "slav", "slava")  # tried first: the pattern's ends


def is_first_name(word: str, lexicon: Lexicon) -> bool:
    """Known first name, also as a double name ("Anna-Lena")."""
    return (
        word in lexicon.first_names
        or (word.endswith(_SLAVIC_ENDINGS) and _SLAVIC_FIRST_NAME.fullmatch(word) is not None)
        or ("-" in word and all(part in lexicon.first_names for part in word.split("-")))
    )


def is_prefixed_surname(word: str) -> bool:
    """O'Rourke, D'Angelo, McDonagh, MacNamara: the prefix makes the word a surname."""
    return PREFIXED_SURNAME.fullmatch(word) is not None and word not in _PREFIXED_NOT_NAMES


def is_known_name(word: str, lexicon: Lexicon) -> bool:
    """Known first name or surname (double names: every part known); a prefixed surname
    ("O'Rourke") counts as known whether listed or not."""
    parts = word.split("-")
    return all(
        p in lexicon.first_names or p in lexicon.surnames or is_prefixed_surname(p) for p in parts
    )


def _is_noun(word: str, lexicon: Lexicon) -> bool:
    if "-" in word:
        return all(lexicon.is_plain_noun(p) for p in word.split("-"))
    return lexicon.is_plain_noun(word)


def _limit(tokens: list[re.Match[str]], first: int) -> int:
    """MAX_TOKENS tokens; particles after the first name word (``tokens[first]``) do not
    count ("Karl-Theodor von und zu Guttenberg")."""
    return MAX_TOKENS + sum(t.group() in _IN_NAME for t in tokens[first + 1 :])


def _after_surname_particles(tokens: list[re.Match[str]], index: int) -> bool:
    """True when the particles just before ``tokens[index]`` make it a surname."""
    run = []
    while index > 0 and tokens[index - 1].group() in _IN_NAME:
        index -= 1
        run.append(tokens[index].group())
    return not _SURNAME_PARTICLES.isdisjoint(run)


# After a title and a known first name, a noun rarer than this is the surname ("Hr. Yusuf
# Kaplan", "Frau Anna Bäcker"); a frequent one goes on the sentence ("Herrn Peter Bescheid
# geben", Bescheid: 4.45).
MAX_TITLED_SURNAME_NOUN_ZIPF = 4.0


def _surname_after_titled_first_name(word: str) -> bool:
    return zipf(word, "de") < MAX_TITLED_SURNAME_NOUN_ZIPF and "-" not in word


# Particles that are also the German definite article: after a weak cue ("von", "mit",
# "bei") they open an ordinary phrase as often as a surname ("der Brief von der Mutter",
# "mit dem Vater"; "von der Leyen").
_ARTICLE_PARTICLES = frozenset({"der", "den", "dem", "des", "das"})
# A noun this frequent (Zipf, German) after the article is the word, not a surname ("Mutter"
# 5.3, "Schule" 5.3); surnames after "von der" are rarer words ("Heide" 4.0, "Leyen" 3.7).
_ARTICLE_NOUN_MIN_ZIPF = 4.5


def _article_and_common_noun(tokens: list[re.Match[str]], leading: int, lexicon: Lexicon) -> bool:
    """True when the particles after a weak cue are German articles only and the word after
    them is a frequent common noun, even a listed surname too, and no first name ("von der
    Mutter", "bei der Polizei"): a noun phrase, not "von der Leyen"."""
    if not leading or any(t.group() not in _ARTICLE_PARTICLES for t in tokens[:leading]):
        return False
    word = tokens[leading].group()
    return (
        word in lexicon.nouns
        and not is_first_name(word, lexicon)
        and zipf(word.lower(), "de") >= _ARTICLE_NOUN_MIN_ZIPF
    )


def _accept_cued(
    tokens: list[re.Match[str]], lexicon: Lexicon, *, weak: bool, titled: bool = False
) -> int:
    """How many leading tokens after a cue form the name (0 = none); after a title
    (``titled``) the word right after a known first name is its surname when it is a rare
    noun too (``_surname_after_titled_first_name``)."""
    leading = 0
    while leading < len(tokens) and tokens[leading].group() in _IN_NAME:
        leading += 1
    if leading == len(tokens):
        return 0
    first = tokens[leading].group()
    if first in lexicon.function_words:
        return 0
    if weak and _article_and_common_noun(tokens, leading, lexicon):
        return 0
    if weak and not any(
        is_first_name(w, lexicon) or (is_known_name(w, lexicon) and w not in lexicon.places)
        for w in (t.group() for t in tokens[leading : leading + 2])
    ):
        return 0
    if not is_known_name(first, lexicon) and _is_noun(first, lexicon):
        return 0
    count = leading + 1
    titled_first_name = titled and is_first_name(first, lexicon)
    for token in tokens[count : _limit(tokens, leading)]:
        word = token.group()
        if word in _IN_NAME or _after_surname_particles(tokens, count):
            count += 1
            continue
        if (
            titled_first_name
            and count == leading + 1
            and _surname_after_titled_first_name(word)
            and word not in lexicon.function_words
        ):
            count += 1
            continue
        if word in lexicon.function_words or (
            not is_known_name(word, lexicon) and _is_noun(word, lexicon)
        ):
            break
        count += 1
    while count > 1 and tokens[count - 1].group() in _IN_NAME:
        count -= 1
    return count


# A German title of address ("Frau", "Herr"): the capitalised word after it is the surname
# even where it is also a noun ("Danke, Frau Drossel", "Guten Tag Herr Fink"), when the title
# addresses or names somebody: it opens the text or a clause, or follows a greeting or a
# capitalised word; not after an article ("dass die Frau Angst hat"). A noun for a role,
# rank or relation is no surname ("Frau Doktor", "Herr Pfarrer", "Frau Ministerin").
_ADDRESS_TITLES = frozenset({"frau", "herr", "herrn"})
_ADDRESSING = re.compile(
    r"(?:^|[\n,.;:!?(\"'„“–—-]|\p{Lu}\w*|(?i:geehrte[rn]?|liebe[rn]?|werte[rn]?))[ \t]*\Z"
)
ROLE_NOUNS = role_nouns.AFTER_ADDRESS_TITLE["de"]
# Nouns after "Frau"/"Herr" that describe an age ("eine Frau Anfang dreißig").
_AGE_NOUNS = frozenset({"Anfang", "Mitte", "Ende"})
# Role nouns by their ending: agent and office nouns ("Präsident", "Direktor", "Notar",
# "Polizist", "Psychologe", "Landrat", "Bürgermeister", "Rechtsanwalt", "Abteilungsleiter").
_ROLE_ENDINGS = (
    "ent", "ant", "and", "or", "eur", "ist", "oge", "rat", "ar", "meister", "anwalt", "leiter",
    "chef", "berater",
)  # fmt: skip


def _role_noun(word: str, lexicon: Lexicon) -> bool:
    """True when ``word`` names a role: listed (ROLE_NOUNS), shaped like one
    (``_ROLE_ENDINGS``), or the feminine form of a noun ("Ministerin", "Ärztin")."""
    if word in ROLE_NOUNS or word.lower().endswith(_ROLE_ENDINGS):
        return True
    stem = word[:-2] if word.endswith("in") else word[:-5] if word.endswith("innen") else ""
    plain = stem.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    return bool(stem) and (
        lexicon.is_plain_noun(stem) or lexicon.is_plain_noun(plain) or _role_noun(stem, lexicon)
    )


def _titled_noun(
    text: str, cue: re.Match[str], tokens: list[re.Match[str]], lexicon: Lexicon
) -> int:
    """1 when the cue is a title of address (``_ADDRESS_TITLES``) and the one capitalised
    noun after it is a surname: the title addresses somebody (``_ADDRESSING`` before it),
    and the noun is no role (``_role_noun``) and no function word; else 0."""
    strong = cue.group("strong")
    if strong is None or strong.lower() not in _ADDRESS_TITLES or not tokens:
        return 0
    word = tokens[0].group()
    if (
        not word[:1].isupper()
        or not word.isalpha()
        or word in lexicon.function_words
        or word in _AGE_NOUNS
        or _role_noun(word, lexicon)
        or _ADDRESSING.search(text, 0, cue.start()) is None
    ):
        return 0
    return 1


# A household named in a list or a table cell, where the line or cell starts ("Familie
# Weiß", "<td>Ehepaar Fink / Adeyemi</td>"): the one capitalised word after the noun is the
# surname even where it is a noun too; a second surname after "/" or "und" is the partner's.
_HOUSEHOLD_CUES = frozenset({"familie", "eheleute", "ehepaar"})
_CELL_OR_LINE_START = re.compile(r"(?:^|[\n\t>|])[ \t]*(?:[-*•][ \t]+|\d{1,3}[.)][ \t]+)?\Z")
_PARTNER = re.compile(rf"[ \t]*(?:/|&|\+|und)[ \t]*({_NAME_WORD})(?![\w-])")


def _household_noun(
    text: str, cue: re.Match[str], tokens: list[re.Match[str]], lexicon: Lexicon
) -> int:
    """1 when a household cue opens a line or cell and a capitalised word that is no role
    and no function word follows it; else 0."""
    strong = cue.group("strong")
    if strong is None or strong.lower() not in _HOUSEHOLD_CUES or not tokens:
        return 0
    word = tokens[0].group()
    if (
        not word[:1].isupper()
        or word in lexicon.function_words
        or _role_noun(word, lexicon)
        or _CELL_OR_LINE_START.search(text, 0, cue.start()) is None
    ):
        return 0
    return 1


def _partner_after(text: str, cue: re.Match[str], end: int, lexicon: Lexicon) -> int:
    """The end of a second surname joined to a household's ("Ehepaar Fink / Adeyemi")."""
    if (cue.group("strong") or "").lower() not in _HOUSEHOLD_CUES:
        return end
    partner = _PARTNER.match(text, end)
    if partner is None or partner.group(1) in lexicon.function_words:
        return end
    end_of_partner: int = partner.end(1)
    return end_of_partner


# After a family noun without possessive, a word this frequent that is no known name is the
# noun's complement ("Sister Act"), not the relative's name.
MAX_KIN_NAME_ZIPF = 4.0


def _ordinary_after_kin(word: str, lexicon: Lexicon) -> bool:
    return not is_known_name(word, lexicon) and is_common(word.lower(), MAX_KIN_NAME_ZIPF)


# "Department of Social Protection", "Office of Tax and Revenue", "Amt für Soziales": an
# ordinary word joined to a capitalised one by "of"/"for"/"für" names an office.
_INSTITUTION_JOIN = re.compile(r"[ \t]+(?:of|for|für|fuer|der|des)[ \t]+\p{Lu}")


def _names_an_institution(
    text: str, tokens: list[re.Match[str]], count: int, lexicon: Lexicon
) -> bool:
    """True when the cued words are an institution signing: each an ordinary word and no
    known name, then "of"/"for" and a capitalised word ("Yours faithfully, Department of
    Social Protection"), or the words on the line hold an office noun and no known name
    ("Housing Adaptations Team", "Bürgerbüro Mitte")."""
    words = [t.group() for t in tokens[:count]]
    if not all(
        not is_known_name(w, lexicon)
        and (is_ordinary_word(w, lexicon) or w in OFFICE_HEADS or names_an_office(w, lexicon))
        for w in words
    ):
        return False
    if _INSTITUTION_JOIN.match(text, tokens[count - 1].end()) is not None:
        return True
    return names_an_office_line([t.group() for t in tokens], lexicon)


def _weakly_cued_namesake(
    text: str, tokens: list[re.Match[str]], count: int, lexicon: Lexicon
) -> bool:
    """True when the words after a weak cue ("to", "from", "bei") are part of a proper noun
    (``names_a_namesake``: "to Greenfield Academy", a known surname before the head) and
    none is a first name ("to John Lake" stays a name: "Lake" is a head too)."""
    return names_a_namesake(text, tokens[0].start(), tokens[count - 1].end()) and not any(
        is_first_name(t.group(), lexicon) for t in tokens[:count]
    )


def names_an_office_line(words: list[str], lexicon: Lexicon) -> bool:
    """True when ``words`` hold an office noun and no known name ("Housing Adaptations Team",
    "Bürgerbüro Mitte"; not "Priya Office")."""
    return any(w in OFFICE_HEADS or names_an_office(w, lexicon) for w in words) and not any(
        is_known_name(w, lexicon) for w in words
    )


def _names_an_office_or_service(words: list[str], lexicon: Lexicon) -> bool:
    """True when the words closing a text name an office (``names_an_office_line``) or are
    ordinary words only, none a known name ("Housing Options", "Parking Services"): a
    team or service signs, not a person; a person's name holds a listed or a rare word."""
    return names_an_office_line(words, lexicon) or all(
        is_ordinary_word(w, lexicon) and not is_known_name(w, lexicon) for w in words
    )


def _lower_case_name(text: str, pos: int, lexicon: Lexicon) -> int | None:
    """End of a lower-case name after a cue ("lg marlene", "ich heiße anna schmidt").

    Chat messages are often typed in lower case; after a cue, up to three lower-case words
    count when each is a known first name or surname (capitalised). After a known first
    name, a rare word that closes the clause is the surname ("mein name ist frank
    morgenroth, ..."), even when the first name is also a common word (LOWER_CASE_WORDS).
    """
    end = None
    held = None  # a LOWER_CASE_WORDS name, kept only when a surname follows
    for _ in range(3):
        word = _LOWER_WORD.match(text, pos)
        if word is None:
            break
        lowered = word.group()
        if (end is not None or held is not None) and _closing_rare_surname(word, lexicon):
            end = word.end()
            break
        if not is_known_name(_name_cased(lowered), lexicon):
            break
        if lowered in LOWER_CASE_WORDS:
            if end is not None or held is not None:
                break
            held = word.end()
        else:
            if held is not None:
                break
            end = word.end()
        gap = _GAP.match(text, word.end())
        if gap is None:
            break
        pos = gap.end()
    return end


# A lower-case family member's name: the clause ends or goes on with "and"/"und" after it.
_AFTER_FAMILY_NAME = re.compile(r"[ \t]*(?:$|[,.;!?\n]|(?:and|und|too|auch)(?![\w-]))")
# Word endings of verbs and adverbs ("my son moved", "my wife works", "our son finally").
_NOT_NAME_ENDINGS = ("ed", "ing", "ly", "s", "en", "te", "st")
# Names that are also words are less frequent than the verbs and adverbs typed after a
# family noun ("left", "died", "says"); "dawn", "hunter" are below this Zipf frequency.
MAX_FAMILY_NAME_ZIPF = 5.0


def _lower_case_family_name(text: str, pos: int, lexicon: Lexicon) -> int | None:
    """End of a lower-case name after a family cue in a text written without capitals
    ("my partner dawn and our son hunter", "meine frau rosa"): one word, a known name or a
    word rarer than MAX_FAMILY_NAME_ZIPF that is no function word and not shaped like a
    verb, closing its clause or followed by "and"/"und"."""
    word = _LOWER_WORD.match(text, pos)
    if word is None or _AFTER_FAMILY_NAME.match(text, word.end()) is None:
        return None
    lowered: str = word.group()
    end: int = word.end()
    if lowered.capitalize() in lexicon.function_words or len(lowered) < 3:
        return None
    if is_known_name(lowered.capitalize(), lexicon) and lowered not in LOWER_CASE_WORDS:
        return end
    if lowered.endswith(_NOT_NAME_ENDINGS) or is_common(lowered, MAX_FAMILY_NAME_ZIPF):
        return None
    return end


_CLAUSE_END = re.compile(r"[ \t]*(?:$|[,.;!?\n])")


def _closing_rare_surname(word: re.Match[str], lexicon: Lexicon) -> bool:
    """A lower-case word that is no ordinary or function word, closing its clause."""
    lowered = word.group()
    return (
        len(lowered) >= 3
        and lowered.capitalize() not in lexicon.function_words
        and not is_ordinary_word(lowered, lexicon)
        and _CLAUSE_END.match(word.string, word.end()) is not None
    )


def _closes_phrase(token: re.Match[str]) -> bool:
    """True when punctuation or the end of the line follows the token ("Claudia Brenner,")."""
    rest = token.string[token.end() : token.end() + 1]
    return rest == "" or rest in ",.;:!?)\n"


def _extend_from_first_name(tokens: list[re.Match[str]], lexicon: Lexicon) -> int:
    count = 1
    for token in tokens[1 : _limit(tokens, 0)]:
        word = token.group()
        if word in _IN_NAME or _after_surname_particles(tokens, count):
            count += 1
            continue
        if is_known_name(word, lexicon):
            count += 1
            continue
        if word in lexicon.function_words:
            break
        if _is_noun(word, lexicon) and not _closes_phrase(token):
            break
        count += 1
    while count > 1 and tokens[count - 1].group() in _IN_NAME:
        count -= 1
    return count


# A first name that is also a common noun is the noun when a number follows ("Art. 3 GG",
# "Art 101 Abs 1": Artikel) or an indefinite determiner precedes it, also with adjectives
# between them ("eine Art Amnesie", "eine neue Art des Umgangs").
_NUMBERED = _std_re.compile(r"\.?[ \t]*\d")
_DETERMINER_BEFORE = _std_re.compile(
    r"(?:^|\s)(?:ein|eine|einer|eines|einem|einen|kein|keine|keiner|keines|keinem|keinen|"
    r"jede|jeder|jedes|jedem|jeden|diese|dieser|dieses|diesem|diesen|welche|welcher|"
    r"welches|solche|solcher|solches|irgendeine|mancher|manche)"
    r"(?:[ \t]+[a-zäöüß]+(?:e|en|er|es|em))?[ \t]+$",
    _std_re.IGNORECASE,
)


# A lone first name right after a number is a unit or an abbreviation ("115 Mio Euro").
_AFTER_NUMBER = _std_re.compile(r"\d[ \t]+$")


def _used_as_noun(text: str, match: re.Match[str]) -> bool:
    """True when the noun-and-first-name at ``match`` reads as the noun (see above)."""
    if _NUMBERED.match(text, match.end()):
        return True
    return _DETERMINER_BEFORE.search(text[max(0, match.start() - 40) : match.start()]) is not None


_NEXT_KEY_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


def _opens_key(text: str, token: re.Match[str]) -> bool:
    """True when ``token`` is a key, alone or with the word after it ("Title *<TAB>Mrs" over
    "First name *<TAB>…": "First" after the title cue opens the next line's key)."""
    if entity_for_key(token.group()) is not None:
        return True
    after = _NEXT_KEY_WORD.match(text, token.end())
    return after is not None and entity_for_key(f"{token.group()} {after.group(1)}") is not None


def _signature(text: str) -> re.Match[str] | None:
    """SIGNATURE in the last 120 characters, searched only when the text ends like a name.

    A signature ends with a lower-case letter (``\\p{Ll}``), then only whitespace; ``str.rstrip``
    strips every character ``\\s`` matches in the ``regex`` module (checked over all of Unicode
    in tests/unit/pii/test_fast_scans.py), so a text ending otherwise cannot match.
    """
    stripped = text.rstrip()
    if not stripped or _LOWER_LETTER.match(stripped[-1]) is None:
        return None
    return SIGNATURE.search(text[-120:])


# Initials before the surname after a title or a strong cue ("Herr J. Bakker", "dhr. J.-P.
# de Vries", "Karteninhaberin M. Yılmaz-Grünewald"): they belong to the name.
_CUED_INITIALS = re.compile(
    r"(?:\p{Lu}\.(?:-\p{Lu}\.)?[ \t]*){1,3}(?=\p{Lu}\p{Ll}|[a-z]{1,3}[ \t])"
)


def _initials_after_cue(text: str, pos: int, cue: re.Match[str]) -> re.Match[str] | None:
    if cue.group("strong") is None and cue.group("title") is None:
        return None
    return _CUED_INITIALS.match(text, pos)


def find_names(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """Finds person names in ``text``.

    Args:
        text: the text to scan.
        lexicon: gazetteers and noun lexicon.

    Returns:
        Non-overlapping spans, ordered by start.
    """
    spans: list[NameSpan] = []
    # One pass over the words serves both word-started scans (cues here, _rare_pairs).
    cue_words = [
        (word, lowered)
        for word in _WORD.finditer(text)
        if (lowered := word.group().lower()) in _CUE_OR_RARE_PAIR_CUE
    ]
    for word, lowered in cue_words:
        if lowered not in CUE_STARTS:
            continue
        cue = cue_starting_with(lowered).match(text, word.start())
        if cue is None:
            continue
        kin = cue.group("kin") is not None
        if kin and _LINE_START.search(text, max(0, word.start() - 8), word.start()) is None:
            continue
        pos = cue.end()
        title = _TITLES.match(text, pos)
        if title is not None:
            pos = title.end()
        weak = cue.group("weak") is not None
        initials = _initials_after_cue(text, pos, cue) if not weak and not kin else None
        if initials is not None:
            pos = initials.end()
        tokens = _tokens_from(text, pos)
        titled = (
            title is not None
            or cue.group("title") is not None
            or (cue.group("strong") or "").lower() in _TITLE_CUES
        )
        count = (
            _accept_cued(tokens, lexicon, weak=weak, titled=titled)
            or _titled_noun(text, cue, tokens, lexicon)
            or _household_noun(text, cue, tokens, lexicon)
        )
        if count and _names_an_institution(text, tokens, count, lexicon):
            continue
        if count and weak and _weakly_cued_namesake(text, tokens, count, lexicon):
            continue  # "I go to Greenfield Academy", "bei Ashworth Surgery"
        if count and kin and _ordinary_after_kin(tokens[0].group(), lexicon):
            continue  # "- Sister Act is a film"
        if count and not weak and _opens_key(text, tokens[0]):
            continue  # a key after a key ("Surname\tForename\tPostcode"): a header
        if count:
            score = WEAK_CUE_SCORE if weak else CUE_SCORE
            if cue.group("family") is not None or kin:
                score = FAMILY_CUE_SCORE
            start = tokens[0].start() if initials is None else initials.start()
            end = _partner_after(text, cue, tokens[count - 1].end(), lexicon)
            spans.append(NameSpan(start, end, score))
        elif cue.group("strong") is not None:
            lower = _lower_case_name(text, pos, lexicon)
            if lower is not None:
                spans.append(NameSpan(pos, lower, LOWER_CASE_SCORE))
        elif cue.group("family") is not None and not any(c.isupper() for c in text):
            lower = _lower_case_family_name(text, pos, lexicon)
            if lower is not None:
                spans.append(NameSpan(pos, lower, LOWER_CASE_SCORE))
    signature = _signature(text)
    if signature is not None:
        words = signature.group("name").split()
        # "Little Acorns Nursery", "Sunny Hill Kita": a place named, not a person signing
        namesake = words[-1] in NAMESAKE_HEADS and not any(is_known_name(w, lexicon) for w in words)
        if (
            not namesake
            and not _names_an_office_or_service(words, lexicon)
            and not any(
                w in lexicon.function_words
                or (_is_noun(w, lexicon) and not is_known_name(w, lexicon))
                for w in words
            )
        ):
            base = len(text) - len(text[-120:])
            spans.append(
                NameSpan(
                    base + signature.start("name"), base + signature.end("name"), SIGNATURE_SCORE
                )
            )
    spans.extend(_delimited_signatures(text, lexicon))
    for match in NAME_TOKEN.finditer(text):
        word = match.group()
        if not is_first_name(word, lexicon) or word in lexicon.function_words:
            continue
        before = text[match.start() - 1] if match.start() else " "
        if before.isalnum() or before in "-@.":
            continue
        tokens = _tokens_from(text, match.start())
        count = _extend_from_first_name(tokens, lexicon)
        if names_a_namesake(text, match.start(), tokens[count - 1].end()):
            continue  # "Wayne County", "Joe Louis Arena": named after someone
        if (
            word in lexicon.nouns
            and _used_as_noun(text, match)
            and not (count > 1 and is_known_name(tokens[1].group(), lexicon))
        ):
            continue  # "eine Art Amnesie," is the noun; a known surname after it is a name
        if count > 1:
            spans.append(NameSpan(match.start(), tokens[count - 1].end(), FULL_NAME_SCORE))
        elif not (
            _is_noun(word, lexicon)
            or word in STATE_WORDS
            or (word in SENTENCE_OPENING_WORDS and opens_sentence_alone(text, *match.span()))
            or opens_as_ordinary_word(text, match.start(), match.end(), lexicon.function_words)
            or _AFTER_NUMBER.search(text, 0, match.start())
        ):
            # A first name alone that is also a state or a reply ("Fine, thanks"; Fine is a
            # German first name), a noun in use ("eine Art"), or a unit after a number
            # ("115 Mio") is the ordinary word; with a surname it is still a name.
            spans.append(NameSpan(match.start(), match.end(), FIRST_NAME_SCORE))
    spans.extend(_prefixed_surnames(text, lexicon))
    spans.extend(_role_names(text, lexicon))
    spans.extend(_lineage_names(text, lexicon))
    spans.extend(_names_before_roles(text, lexicon))
    spans.extend(_gaelic_names(text, lexicon))
    spans.extend(_capital_prefixed_surnames(text, lexicon))
    spans.extend(_capital_full_names(text, lexicon))
    spans.extend(_double_first_name_pairs(text, lexicon))
    spans.extend(_introduced_names(text, lexicon))
    spans.extend(
        _family_named(text, lexicon, [w for w, form in cue_words if form in _FAMILY_NAMED_STARTS])
    )
    spans.extend(
        _rare_pairs(text, lexicon, [word for word, form in cue_words if form in RARE_PAIR_CUES])
    )
    spans.extend(_e_mail_names(text, lexicon))
    spans.extend(_handle_names(text))
    spans.extend(NameSpan(start, end, E_MAIL_NAME_SCORE) for start, end in slug_name_spans(text))
    spans.extend(_listed_relatives(text, lexicon))
    spans.extend(
        NameSpan(match.start(1), match.end(1), CUE_SCORE)
        for match in (NAMED_AS_NAME.finditer(text) if _NAMED_AS_CUE.search(text) else ())
        if match.group(1) not in lexicon.function_words
        and (is_known_name(match.group(1), lexicon) or _rare_word(match.group(1), lexicon))
    )
    spans.extend(_self_named(text, lexicon))
    if "name" in text.lower():
        spans.extend(
            span
            for match in _NAME_IS_SCAN.finditer(text)
            if (start := _CARD_TITLE.match(text, match.end())) is not None
            and (word := NAME_TOKEN.match(text, start.end())) is not None
            and not is_first_name(word.group(), lexicon)
            and (span := _name_closing_clause(text, start.end(), lexicon, CUE_SCORE)) is not None
        )
        spans.extend(_capitals_named(text, lexicon))
    return _merge(spans)


# An e-mail's signature block opens with the delimiter line "-- " (RFC 3676) or "--"; its
# first line is the sender's name, also where a quoted message follows ("--\nAine Dolan\n
# Housing Office\n\nOn Tue … wrote:").
DELIMITED_SIGNATURE = re.compile(
    rf"(?:^|\n)--[ \t]*\n[ \t]*(?P<name>{_PART}(?:-{_PART})*(?:[ \t]+{_PART}(?:-{_PART})*){{1,2}})"
    r"[ \t]*(?=\n|$)"
)


def _delimited_signatures(text: str, lexicon: Lexicon) -> Iterator[NameSpan]:
    if "--" not in text:
        return
    for match in DELIMITED_SIGNATURE.finditer(text):
        words = match.group("name").split()
        if _names_an_office_or_service(words, lexicon) or any(
            w in lexicon.function_words or (_is_noun(w, lexicon) and not is_known_name(w, lexicon))
            for w in words
        ):
            continue
        yield NameSpan(match.start("name"), match.end("name"), SIGNATURE_SCORE)


def _capitals_named(text: str, lexicon: Lexicon) -> Iterator[NameSpan]:
    """A surname in capitals after a name field said in words ("name on card MR K D
    OKAFOR-BRANDT", ``NAME_IS``), closing its clause; not when each word is an ordinary one
    ("surname is UNKNOWN")."""
    for match in _NAME_IS_SCAN.finditer(text):
        title = _CARD_TITLE.match(text, match.end())
        name = _CAPITALS_NAME.match(text, title.end()) if title is not None else None
        if (
            name is not None
            and INTRODUCTION_END.match(text, name.end()) is not None
            and not all(is_ordinary_word(w, lexicon) for w in re.split(r"[\s\-'’]+", name.group()))
        ):
            yield NameSpan(match.end(), name.end(), CUE_SCORE)


def _self_named(text: str, lexicon: Lexicon) -> Iterator[NameSpan]:
    """The names of callers introducing themselves (``SELF_NAMED``)."""
    if " hier" not in text:
        return
    for match in SELF_NAMED.finditer(text):
        name = match.group("name")
        if name in lexicon.function_words or name in lexicon.places:
            continue
        if match.group("greeting") or is_known_name(name, lexicon) or _rare_word(name, lexicon):
            yield NameSpan(match.start("name"), match.end("name"), CUE_SCORE)


# The local part of an e-mail address made of two words ("meera.iyer@", "j_okafor-eze@").
_E_MAIL_WORDS = re.compile(
    r"(?<![\w.+-])(\p{L}{2,})[._](\p{L}{2,}(?:-\p{L}{2,})?)(?:[._+\-]?\d{1,4})?@[\w-]+\."
)


_AT = _std_re.compile("@")


def _e_mail_words(text: str) -> Iterator[re.Match[str]]:
    """The _E_MAIL_WORDS matches of ``text``, searched only in the whitespace-free runs that
    hold an ``@``: a match holds an ``@`` and no whitespace, and the character before a run
    (whitespace) passes its look-behind as the start of the text does. Same matches, a
    fraction of the scan (a 1 KB text has a few such runs)."""
    for start, end in runs_around(text, _AT):
        yield from _E_MAIL_WORDS.finditer(text, start, end)


def _e_mail_names(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """Two capitalised words that an e-mail address in the text spells as its local part
    ("Meera Iyer can be reached at meera.iyer@…"): the address names the person, so the
    pair is a name whatever the word lists say (a surname that is also a word, "Iyer")."""
    spans: list[NameSpan] = []
    for address in _e_mail_words(text):
        first, last = (
            "-".join(part.capitalize() for part in address.group(i).split("-")) for i in (1, 2)
        )
        if first in lexicon.function_words or last in lexicon.function_words:
            continue
        spans.extend(
            NameSpan(start, end, E_MAIL_NAME_SCORE)
            for start, end in _spelt_pairs(text, first, last)
        )
    return spans


# A user handle "first.last" or "first_last" standing alone ("safety_identifier":
# "detlef.brunsmann", "login jana.kowalczyk"): not part of an address, a path, a longer
# dotted name ("os.path.join") or a call ("self.assert(").
_HANDLE = re.compile(
    r"(?<![\w.@/+\-])(\p{L}{3,})[._](\p{L}{4,}(?:-\p{L}{2,})?)(?:[._\-]?\d{1,4})?"
    r"(?![\w@(/]|[.\-]\w)"
)
# Where a letter, a dot or underscore and a letter meet; written from the separator, so the
# engine jumps from one "." or "_" to the next (only the runs around the matches count,
# runs_around, and those are the same as for "[^\W\d_][._][^\W\d_]").
_HANDLE_JOINT = _std_re.compile(r"(?<=[^\W\d_])[._](?=[^\W\d_])")
# File name extensions and code words that follow a dot without naming anyone.
_NOT_SURNAMES = frozenset(FILE_EXTENSIONS)


def _handle_names(text: str) -> list[NameSpan]:
    """User handles that spell first name and surname (``person_name_in_handle``): the
    whole handle is the name, as an e-mail address's local part is."""
    spans: list[NameSpan] = []
    for start, end in runs_around(text, _HANDLE_JOINT):
        for handle in _HANDLE.finditer(text, start, end):
            first, last = handle.group(1), handle.group(2)
            if last.lower() in _NOT_SURNAMES or not (first.islower() or first.istitle()):
                continue
            if person_name_in_handle(first, last):
                spans.append(NameSpan(handle.start(), handle.end(), E_MAIL_NAME_SCORE))
    return spans


_WORD_CHAR = re.compile(r"\w")
_SPACES = frozenset(" \t")


def _spelt_pairs(text: str, first: str, last: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``first``, spaces or tabs, ``last`` in ``text`` as whole words:
    the matches of ``(?<!\\w)first[ \\t]+last(?!\\w)``, found with ``str.find`` instead of a
    pattern compiled per address (compiling cost about 0.05 ms an address)."""
    start = text.find(first)
    while start >= 0:
        gap = start + len(first)
        stop = gap
        while stop < len(text) and text[stop] in _SPACES:
            stop += 1
        end = stop + len(last)
        if (
            stop > gap
            and text.startswith(last, stop)
            and (start == 0 or _WORD_CHAR.match(text, start - 1) is None)
            and _WORD_CHAR.match(text, end) is None
        ):
            yield start, end
            start = text.find(first, end)
        else:
            start = text.find(first, start + 1)


def _rare_word(word: str, lexicon: Lexicon) -> bool:
    """A capitalised word that is no ordinary word, function word or place (every part of a
    hyphenated one)."""
    return (
        word not in lexicon.function_words
        and word not in lexicon.places
        and all(not is_ordinary_word(part, lexicon) for part in word.split("-"))
    )


_LABEL_COLON = re.compile(r"(?<=\p{Ll}):(?=[ \t])")
_LABELLED_PAIR_END = re.compile(r"[ \t]*(?:[,.;)]|$)", re.MULTILINE)


def _rare_pairs(text: str, lexicon: Lexicon, cue_words: list[_std_re.Match[str]]) -> list[NameSpan]:
    """Two rare capitalised words right after a preposition (RARE_PAIR_CUES) or an example
    marker (EXAMPLE_MARKER): "by Bronwyn Llewellyn", "von Hańža Šołćic", "e.g. Chidinma
    Okoro-Eze". First name and surname need not be listed; a place, a
    brand of ordinary words ("Elasticsearch") or a German compound noun is no pair of rare
    words. Capitalised words right after the pair belong to the name when rare too (a
    middle name); an ordinary one there (a title, a product line) drops the pair.

    ``cue_words`` are the words of ``text`` (``_WORD``) in RARE_PAIR_CUES, in any case:
    find_names collects them with its own cue words in one pass.
    """
    spans = []
    cues = [
        word.end()
        for word in cue_words
        if not (
            word.start() and (text[word.start() - 1].isalnum() or text[word.start() - 1] in "-_")
        )
    ]
    for marker in _EXAMPLE_MARKER_SCAN.finditer(text):
        person = _EXAMPLE_PERSON.match(text, marker.end())
        cues.append(marker.end() if person is None else person.end())
    # a label's colon ("today: Ugochi Anyaegbunam, Nigerian", "Protokoll: Rahwa
    # Gebreslassie."): the pair must close its clause (_LABELLED_PAIR_END)
    labelled = {match.end() for match in _LABEL_COLON.finditer(text) if text[match.end() :].strip()}
    cues.extend(labelled)
    roles = {
        word.end() + (text.startswith(":", word.end()))
        for word in cue_words
        if word.group().lower() in MIGRATION_ROLES
    }
    for cue_end in cues:
        pair = _RARE_PAIR.match(text, cue_end)
        if pair is None:
            continue
        first, second = pair.group(1), pair.group(2)
        role_pair = cue_end in roles and all(_lineage_word(w, lexicon) for w in (first, second))
        if not (role_pair or (_rare_word(first, lexicon) and _rare_or_word_name(second, lexicon))):
            continue
        end = pair.end(2)
        for _ in range(MAX_TOKENS - 2):
            more = _AFTER_NAME.match(text, end)
            if more is None:
                break
            if not _rare_word(more.group(1), lexicon):
                end = -1
                break
            end = more.end(1)
        if end > 0 and cue_end in labelled and not _LABELLED_PAIR_END.match(text, end):
            continue
        if end > 0:
            spans.append(NameSpan(pair.start(1), end, RARE_PAIR_SCORE))
    return spans


# A person named by a parent or spouse after "s/o", "d/o", "w/o" (son, daughter, wife of),
# as South Asian and Afghan documents write it ("Nazir Hotak s/o Sher Agha", "RAHMATULLAH
# S/O JUMA KHAN"): up to three words, in title case or capitals, one space apart (a wider
# gap separates a table's cells).
_LINEAGE = re.compile(
    r"(?<![\w/])(?i:[sdw]/o|[sdw]\.[ ]?o\.)[ \t]+"
    r"(?P<name>(?:\p{Lu}\p{Ll}+|\p{Lu}{2,})(?:[ ](?:\p{Lu}\p{Ll}+|\p{Lu}{2,})){0,2})(?![\w'’-])"
)


LINEAGE_MAX_ZIPF = 3.0


def _lineage_word(word: str, lexicon: Lexicon) -> bool:
    """A word rare in German and English (below LINEAGE_MAX_ZIPF), no function word or
    place: two short words run together ("Badshah", "Jabbar") are a name here."""
    lowered = word.lower()
    return (
        word not in lexicon.function_words
        and word not in lexicon.places
        and zipf(lowered, "en") < LINEAGE_MAX_ZIPF
        and zipf(lowered, "de") < LINEAGE_MAX_ZIPF
        and lowered not in lexicon.nouns
    )


def _lineage_names(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """The name after a lineage cue (_LINEAGE): its words while each, read in title case,
    is a known name or a rare word (``_lineage_word``; "s/o Late Juma" keeps "Late")."""
    if "/o" not in text.lower() and ".o." not in text.lower():
        return []
    spans = []
    for match in _LINEAGE.finditer(text):
        end = -1
        for word in re.finditer(r"\S+", match.group("name")):
            cased = word.group().capitalize() if word.group().isupper() else word.group()
            if not (is_known_name(cased, lexicon) or _lineage_word(cased, lexicon)):
                break
            end = match.start("name") + word.end()
        if end > 0:
            spans.append(NameSpan(match.start("name"), end, CUE_SCORE))
    return spans


def _rare_or_word_name(word: str, lexicon: Lexicon) -> bool:
    """A rare word, or a name that is also a word (LOWER_CASE_WORDS: "Hope", "Grace") after
    a rare first name."""
    return _rare_word(word, lexicon) or (
        word.lower() in LOWER_CASE_WORDS and word not in lexicon.function_words
    )


# A role noun before a person's name ("Agent Hope took the call", "Officer Kowalczyk",
# "Sachbearbeiterin Yilmaz hat", "caretaker Habtom Warfa", "DC Zervas", "Mx Dinh"): the
# capitalised word after it, with a known or rare surname after that one. Role nouns are
# read in either case ("our caretaker Ben"); ranks and titles written as capital
# abbreviations ("DC", "PC", "Cllr") only as written.
_ROLE_NOUNS = role_nouns.alternation(role_nouns.BEFORE_NAME["en"] + role_nouns.BEFORE_NAME["de"])
_ROLE_ABBREVIATIONS = r"Mx\.?|DC|DS|DI|DCI|DSI|PC|PCSO|Sgt\.?|Insp\.?|Cllr\.?|Rev\.?|Revd\.?"
_ROLE_NAME = re.compile(
    rf"(?<![\w-])(?:(?i:{_ROLE_NOUNS})|{_ROLE_ABBREVIATIONS})"
    rf"[ \t]+({_NAME_WORD})(?:[ \t]+({_NAME_WORD}))?(?![\w'’-])"
)
_ROLE_NAME_SCAN = AnchoredScan(_ROLE_NAME)  # tried only where a role noun's start stands


# A name before "the" and a role or trade in apposition ("Bazza the tradie will come too",
# "Dave the plumber", "Mo the caretaker").
_TRADES = (
    r"tradie|tradesman|plumber|electrician|builder|handyman|gardener|cleaner|postman|postie"
    r"|mechanic|neighbour|neighbor|landlord|landlady|locksmith|decorator|roofer|joiner"
    r"|carpenter|courier|driver|babysitter|nanny|childminder|janitor|lodger|flatmate"
)
_NAME_THE_ROLE = re.compile(
    rf"(?<![\w'’-])({_NAME_WORD})[ \t]+the[ \t]+(?i:{_ROLE_NOUNS}|{_TRADES})(?![\w-])"
)


def _names_before_roles(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """The name of _NAME_THE_ROLE when it is a known name or a rare word, and no imperative
    opening a sentence ("Mark the teacher's answers", ``opens_as_ordinary_word``)."""
    if "the" not in text:
        return []
    return [
        NameSpan(match.start(1), match.end(1), CUE_SCORE)
        for match in _NAME_THE_ROLE.finditer(text)
        if match.group(1) not in lexicon.function_words
        and match.group(1) not in lexicon.places
        and (is_known_name(match.group(1), lexicon) or _rare_word(match.group(1), lexicon))
        and not opens_as_ordinary_word(text, match.start(1), match.end(1), lexicon.function_words)
    ]


def _role_names(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """The name after a role noun (_ROLE_NAME) when it is a known name, a name that is also
    a word (LOWER_CASE_WORDS: "Hope", "Grace") or a rare word, with a known or rare word
    after it as its surname; an ordinary word there is the role's complement ("Agent
    Portal", "Officer Training")."""
    spans: list[NameSpan] = []
    for match in _ROLE_NAME_SCAN.finditer(text):
        word, after = match.group(1), match.group(2)
        if word in lexicon.function_words or word in lexicon.places:
            continue
        if not all(
            is_known_name(part, lexicon)
            or part.lower() in LOWER_CASE_WORDS
            or _rare_word(part, lexicon)
            for part in word.split("-")
        ):
            continue
        surname = after is not None and (
            is_known_name(after, lexicon) or _rare_word(after, lexicon)
        )
        end = match.end(2) if surname else match.end(1)
        spans.append(NameSpan(match.start(1), end, CUE_SCORE))
    return spans


def _prefixed_surnames(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """A prefixed surname is a name on its own, with the rest of a double-barrelled surname
    ("McCarthy-Doyle"); a name-shaped word right before it is its first name
    ("Declan O'Rourke"), unless it is a function word or a common noun."""
    spans = []
    for match in PREFIXED_SURNAME.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        if before.isalnum() or before in "-@.'’" or not is_prefixed_surname(match.group()):
            continue
        start = match.start()
        previous = _PREVIOUS_WORD.search(text, max(0, start - 64), start)
        if previous is not None:
            word = previous.group(1)
            if word not in lexicon.function_words and not _is_noun(word, lexicon):
                start = previous.start(1)
        tail = _DOUBLE_BARREL_TAIL.match(text, match.end())
        end = tail.end() if tail is not None else match.end()
        spans.append(NameSpan(start, end, PREFIXED_SURNAME_SCORE))
    return spans


# A prefixed surname written in capitals after its prefix ("McDONALD", "NicLEÒID", as forms
# and signatures write surnames), with a first name in capitals before it ("CATRIONA").
_CAPITAL_PREFIXED_SURNAME = re.compile(
    r"(?<![\w'’-])(?:(\p{Lu}{2,})[ \t]+)?((?:Mc|Mac|Nic)\p{Lu}{2,})(?![\w'’-])"
)


def _capital_prefixed_surnames(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """Surnames of _CAPITAL_PREFIXED_SURNAME, with the word in capitals before them when it
    is a known name or a rare word (not "NOTE", "URGENT")."""
    spans: list[NameSpan] = []
    if "Mc" not in text and "Mac" not in text and "Nic" not in text:
        return spans  # every match holds one of the prefixes (a substring test is cheap)
    for match in _CAPITAL_PREFIXED_SURNAME.finditer(text):
        if match.group(2).casefold() in _PREFIXED_NOT_NAMES_FOLDED:
            continue
        start = match.start(2)
        first = match.group(1)
        if first is not None:
            word = first.capitalize()
            if word not in lexicon.function_words and (
                is_known_name(word, lexicon) or _rare_word(word, lexicon)
            ):
                start = match.start(1)
        spans.append(NameSpan(start, match.end(2), PREFIXED_SURNAME_SCORE))
    return spans


# A full name in capitals, as payment references and forms write it ("REF 4411 HALINA
# NOWICKA FLAT 2"): a known first name (not "GRACE", "CHRISTIAN" of "GRACE PERIOD", a
# frequent word) and a surname in capitals that is known or a rare word.
MIN_CAPITAL_WORD_ZIPF = 4.0
_CAPITAL_PAIR = re.compile(r"(?<![\w'’-])(\p{Lu}{3,})[ \t]+(\p{Lu}{3,}(?:-\p{Lu}{3,})?)(?![\w'’-])")


def _capital_full_names(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """Full names in capitals (_CAPITAL_PAIR)."""
    spans: list[NameSpan] = []
    for match in _CAPITAL_PAIR.finditer(text, overlapped=True):
        first, last = match.group(1).capitalize(), _name_cased(match.group(2))
        if (
            is_first_name(first, lexicon)
            and not is_common(first.lower(), MIN_CAPITAL_WORD_ZIPF)
            and first not in lexicon.function_words
            and last not in lexicon.function_words
            and (is_known_name(last, lexicon) or _rare_word(last, lexicon))
        ):
            spans.append(NameSpan(match.start(), match.end(), FULL_NAME_SCORE))
    return spans


# A hyphenated double first name and a surname, all three words rare ("Ioana-Mădălina
# Stănescu", "Nkechi-Adaeze Obi"): German hyphenates nouns ("Maestro-Karte"), English
# ordinary words ("Coca-Cola"), but three rare words in this shape are a name.
_DOUBLE_FIRST_NAME_PAIR = re.compile(
    r"(?<![\w'’-])(\p{Lu}\p{Ll}+)-(\p{Lu}\p{Ll}+)[ \t]+(\p{Lu}\p{Ll}+)(?![\w'’-])"
)


def _double_first_name_pairs(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """Names of _DOUBLE_FIRST_NAME_PAIR whose words are all rare and no nouns."""
    if "-" not in text:
        return []
    return [
        NameSpan(match.start(), match.end(), RARE_PAIR_SCORE)
        for match in _DOUBLE_FIRST_NAME_PAIR.finditer(text)
        if all(
            (_rare_word(w, lexicon) or is_known_name(w, lexicon)) and not _is_noun(w, lexicon)
            for w in match.groups()
        )
    ]


# Irish and Scottish Gaelic surname particles written apart and capitalised ("Niamh Ní
# Bhriain", "Fionnuala Mac Aodha", "Seán Ó Ceallaigh").
GAELIC_PARTICLES = ("Ní", "Nic", "Mac", "Mhic", "Ó", "Uí", "Ua")
# The article after a particle ("Mac an tSaoir", "Mac na Midhe", "Mac a' Phearsain") and the
# letters Irish puts before a capital after it ("tSaoir", "hUiginn", "nDonnchadha").
_GAELIC_ARTICLE = r"(?:(?:an|na|a['’])[ \t]+)?"
_GAELIC_MUTATION = r"(?:t|h|n|bh|mb|gc|nd|ng|bp|dt)?"
_GAELIC_NAME = re.compile(
    rf"(?<![\w'’-])({_NAME_WORD})[ \t]+(?:{'|'.join(GAELIC_PARTICLES)})[ \t]+"
    rf"{_GAELIC_ARTICLE}{_GAELIC_MUTATION}({_NAME_WORD})"
)
# The particle between blanks, which every _GAELIC_NAME match holds: a text without it is
# not scanned (a search for it costs a fraction of the scan of every capitalised word).
_GAELIC_PARTICLE = _std_re.compile(rf"[ \t](?:{'|'.join(GAELIC_PARTICLES)})[ \t]")
# The same typed in lower case ("roisin ni fhlannagain", "eoin mac an tsaoir"); "o" alone is
# left out (English "o").
_LOWER_GAELIC_PARTICLES = ("ni", "ní", "nic", "mac", "mhic", "ó", "uí", "ua")
_LOWER_GAELIC_NAME = re.compile(
    rf"(?<![\w'’-])(\p{{Ll}}{{3,}})[ \t]+(?:{'|'.join(_LOWER_GAELIC_PARTICLES)})[ \t]+"
    r"(?:(?:an|na|a['’])[ \t]+)?(\p{Ll}{3,})(?![\w'’-])"
)
_LOWER_GAELIC_PARTICLE = _std_re.compile(rf"[ \t](?:{'|'.join(_LOWER_GAELIC_PARTICLES)})[ \t]")
# A lower-case word as frequent as this is no first name here ("new mac pro", "the mac").
MAX_LOWER_GAELIC_FIRST_NAME_ZIPF = 3.0


def _gaelic_names(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """A first name, a capitalised Gaelic particle and a surname: a name when the words
    around the particle are names, rare or infrequent words, not ordinary ones ("Apple Mac
    Pro"); the same typed in lower case (``_lower_gaelic_names``)."""
    spans: list[NameSpan] = []
    if _LOWER_GAELIC_PARTICLE.search(text) is not None:
        spans.extend(_lower_gaelic_names(text, lexicon))
    if _GAELIC_PARTICLE.search(text) is None:
        return spans
    for match in _GAELIC_NAME.finditer(text):
        first, last = match.group(1), match.group(2)
        if first in lexicon.function_words or last in lexicon.function_words:
            continue
        if all(
            is_known_name(w, lexicon) or _rare_word(w, lexicon) or not is_common(w)
            for w in (first, last)
        ):
            spans.append(NameSpan(match.start(), match.end(), PREFIXED_SURNAME_SCORE))
    return spans


def _lower_gaelic_names(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """_LOWER_GAELIC_NAME: a name when the first word is a known first name or a rare word
    and the surname no ordinary word."""
    spans: list[NameSpan] = []
    for match in _LOWER_GAELIC_NAME.finditer(text):
        first, last = match.group(1), match.group(2)
        if first.capitalize() in lexicon.function_words or is_ordinary_word(last, lexicon):
            continue
        if is_first_name(first.capitalize(), lexicon) or (
            zipf(first, "en") < MAX_LOWER_GAELIC_FIRST_NAME_ZIPF
            and zipf(first, "de") < MAX_LOWER_GAELIC_FIRST_NAME_ZIPF
        ):
            spans.append(NameSpan(match.start(), match.end(), LOWER_CASE_SCORE))
    return spans


_CUE_AT_END = re.compile(rf"(?:{CUE.pattern}|{INTRODUCTION.pattern})\Z")


def ends_with_cue(text: str) -> bool:
    """True when ``text`` ends with a cue that announces a name ("Hi, this is", "Mein Name
    ist", "Viele Grüße,"): the name may be the start of the next message."""
    return _CUE_AT_END.search(text[-48:].rstrip() + " ") is not None


def _introduced(word: str, lexicon: Lexicon) -> bool:
    """Whether ``word`` after an introduction may be a name nobody listed."""
    return not (
        word in lexicon.function_words
        or word in NOT_INTRODUCED
        or word in lexicon.places
        or word.endswith("ing")
        or (not is_known_name(word, lexicon) and _is_noun(word, lexicon))
    )


def _introduced_names(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """Names after a self-introduction at the start of a clause (INTRODUCTION), listed or
    not, when the introduction ends right after the name (INTRODUCTION_END)."""
    spans = []
    for match in INTRODUCTION.finditer(text):
        if _INTRODUCTION_START.search(text, max(0, match.start() - 24), match.start()) is None:
            continue
        span = _name_closing_clause(text, match.end(), lexicon, INTRODUCTION_SCORE)
        if span is not None:
            spans.append(span)
    return spans


# A child's age in brackets after its name in a list ("die Kinder Bruno (6) und Smilla (3)").
_AGE = r"(?:[ \t]*\(\d{1,2}(?:[ \t]?(?:J\.?|Jahre|y|yo|yrs?|years?|mo|months?|Monate))?\))?"
# Relatives named as a list after a plural family noun ("die Kinder Emir und Defne", "our
# kids Hunter, Skye and Rowan"): two or more name-shaped words joined by commas and a final
# "und"/"and"; also in Polish, Romanian and Turkish ("dwoje dzieci, Oliwia i Tymon").
_LISTED_RELATIVES = re.compile(
    r"(?<![\w-])(?i:kinder|kindern|söhne|söhnen|töchter|töchtern|enkel|enkeln|enkelkinder"
    r"|geschwister|zwillinge|children|kids|sons|daughters|grandchildren|twins"
    r"|sisters|brothers|boys|girls|grandsons|granddaughters|nieces|nephews|cousins"
    r"|schwestern|brüder|brüdern|jungs|mädchen|enkelinnen|nichten|neffen"
    r"|dzieci|dzieciaki|synowie|synów|córki|córek|wnuki|wnuków|bliźniaki|bliźnięta"
    r"|copii|copiii|fiii|fiicele|nepoții|gemenii|çocuklarım|cocuklarim|torunlarım)"
    r"[ \t]*[:,]?[ \t]+"
    rf"(?P<list>{_NAME_WORD}{_AGE}(?:[ \t]*,[ \t]*{_NAME_WORD}{_AGE})*[ \t]*,?[ \t]+"
    r"(?:und|and|&|i|și|si|ve)[ \t]+"
    rf"{_NAME_WORD})(?![\w-])"
)
_LISTED_RELATIVES_SCAN = AnchoredScan(_LISTED_RELATIVES)
_LISTED_NAME = re.compile(_NAME_WORD)
_BRACKETS = re.compile(r"\([^()]*\)")


def _listed_relatives(text: str, lexicon: Lexicon) -> list[NameSpan]:
    """Every name of a list after a plural family noun (_LISTED_RELATIVES) when one of them
    is a known name or a rare word and none a function word: a name that is also a noun
    ("Emir", "Hunter") is a name among names. A list of ordinary words ("die Kinder Spiel
    und Spaß") names nobody."""
    spans: list[NameSpan] = []
    for match in _LISTED_RELATIVES_SCAN.finditer(text):
        listed = _BRACKETS.sub(lambda m: " " * len(m.group()), match.group("list"))
        words = list(_LISTED_NAME.finditer(listed))
        names = [w.group() for w in words]
        if any(w in lexicon.function_words for w in names) or not any(
            is_known_name(w, lexicon) or _rare_word(w, lexicon) for w in names
        ):
            continue
        base = match.start("list")
        spans.extend(NameSpan(base + w.start(), base + w.end(), FAMILY_CUE_SCORE) for w in words)
    return spans


def _family_named(text: str, lexicon: Lexicon, starts: list[_std_re.Match[str]]) -> list[NameSpan]:
    """Names after FAMILY_NAMED ("My daughter is Ifeoma Adeyemi-Price, …"), listed or not,
    when the clause visibly ends after the name (as for an introduction)."""
    spans = []
    for word in starts:
        match = FAMILY_NAMED.match(text, word.start())
        if match is None:
            continue
        span = _name_closing_clause(text, match.end(), lexicon, FAMILY_CUE_SCORE)
        if span is not None:
            spans.append(span)
    return spans


def _name_closing_clause(text: str, pos: int, lexicon: Lexicon, score: float) -> NameSpan | None:
    """The name at ``pos`` (after an introduction or a relative), listed or not, when it
    may be introduced (``_introduced``) and the clause ends right after it
    (INTRODUCTION_END)."""
    tokens = _tokens_from(text, pos)
    if not tokens or not _introduced(tokens[0].group(), lexicon):
        return None
    count = _accept_cued(tokens, lexicon, weak=False)
    if count and INTRODUCTION_END.match(text, tokens[count - 1].end()) is not None:
        return NameSpan(tokens[0].start(), tokens[count - 1].end(), score)
    return None


def _merge(spans: list[NameSpan]) -> list[NameSpan]:
    merged: list[NameSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = NameSpan(last.start, max(last.end, span.end), max(last.score, span.score))
        else:
            merged.append(span)
    return merged


class PersonRecognizer(EntityRecognizer):
    """Presidio recognizer for PERSON based on cues and gazetteers (no NER)."""

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None) -> None:
        lexicon = lexicon or load_lexicon()
        if supported_language != "de":
            # German nouns say nothing about capitalised English words ("Ethan", "Rose").
            lexicon = dataclasses.replace(lexicon, nouns=frozenset())
        self._lexicon = lexicon
        super().__init__(
            supported_entities=[ENTITY],
            supported_language=supported_language,
            name=f"LeitplankePersonRecognizer_{supported_language}",
            context=[],
        )

    def load(self) -> None:
        """Nothing to load: the lexicon is passed in or loaded lazily."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Returns PERSON results for ``text``."""
        if ENTITY not in entities:
            return []
        return [
            RecognizerResult(ENTITY, span.start, span.end, span.score)
            for span in find_names(text, self._lexicon)
            # "Budweiser Budvar Brewery", "Juliusz Słowacki Theatre": a body or a place
            if not ends_in_institution(text[span.start : span.end].split())
        ]
