"""Decoding rules for names whose origin the name detector's training data rarely shows.

The CRF learned names from German and English news and Wikipedia; romanized Korean and
Chinese names and names written with the letters of Central and Eastern European languages
are rare there, and in a plain sentence ("... seen by the paramedic Haoran Luo.") its
strong O -> O transition keeps them out. These rules mark them after the CRF, from the
word's shape alone, so they cost a few string tests per capitalised token:

- a romanized Korean given name: two syllables of the Korean romanization (Revised
  Romanization and its common older spellings: "Ji-woo", "Young-jae", "Byung-chul", in a
  text without capitals also "seul-gi"), joined by a hyphen; a Korean surname or a rare
  capitalised word beside it is part of the name ("Kim Min-seo", "Ha-eun Baek");
- a Chinese given name in pinyin (two syllables, "Xiuying", "Jianguo") beside one of the
  common Chinese surnames ("Xiuying Zhou", "Zhou Xiuying");
- in English text, a rare capitalised word written with a letter of Czech, Polish,
  Hungarian, Romanian, Turkish, Croatian or Serbian and Baltic spelling ("Marković",
  "Wiśniewska") that is a name of the extra (Faker) lists, beside another rare capitalised
  word: English does not write these letters, and two rare words with one such listed name
  are a name ("Đorđe Marković"); rare words of that spelling that are no listed names are
  places as often ("Nowa Wieś"). Such a word next to a name or a title the CRF finds
  itself (no gain on the tuning sets, so no rule).

Each rule leaves out words of the frequency lists (pii.word_frequency) where an ordinary
word of that shape exists ("Top-up", "So-so"), and German common nouns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pii.lexicon import plain_spelling
from pii.ner.features import Lexicons, capitalised
from pii.word_frequency import is_common, is_known

# --- Korean (Revised Romanization of Korean, 2000, with the older spellings in use) ---------
_KOREAN_INITIALS = (
    "", "g", "k", "kk", "n", "d", "t", "tt", "r", "l", "m", "b", "p", "pp", "s", "ss", "sh",
    "j", "jj", "ch", "h",
)  # fmt: skip
# Vowels of the Revised Romanization plus the older spellings of names ("oo", "u" for "eo",
# "ee", "you"/"ou"): "Young", "Byung", "Yoon", "Hee", "Soo".
_KOREAN_VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
    "we", "wi", "yu", "eu", "ui", "i", "oo", "yoo", "woo", "ee", "ou", "you", "eui", "eun",
)  # fmt: skip
_KOREAN_FINALS = ("", "k", "n", "l", "m", "p", "ng", "t")
KOREAN_SYLLABLES = frozenset(
    initial + vowel + final
    for initial in _KOREAN_INITIALS
    for vowel in _KOREAN_VOWELS
    for final in _KOREAN_FINALS
    if initial + vowel + final
)
# The most common Korean surnames, in the Revised Romanization and the spellings in use.
KOREAN_SURNAMES = frozenset(
    """
    Kim Gim Lee Yi Rhee Park Bak Pak Choi Choe Jung Jeong Chung Kang Gang Cho Jo Yoon Yun
    Jang Chang Lim Im Han Oh Seo Suh Shin Sin Kwon Gwon Hwang Ahn An Song Jeon Jun Chun Hong
    Yoo Yu Ko Go Moon Mun Yang Son Sohn Bae Baek Paik Heo Hur Huh Nam Noh Roh Ha Kwak Gwak
    Sung Seong Cha Joo Ju Woo Koo Gu Min Ryu Rhyu Na Jin Um Eom Chae Won Cheon Bang Kong
    Gong Hyun Hyeon Ham Byun Byeon Yeom Yum Choo Chu Seok Suk Seon Sun Seol Gil Yeon Wi Pyo
    Myung Ki Ban Ra Wang Geum Ok Yook Yuk Maeng Je Tak Kook Guk Yeo Eun Hwangbo Namgung
    Jegal Seomun Dokgo Sunwoo Seonu
    """.split()
)
MIN_SYLLABLE_LETTERS = 2
# Both parts at least this common in English make an ordinary compound ("Top-up", "Pop-up",
# "No-go"); Korean name syllables are common words of English web text too ("min" 4.4,
# "sang" 4.1, "ji" 3.9), so one of them may be.
ENGLISH_PART_ZIPF = 4.3


def _korean_syllable(part: str) -> bool:
    return len(part) >= MIN_SYLLABLE_LETTERS and part.lower() in KOREAN_SYLLABLES


def is_korean_given_name(word: str, *, cased: bool = True) -> bool:
    """ "Ji-woo", "Young-Jae", "BYUNG-CHUL" (and "seul-gi" in a text without capitals): two
    Korean syllables joined by a hyphen, not both ordinary English words ("Pop-up")."""
    parts = word.split("-")
    if len(parts) != 2 or not all(_korean_syllable(p) for p in parts):
        return False
    first, second = parts
    written_as_name = (
        (first[0].isupper() and first[1:].islower() and (second.islower() or second.istitle()))
        or word.isupper()
        or (not cased and word.islower())
    )
    common = all(is_common(p, ENGLISH_PART_ZIPF, ("en",)) for p in parts)
    return written_as_name and not common and not _echo(first.lower(), second.lower())


def _echo(first: str, second: str) -> bool:
    """A reduplicated word ("yo-yo", "ping-pong", "ding-dong"): the parts equal, or of one
    length and different in one letter only."""
    if len(first) != len(second):
        return False
    return sum(a != b for a, b in zip(first, second, strict=True)) <= 1


def _korean_surname(word: str) -> bool:
    """ "Jeon", "Heo-Song", "KWON": each hyphen part a Korean surname."""
    return all(capitalised(p) in KOREAN_SURNAMES for p in word.split("-"))


# --- Chinese (Hanyu Pinyin) -----------------------------------------------------------------
_PINYIN_FINALS = {
    # initial: the finals it takes (the standard syllable table; "u" after j/q/x/y is "ü")
    "b": "a o ai ei ao an en ang eng i ie iao ian in ing u",
    "p": "a o ai ei ao ou an en ang eng i ie iao ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    "f": "a o ei ou an en ang eng u",
    "d": "a e ai ei ao ou an en ang eng ong i ie iao iu ian ing u uo ui uan un",
    "t": "a e ai ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan v ve",
    "l": "a e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un v ve",
    "g": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "k": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "q": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "x": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "zh": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "ch": "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "sh": "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang",
    "r": "e i ao ou an en ang eng ong u ua uo ui uan un",
    "z": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "c": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "s": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "y": "a o e ao ou an in ang ing ong i u ue uan un",
    "w": "a o u ai ei an en ang eng",
    "": "a o e ai ei ao ou an en ang eng er",
}
PINYIN_SYLLABLES = frozenset(
    initial + final for initial, finals in _PINYIN_FINALS.items() for final in finals.split()
)
# About the hundred most common Chinese surnames, in pinyin.
CHINESE_SURNAMES = frozenset(
    """
    Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng
    Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu Jiang Cai Du
    Ye Cheng Wei Su Lv Lyu Ding Ren Shen Yao Lu Zhong Cui Tan Liao Fan Jin Shi Jia Xia Fu
    Fang Zou Xiong Bai Meng Qin Qiu Hou Yin Xue Yan Duan Lei Long Tao Mao Hao Gu Gong Shao
    Wan Qian Dai Mo Kong Xiang Chang Wen Kang Niu Ning Qiao Zhan Lai Gan Bao Ou Ouyang Hong
    Geng Mu Qi Zhai Ni Guan Rao Xing Lan Bi Hua Ji Jiao Shang Yi Ai Tong Pang
    """.split()
)
MAX_PINYIN_SYLLABLES = 3
# A pinyin given name at least this common in English is an English word ("Bingo", "Tango").
PINYIN_GIVEN_MAX_ZIPF = 3.0


@lru_cache(maxsize=4096)
def _pinyin_syllables(word: str, limit: int) -> int:
    """The fewest pinyin syllables ``word`` (lower case) splits into, 0 when it does not
    split into at most ``limit``."""
    if not word:
        return 0
    if limit <= 0:
        return 0
    best = 0
    for cut in range(1, min(len(word), 6) + 1):
        head, rest = word[:cut], word[cut:]
        if head not in PINYIN_SYLLABLES:
            continue
        if not rest:
            return 1
        count = _pinyin_syllables(rest, limit - 1)
        if count and (not best or count + 1 < best):
            best = count + 1
    return best


def is_pinyin_given_name(word: str) -> bool:
    """ "Xiuying", "Jianguo": a capitalised word of two or three pinyin syllables that is no
    ordinary English word ("Bingo")."""
    if not (word[:1].isupper() and word[1:].islower() and word.isascii() and word.isalpha()):
        return False
    return (
        _pinyin_syllables(word.lower(), MAX_PINYIN_SYLLABLES) >= 2
        and not is_common(word, PINYIN_GIVEN_MAX_ZIPF, ("en",))
        and word not in CHINESE_SURNAMES
    )


def _chinese_surname(word: str) -> bool:
    """ "Zhou", "Zhou-Meyer", "ZHOU": a common Chinese surname, alone or first of a double
    surname."""
    parts = word.split("-")
    return capitalised(parts[0]) in CHINESE_SURNAMES and all(
        p[:1].isupper() and p.isalpha() for p in parts[1:]
    )


# --- Letters of Central and Eastern European languages --------------------------------------
# Czech, Slovak, Polish, Hungarian, Romanian, Turkish, Croatian/Serbian/Bosnian, Slovenian,
# Latvian and Lithuanian letters that neither English nor German nor French writes.
FOREIGN_LETTERS = frozenset("ąćęłńśźżčďěňřšťůžýőűăâîșşțţđğıİľĺŕėįųūęģķļņ")
_WORD_SHAPE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _has_foreign_letter(word: str) -> bool:
    return any(c in FOREIGN_LETTERS for c in word.lower())


def _rare_capitalised(word: str, lexicons: Lexicons) -> bool:
    """A capitalised word in no frequency list and no German noun ("Wiśniewska", "Hadžić")."""
    return (
        word[:1].isupper()
        and _WORD_SHAPE.fullmatch(word) is not None
        and not is_known(word)
        and capitalised(word) not in lexicons.nouns
        and capitalised(word) not in lexicons.function_words
    )


_POSSESSIVE = re.compile(r"['’]s$")


def _listed(word: str, listed: frozenset[str]) -> bool:
    """A hyphen part of ``word`` (without a possessive ending) is in ``listed``, as written
    or without its diacritics."""
    return any(
        part in listed or plain_spelling(part) in listed
        for part in _POSSESSIVE.sub("", word).split("-")
    )


# --- The rules ------------------------------------------------------------------------------


def mark_names_of_origins(
    words: list[str],
    names: list[bool],
    lexicons: Lexicons,
    *,
    cased: bool,
    foreign_letters: bool,
    listed_names: frozenset[str] = frozenset(),
) -> None:
    """Sets ``names[i]`` for the words the module's rules take for names (see the module's
    docstring); ``foreign_letters`` turns on the rule for European letters (English text),
    ``listed_names`` are the names such a word must be one of beside another rare word."""
    last = len(words) - 1
    for i, word in enumerate(words):
        hyphen = "-" in word
        if hyphen and is_korean_given_name(word, cased=cased):
            names[i] = True
            _mark_korean_surnames(words, names, i, lexicons)
            continue
        # The surname first (a set look-up), the given name's shape only beside one.
        if word in CHINESE_SURNAMES or (hyphen and word[:1].isupper() and _chinese_surname(word)):
            for j in (i - 1, i + 1):
                if 0 <= j <= last and is_pinyin_given_name(words[j]):
                    names[i] = names[j] = True
    if foreign_letters:
        _mark_foreign_letters(words, names, lexicons, listed_names)


def _mark_korean_surnames(words: list[str], names: list[bool], i: int, lexicons: Lexicons) -> None:
    """The surname beside a Korean given name: a Korean surname before it ("Kim Min-seo"), a
    Korean surname or a rare capitalised word after it ("Min-seo Baek", "Min-seo Baek-Lange")."""
    if i > 0 and words[i - 1][:1].isupper() and _korean_surname(words[i - 1]):
        names[i - 1] = True
    if i + 1 < len(words):
        following = words[i + 1]
        if following[:1].isupper() and (
            _korean_surname(following) or _rare_capitalised(following, lexicons)
        ):
            names[i + 1] = True


def _mark_foreign_letters(
    words: list[str], names: list[bool], lexicons: Lexicons, listed: frozenset[str]
) -> None:
    """A rare capitalised word with a letter of ``FOREIGN_LETTERS`` that is a listed name (a
    hyphen part of it), and the rare capitalised word beside it ("Đorđe Marković"; not the
    places "Biała Podlaska", "Nowy Targ")."""
    last = len(words) - 1
    for i, word in enumerate(words):
        if word.isascii() or not _has_foreign_letter(word):
            continue
        if not _rare_capitalised(word, lexicons) or not _listed(word, listed):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j <= last and _rare_capitalised(words[j], lexicons):
                names[i] = names[j] = True
