"""English postal addresses, the parts pii/recognizers/address.py merges into one finding.

US (USPS Publication 28), UK and Canadian forms: "221B Baker Street", "1600 Pennsylvania Ave
NW, Washington, DC 20500", "Apt 4, 12 Oak Road, Leeds LS6 2AB", "350 5th Avenue, Suite 300,
New York, NY 10118", "742 Evergreen Terrace, Springfield.", "P.O. Box 1234, Springfield, IL
62704", military "PSC 1234, Box 5678 / APO AE 09001", and a last address line on its own
("Springfield, IL 62704", "Leeds LS6 2AB", "Wexford Y35 K2E8"), and an Irish Eircode alone
("D02 X285"), and a street typed in lower case after a move ("moved to 3 harbour view").
Welsh, Irish and Scottish Gaelic streets name the type first ("8 Heol Las",
"22 Bóthar na Trá").

The rarer USPS types, many of them also German or English nouns ("Rest", "Station", "Lake"),
count only with a unit or town line, or with a house number of three digits or more that is
no year and a street name that is no German noun: "the 5 Great Lakes" and "noch 150 Euro
Rest" are no address, "4521 Johnson Station" is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pii.anchored_scan import AnchoredScan
from pii.lexicon import Lexicon

Span = tuple[int, int, float]  # start, end, score

# Common types, and the other USPS suffixes (only with a unit, a town line or a long number).
_TYPE = (
    r"Street|St|Road|Rd|Avenue|Ave|Av|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Close|Court|Ct"
    r"|Square|Sq|Place|Pl|Terrace|Ter|Terr|Crescent|Cres|Gardens|Gdns|Grove|Hill|Highway|Hwy"
    r"|Parkway|Pkwy|Circle|Cir|Trail|Trl|Row|Walk|Mews|Rise|Green|Loop|Alley|Plaza|Park|View"
    r"|Vale|Parade|Esplanade|Embankment|Wharf|Quay|Gate|Yard|Ridge|Run|Path|Pike|Turnpike"
    r"|Causeway|Expressway|Freeway|Broadway|Circus|Hollow|Heights|Meadows?|Common|Crossing|Xing"
    r"|Point|Pt|Cove|Cv|Creek|Center|Ctr|Junction|Landing|Shores?|Springs|Wynd|Chase|Brae|Glen"
    r"|Knoll|Bend|Lawns?"  # Irish estates: "14 Oakfield Lawn"
)
_TYPE_MORE = (
    r"Branch|Bridge|Brooks?|Burgs?|Bypass|Camp|Canyon|Cape|Centers|Circles|Cliffs?|Club"
    r"|Corners?|Course|Courts|Coves|Crest|Crossroads?|Curve|Dale|Dam|Divide|Drives|Estates?"
    r"|Extensions?|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|Forges?|Forks?|Fort|Garden"
    r"|Gateway|Glens|Greens|Groves|Harbou?rs?|Haven|Hills|Inlet|Islands?|Isle|Junctions|Keys?"
    r"|Knolls|Lakes?|Land|Lights?|Loaf|Locks?|Lodge|Mall|Manors?|Mills?|Mission|Motorway|Mount"
    r"|Mountains?|Neck|Orchard|Oval|Overpass|Parks|Parkways|Pass|Passage|Pines?|Plains?|Points"
    r"|Ports?|Prairie|Radial|Ramp|Ranch|Rapids?|Rest|Ridges|River|Roads|Route|Rue|Shoals?"
    r"|Skyway|Spring|Spurs?|Squares|Station|Stravenue|Stream|Streets|Summit|Throughway|Trace"
    r"|Track|Trafficway|Trailer|Tunnel|Underpass|Unions?|Valleys?|Via|Viaduct|Views|Villages?"
    r"|Ville|Vista|Walks|Wall|Ways|Wells?"
)
_CORE_TYPE = re.compile(rf"(?i:{_TYPE})")
_MORE_TYPE = re.compile(_TYPE_MORE)
# Types that are also ordinary nouns: after a year-like number without town or unit they are
# taken for "in 1990 Central Park ...", not for an address.
_WEAK_TYPES = frozenset(
    "Park Hill Green Court Place Way View Gate Row Walk Run Rise Square Close Yard Path Loop "
    "Ridge Vale Mews Gardens Grove Common Heights Meadow Meadows Circus Hollow Point Cove Creek "
    "Center Junction Landing Shore Shores Springs Chase Glen Knoll Bend Lawn Lawns".split()
)
_ABBREVIATIONS = frozenset(
    "st rd ave av ln dr blvd ct sq pl ter terr cres gdns hwy pkwy cir trl pt cv ctr xing".split()
)
_YEAR_LIKE = re.compile(r"(?:1[5-9]|20)\d\d")
_NAME_WORD = r"(?:[A-Z][A-Za-z'’-]*\.?|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH))"
_UNIT = (
    r"(?:Apt|Apartment|Flat|Studio|Unit|Suite|Ste|Room|Rm|Floor|Fl|Bldg|Building)\.?\s*#?\s*"
    r"[0-9]{1,5}[A-Za-z]?|#\s?[0-9]{1,5}[A-Za-z]?|\d{1,2}(?:st|nd|rd|th)\s+Floor"
)
_US_STATES = (
    r"AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH"
    r"|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP|FM|MH|PW"
    r"|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida"
    r"|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland"
    r"|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada"
    r"|New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York|North\s+Carolina|North\s+Dakota"
    r"|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\s+Island|South\s+Carolina|South\s+Dakota"
    r"|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming"
)
_CA_PROVINCES = r"ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|YT|NT|NU"
_TOWN = r"[A-Z][A-Za-z'’.-]+(?:[ ][A-Z][A-Za-z'’.-]+){0,2}"  # on one line
_UK_POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}"
# Irish Eircode: a routing key (letter + two digits, or "D6W") and a unique identifier of four
# characters, both from the 15 letters Eircode uses (no B G I J L M O Q S U Z) and digits:
# "Y35 K2E8", "D6W XR80", "A65F4E2". An identifier without a digit is taken for a word
# ("Model E10 ACDC").
_EIRCODE_CHAR = "0-9ACDEFHKNPRTVWXY"
_EIRCODE_UNIQUE = rf"(?=[ACDEFHKNPRTVWXY]{{0,3}}\d)[{_EIRCODE_CHAR}]{{4}}"
_EIRCODE = rf"(?:[ACDEFHKNPRTVWXY]\d\d|D6W)\s?{_EIRCODE_UNIQUE}"
_COUNTRY = r"(?:,\s*(?:USA|U\.S\.A\.|US|U\.S\.|United\s+States|UK|United\s+Kingdom|England"
_COUNTRY += r"|Scotland|Wales|Northern\s+Ireland|Ireland|Canada)(?![\w]))?"
# Town with what makes it postal: US state (+ ZIP), Canadian province + postal code, UK
# postcode, Eircode.
_REGION = (
    rf"(?:(?:{_US_STATES})(?:\s+\d{{5}}(?:-\d{{4}})?)?"
    rf"|(?:{_CA_PROVINCES})\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    rf"|{_UK_POSTCODE}|{_EIRCODE})(?![\w]){_COUNTRY}"
)
_TAIL = rf"(?:,\s*|\s+)(?P<town>{_TOWN})(?:,\s*|\s+)(?P<region>{_REGION})"
# The street itself stays on one line (an envelope puts the town on the next).
STREET = re.compile(
    rf"(?=[\dAFUSRB#])(?<![\w-])(?:(?P<unit>{_UNIT}),?\s+)?"
    rf"(?P<number>\d{{1,5}}[A-Za-z]?(?:\s?[-–]\s?\d{{1,5}}[A-Za-z]?)?)[ \t]+"
    rf"(?P<name>(?:{_NAME_WORD}[ \t]+){{1,4}})(?P<type>(?i:{_TYPE})|{_TYPE_MORE})\.?(?![\w])"
    rf"(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\.?(?![\w]))?"
    rf"(?P<unit_after>,?\s+(?:{_UNIT})(?![\w]))?"
    rf"(?:{_TAIL})?"
)
# A flat in a street named without house number, as UK envelopes write it: "Flat 35,
# Pearson Road", "Studio 7\nMcDonald Plains".
UNIT_STREET = re.compile(
    rf"(?=[AFSUR])(?<![\w-])(?:{_UNIT})(?:,[ \t]*|[ \t]*\n[ \t]*)"
    rf"(?:{_NAME_WORD}[ \t]+){{1,3}}(?:(?i:{_TYPE})|{_TYPE_MORE})(?![\w])"
)
_UNIT_WORDS = ("Ap", "Fl", "Stu", "Unit", "Suite", "Ste", "Room", "Rm", "Bldg", "Building", "#")
PO_BOX = re.compile(
    rf"(?=[PB])(?<![\w-])(?:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box|PO\s+Box|Box)\s*#?\s*\d{{1,7}}"
    rf"(?![\w])(?:{_TAIL})?"
)
# Military addresses: "PSC 1234, Box 5678", "Unit 1234 Box 5678", "USNS Miller" over
# "APO AE 09001" / "FPO AP 96601".
MILITARY = re.compile(
    r"(?=[PCUD])(?<![\w-])(?:(?:PSC|CMR|Unit)\s+\d{3,5},?\s+Box\s+\d{1,5}"
    r"|(?:USNS|USS|USNV|USCGC)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?![\w])"
    r"(?:\s*,?\s*(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5})?"
)
MILITARY_LINE = re.compile(r"(?=[AFD])(?<![\w-])(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}(?![\w])")
# "Springfield, IL 62704", "Leeds LS6 2AB": the last line of an address on its own.
TOWN_LINE = re.compile(
    rf"(?=[A-Z])(?<![\w-])(?P<town>{_TOWN})(?:,\s*|\s+)"
    rf"(?:(?:{_US_STATES})\s+\d{{5}}(?:-\d{{4}})?|(?:{_CA_PROVINCES})\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    rf"|{_UK_POSTCODE}|{_EIRCODE})(?![\w]){_COUNTRY}"
)
# Where a town line can end: a ZIP, the inward half of a UK or Canadian postcode ("2AB",
# "0B1"). The town line is searched only in the 80 characters before such an end (scanning
# German text, full of capitals, for towns costs ~0.2 ms per 1 KB otherwise).
LINE_END = re.compile(
    r"(?=\d)(?:(?<=[A-Za-z] )\d{5}|(?<![\w-])\d[A-Z]{2}|(?<![\w-])\d[A-Z]\d)(?![\w])"
)
_LINE_REACH = 80
# An Eircode is also where a town line can end ("Wexford Y35 K2E8"). Written with its space and
# a unique identifier of letters and digits mixed it is personal on its own, as no word, road
# or model number looks like that ("D02 X285", not "Y35 bus", "the A12 2024", "N95 mask");
# without the space ("A65F4E2") it counts only after a town.
EIRCODE = re.compile(
    rf"(?=[ACDEFHKNPRTVWXY])(?<![\w-])(?:[ACDEFHKNPRTVWXY]\d\d|D6W)(?P<space> ?)"
    rf"(?P<unique>{_EIRCODE_UNIQUE})(?![\w-])"
)
_HAS_LETTER = re.compile(r".*[A-Z]")
EIRCODE_SCORE = 0.6
# "742 Evergreen Terrace, Springfield." : a town after a street that ends the clause.
TOWN_AFTER = re.compile(
    r",[ \t]*(?P<town>[A-Z][A-Za-z'’-]+(?:[ ][A-Z][A-Za-z'’-]+){0,2})"
    rf"{_COUNTRY}(?=[ \t]*(?:[.;!?\n)]|$))"
)
# Welsh, Irish and Scottish Gaelic streets put the type before the name: "8 Heol Las",
# "14 Ffordd yr Eglwys", "3 Lôn y Felin", "5 Maes y Llan", "22 Bóthar na Trá",
# "5 Sráid an Mhuilinn", "7 Rathad a' Chladaich". The type words are no English or German
# words, so the form counts without a town; names may hold the articles and particles of
# those languages (y, yr, na, an, a', "na h-Eaglaise").
_CELTIC_TYPE = (
    r"Heol|Ffordd|Stryd|Lôn|Rhodfa|Cilgant"  # Welsh: road, way, street, lane, avenue, cres.
    r"|Maes|Cae|Clos|Rhiw|Llwyn"  # Welsh: field or square, field, close, slope, grove
    r"|Bóthar|Bothar|Sráid|Sraid|Ascaill|Lána"  # Irish: road, street, avenue, lane
    r"|Rathad|Sràid"  # Scottish Gaelic: road, street
)
_CELTIC_PARTICLE = r"(?:y|yr|'r|’r|na|an|a'|a’|nan|nam|de|an\s+t-|na\s+h-)"
_CELTIC_NAME_WORD = r"(?:[hnt]-)?[A-ZÀ-ÖØ-ÞŴŶ][^\W\d_]*(?:['’-][^\W\d_]+)*"
CELTIC_TYPES = re.compile(rf"(?<![\w-])(?:{_CELTIC_TYPE})(?![\w])")
CELTIC_STREET = re.compile(
    rf"(?<![\w-])(?P<number>\d{{1,5}}[A-Za-z]?(?:\s?[-–]\s?\d{{1,5}}[A-Za-z]?)?)[ \t]+"
    rf"(?P<type>{_CELTIC_TYPE})"
    rf"(?P<name>(?:[ \t]+(?:{_CELTIC_PARTICLE}[ \t]*)?{_CELTIC_NAME_WORD}){{1,3}})(?![\w'’-])"
    rf"(?:{_TAIL})?"
)
# A street typed in lower case after a move or a home ("moved to 3 harbour view", "now
# living at 12 oak rd"): the cue makes number, words and a common type an address; small
# words between ("moved to 2 in the park") make it none.
_HOME_CUE = (
    r"(?:moved|moving|move|moves|relocated)[ \t]+(?:in[ \t]+)?to"
    r"|(?:live|lives|living|staying|stay|based)[ \t]+at|(?:new[ \t]+)?address[ \t]+is"
)
_SMALL_WORDS = frozenset(
    "in the a an of at on for and or to with by from my our your his her their this that"
    " next last".split()
)
HOME_STREET = re.compile(
    rf"(?<![\w-])(?i:{_HOME_CUE})[ \t]+(?P<street>\d{{1,5}}[a-z]?[ \t]+"
    rf"(?P<name>(?:[^\W\d_][\w'’-]*[ \t]+){{1,3}})(?i:{_TYPE})\.?)(?![\w])"
)
_HOME_STREET_SCAN = AnchoredScan(HOME_STREET)  # tried only where a cue's start stands
# A building's name on the line before the street, as UK addresses write it ("Flat 2,
# Harrowby House\n17 Quarry Lane", "Rose Cottage, 3 Mill Lane"): part of the address when
# a unit comes before it or a street right after it (only commas and line breaks between).
# An OCR scan may read a letter of the name as "1" or "0" ("Ha1lowby Court").
_BUILDING_TYPE = (
    r"House|Court|Lodge|Cottages?|Farm|Hall|Mansions|Towers?|Apartments|Buildings|Villas?"
    r"|Manor|Grange|Barn|Heights|Chambers|Flats"
)
_BUILDING_WORD = r"[A-Z](?:[A-Za-z'’-]|(?<=[a-z])[01](?=[a-z]))*"
BUILDING = re.compile(
    rf"(?=[A-Z#])(?<![\w-])(?:(?P<unit>{_UNIT}),?[ \t]+)?"
    rf"(?:{_BUILDING_WORD}[ \t]+){{1,3}}(?:{_BUILDING_TYPE})(?![\w])"
)
_BUILDING_TO_STREET = re.compile(r"[ \t]*(?:,[ \t]*\n?|\n)[ \t]*")
# "2 Termine Dr. Meier": "Dr." before a name is a title, not "Drive".
_BUILDING_HINTS = (
    "House", "Court", "Lodge", "Cottage", "Farm", "Hall", "Mansions", "Tower", "Apartments",
    "Buildings", "Villa", "Manor", "Grange", "Barn", "Heights", "Chambers", "Flats",
)  # fmt: skip
_TITLE_AFTER = re.compile(r"\.?[ \t]+[A-Z][a-zäöü]")
STREET_SCORE = 0.85
FULL_ADDRESS_SCORE = 0.9
TOWN_LINE_SCORE = 0.6


def english_addresses(text: str, lexicon: Lexicon) -> Iterator[Span]:
    """Yields the English address parts in ``text`` (overlapping and adjacent ones included)."""
    streets: set[int] = set()
    for match in STREET.finditer(text):
        span = _street(text, match, lexicon)
        if span is not None:
            streets.add(span[0])
            yield span
    if any(word in text for word in _BUILDING_HINTS):
        for match in BUILDING.finditer(text):
            gap = _BUILDING_TO_STREET.match(text, match.end())
            if match.group("unit") is not None or (gap is not None and gap.end() in streets):
                yield match.start(), match.end(), STREET_SCORE
    if CELTIC_TYPES.search(text) is not None:
        for match in CELTIC_STREET.finditer(text):
            score = STREET_SCORE if match.group("region") is None else FULL_ADDRESS_SCORE
            yield match.start(), match.end(), score
    if any(word in text for word in _UNIT_WORDS):
        for match in UNIT_STREET.finditer(text):
            yield match.start(), match.end(), STREET_SCORE
    for match in PO_BOX.finditer(text) if "Box" in text else ():
        if match.group().startswith("Box") and match.group("region") is None:
            continue  # a bare "Box 3" is a box, not a post-office box
        yield match.start(), match.end(), STREET_SCORE
    if "PSC" in text or "CMR" in text or "Unit" in text or "US" in text or "PO " in text:
        for match in MILITARY.finditer(text):
            yield match.start(), match.end(), STREET_SCORE
        for match in MILITARY_LINE.finditer(text):
            yield match.start(), match.end(), TOWN_LINE_SCORE
    for match in _HOME_STREET_SCAN.finditer(text):
        if _SMALL_WORDS.isdisjoint(w.lower() for w in match.group("name").split()):
            yield match.start("street"), match.end("street"), STREET_SCORE
    ends = [*LINE_END.finditer(text)]
    for eircode in EIRCODE.finditer(text):
        ends.append(eircode)
        if eircode.group("space") and _HAS_LETTER.match(eircode.group("unique")):
            yield eircode.start(), eircode.end(), EIRCODE_SCORE
    for end in ends:
        lo = max(0, end.start() - _LINE_REACH)
        for match in TOWN_LINE.finditer(text, lo, min(len(text), end.end() + 30)):
            if match.group("town").split()[0] not in lexicon.function_words and _opens_town_line(
                text, match
            ):
                yield match.start(), match.end(), TOWN_LINE_SCORE


# Small words inside a town's name ("Kirkby in Ashfield", "Newcastle upon Tyne", "Leigh on
# Sea"), after which the capitalised rest of the name starts.
_TOWN_PARTICLES = frozenset("in on upon under by le la de next the en".split())
_LINE_BEFORE = re.compile(r"[^\n]*\Z")


def _opens_town_line(text: str, match: re.Match[str]) -> bool:
    """False for a "town" on the line above a postcode that continues the words before it
    on its line ("PAYE and Self Assessment" over "BX9 1AS", "HM Revenue & Customs"): a town
    line opens its line, follows a comma (the street before it) or a town's small word
    ("Kirkby in Ashfield")."""
    if "\n" not in text[match.end("town") : match.end()]:
        return True  # "Leeds LS6 2AB" in a sentence: the postcode follows on the line
    before = _LINE_BEFORE.search(text, 0, match.start("town"))
    head = before.group().rstrip() if before is not None else ""
    if not head or head.endswith(","):
        return True
    return head.rsplit(None, 1)[-1] in _TOWN_PARTICLES


def _street(text: str, match: re.Match[str], lexicon: Lexicon) -> Span | None:
    kind = match.group("type")
    if kind.lower() == "dr" and _TITLE_AFTER.match(text, match.end("type")):
        return None
    if match.group("region") is not None:
        return match.start(), match.end(), FULL_ADDRESS_SCORE
    anchored = match.group("unit") is not None or match.group("unit_after") is not None
    digits = re.match(r"\d+", match.group("number"))
    number = digits.group() if digits else ""
    year_like = _YEAR_LIKE.fullmatch(number) is not None
    if not anchored:
        if kind.title() in _WEAK_TYPES and year_like:
            return None  # "in 1990 Central Park ..."
        if (
            _MORE_TYPE.fullmatch(kind)
            and not _CORE_TYPE.fullmatch(kind)
            and (
                len(number) < 3
                or year_like
                or any(lexicon.is_plain_noun(word) for word in match.group("name").split())
            )
        ):
            return None  # "the 5 Great Lakes", "noch 150 Euro Rest"
    end = match.end()
    if end == match.end("type") + 1 and kind.lower() not in _ABBREVIATIONS:
        end -= 1  # "Baker Street." ends a sentence; "Main St." keeps its dot
    if not anchored:
        town = TOWN_AFTER.match(text, end)
        if town is not None and town.group("town").split()[0] not in lexicon.function_words:
            return match.start(), town.end(), FULL_ADDRESS_SCORE
    return match.start(), end, STREET_SCORE
