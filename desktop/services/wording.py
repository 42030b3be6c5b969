"""Russian grammar for every document and label: numerals agreed with nouns, noun phrases and
people's names put into the case a sentence needs.

The morphology comes from libraries made for it — pymorphy3 with its Russian dictionary for words and
phrases, petrovich's rules (pytrovich) for names — loaded when first needed (start-up does not pay for
them). Where a library is unsure, the text stays as written and `Declined.sure` is False, so that an
editor can mark it for a look instead of printing a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")  # pymorphy3's grammemes

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_INITIALS = re.compile(r"^(?:[А-ЯЁ]\.\s?){1,2}$")
_SPLIT_INITIALS = re.compile(r"([А-ЯЁ]\.)\s*")
MODIFIERS = {"ADJF", "PRTF"}


@dataclass(frozen=True)
class Declined:
    text: str
    sure: bool  # False: the library could not tell, `text` is the phrase as written


@cache
def morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def plural(count: int, one: str, few: str, many: str) -> str:
    """«1 год», «3 года», «5 лет»: for words whose forms the caller knows (suppletive «лет» among them)."""
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} {one}"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} {few}"
    return f"{count} {many}"


def count_of(count: int, phrase: str, case: str = "nomn") -> str:
    """«4 строки», «5 общеобразовательных организаций», «21 школа»; with `case` the number's phrase in
    that case («в 1 работе», «в 3 работах»: loct). `phrase` is in the nominative singular (adjectives
    before the noun agree with it)."""
    return f"{count} {agreed(count, phrase, case)}"


def agreed(count: int, phrase: str, case: str = "nomn") -> str:
    """`phrase` (nominative singular) in the form that follows the number `count`."""
    words = phrase.split()
    if not words:
        return phrase
    noun = _nominative(words[-1], {"NOUN"})
    if noun is None:
        return phrase
    if case != "nomn":
        noun = noun.inflect({case, "plur" if count % 10 != 1 or count % 100 == 11 else "sing"})
        if noun is None:
            return phrase
        if count % 10 == 1 and count % 100 != 11:
            return " ".join([*(_adjective(w, case, "sing", None) for w in words[:-1]), _shaped(words[-1], noun.word)])
        return " ".join([*(_adjective(w, case, "plur", None) for w in words[:-1]), _shaped(words[-1], noun.word)])
    form = noun.make_agree_with_number(count)
    if form is None:
        return phrase
    result = [_shaped(words[-1], form.word)]
    few = count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14)
    for word in words[:-1]:
        adjective = _nominative(word, MODIFIERS)
        if adjective is None:
            result.insert(len(result) - 1, word)
            continue
        if few and noun.tag.gender == "femn":
            grammemes = {"nomn", "plur"}  # «2 общеобразовательные организации»
        elif few or form.tag.number == "plur":
            grammemes = {"gent", "plur"}  # «3 новых учреждения», «5 новых учреждений»
        else:
            grammemes = {form.tag.case, "sing"}  # «21 новая школа»
        inflected = adjective.inflect(grammemes)
        result.insert(len(result) - 1, _shaped(word, inflected.word) if inflected else word)
    return " ".join(result)


def _adjective(word: str, case: str, number: str, gender: str | None) -> str:
    parse = _nominative(word, MODIFIERS)
    form = parse.inflect({case, number} | ({gender} if gender else set())) if parse else None
    return _shaped(word, form.word) if form else word


def _nominative(word: str, parts: set[str], case: str = "nomn"):
    """The most likely parse of `word` as one of `parts` in `case`, or None."""
    for parse in morph().parse(word):
        # a reading the dictionary all but rules out («Об» as an abbreviation) is not taken
        if parse.tag.POS in parts and parse.tag.case == case and parse.score >= 0.05 and "Abbr" not in parse.tag:
            return parse
    return None


def _shaped(original: str, word: str) -> str:
    """`word` written as `original` is: in capitals, capitalised or in lower case."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def lower_first(text: str) -> str:
    """A title's first letter in lower case for the middle of a sentence (««Дорожная карта»» →
    «дорожная карта»), unless the first word is an abbreviation («ВПР», «МСОКО»)."""
    match = _WORD.search(text)
    if not match or text[:match.start()].strip(" «\"'(") or (match.group().isupper() and len(match.group()) > 1):
        return text
    return text[:match.start()] + text[match.start()].lower() + text[match.start() + 1:]


def decline(phrase: str, case: str, *, source: str = "nomn") -> Declined:
    """The noun phrase that starts `phrase` put from `source` into `case`; the rest as written.

    «План мероприятий, направленный на …» → «плана мероприятий, направленного на …» (gent): the head
    noun, the modifiers before it, an apposition in brackets («(дорожная карта)») and a participle
    after a comma that agrees with the head. Words after the head in another case («мероприятий»)
    are its complements and stay.
    """
    tokens = re.split(f"({_WORD.pattern})", phrase)
    out = list(tokens)
    words = [(i, t) for i, t in enumerate(tokens) if i % 2 == 1]
    k, modifiers, head = 0, [], None
    while k < len(words):
        i, word = words[k]
        if k > 0 and _between(tokens, words, k).strip():
            return Declined(phrase, False)  # punctuation before the head: not a plain noun phrase
        noun = _nominative(word, {"NOUN"}, source)
        modifier = _nominative(word, MODIFIERS, source)
        if modifier is not None and (noun is None or _follows_noun(words, k, source)):
            modifiers.append((i, word, modifier))
            k += 1
            continue
        if noun is not None:
            head = (i, word, noun)
        break
    if head is None:
        return Declined(phrase, False)
    i, word, noun = head
    target = noun.inflect({case})
    if target is None:
        return Declined(phrase, False)
    out[i] = _shaped(word, target.word)
    number, gender, animacy = noun.tag.number, noun.tag.gender, noun.tag.animacy
    for j, written, modifier in modifiers:
        form = _agree(modifier, case, number, gender, animacy)
        if form is None:
            return Declined(phrase, False)
        out[j] = _shaped(written, form)
    k += 1
    # after the head: complements in another case stay; an apposition in brackets and a participle
    # after a comma that agrees with the head follow it into the case; anything else ends the phrase
    while k < len(words):
        between = _between(tokens, words, k)
        i, word = words[k]
        if "(" in between:
            close = next((n for n in range(k, len(words)) if ")" in _between(tokens, words, n + 1)), None)
            if close is None:
                break
            first, last = words[k][0], words[close][0]
            inner = decline("".join(tokens[first:last + 1]), case, source=source)
            if inner.sure:
                out[first:last + 1] = [inner.text] + [""] * (last - first)
            k = close + 1
            continue
        if "," in between:
            modifier = _nominative(word, MODIFIERS, source)
            if modifier is not None and modifier.tag.number == number and (
                    number == "plur" or modifier.tag.gender == gender):
                form = _agree(modifier, case, number, gender, animacy)
                if form is not None:
                    out[i] = _shaped(word, form)
            break
        if between.strip() or _nominative(word, {"NOUN", *MODIFIERS}, source) is not None and \
                not _other_case(word, source):
            break
        k += 1  # a complement («мероприятий», «мер») stays as written
    return Declined("".join(out), True)


def _between(tokens: list[str], words: list[tuple[int, str]], k: int) -> str:
    """The text between word k-1 and word k (before the first word for k = 0)."""
    if k >= len(words):
        return "".join(tokens[words[-1][0] + 1:])
    start = words[k - 1][0] + 1 if k > 0 else 0
    return "".join(tokens[start:words[k][0]])


def _follows_noun(words, k: int, source: str) -> bool:
    """Whether a word that may be an adjective or a noun is followed by a noun it qualifies."""
    return k + 1 < len(words) and _nominative(words[k + 1][1], {"NOUN"}, source) is not None


def _other_case(word: str, source: str) -> bool:
    return any(p.tag.case != source for p in morph().parse(word) if p.tag.POS in {"NOUN", *MODIFIERS})


def _agree(modifier, case: str, number: str, gender: str | None, animacy: str | None) -> str | None:
    grammemes = {case, number}
    if number == "sing" and gender:
        grammemes.add(gender)
    if case == "accs" and animacy and (number == "plur" or gender == "masc"):
        grammemes.add(animacy)
    form = modifier.inflect(grammemes)
    return form.word if form else None


# --- people's names ---------------------------------------------------------------------------------

_PYTROVICH_CASES = {"gent": "GENITIVE", "datv": "DATIVE", "accs": "ACCUSATIVE", "ablt": "INSTRUMENTAL",
                    "loct": "PREPOSITIONAL"}


def person(name: str, case: str) -> Declined:
    """A person's name, written «Фамилия Имя Отчество», «Фамилия И. О.» or «И. О. Фамилия», in `case`:
    «Курбанова Любовь Константиновна» → «Курбанову Любовь Константиновну» (accs). Unsure (the gender
    cannot be told, or the text is not a name): as written."""
    text = " ".join(name.split())
    if not text or case == "nomn":
        return Declined(text, bool(text))
    parts = [p for p in _SPLIT_INITIALS.sub(r"\1 ", text).split(" ") if p]
    initials = [p for p in parts if _INITIALS.match(p)]
    words = [p for p in parts if not _INITIALS.match(p)]
    if not words or not all(_WORD.fullmatch(w) and w[:1].isupper() for w in words):
        return Declined(text, False)
    if initials and len(words) != 1:
        return Declined(text, False)
    if not initials and len(words) not in (2, 3):
        return Declined(text, False)
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.enums import Case, Gender, NamePart
    from pytrovich.maker import PetrovichDeclinationMaker

    surname = words[0]
    first = words[1] if len(words) > 1 else None
    middle = words[2] if len(words) > 2 else None
    try:
        gender = PetrovichGenderDetector().detect(firstname=first, lastname=surname, middlename=middle)
    except Exception:  # noqa: BLE001 — a name the rules do not know
        return Declined(text, False)
    if gender == Gender.ANDROGYNOUS:
        if not _indeclinable(surname):
            return Declined(text, False)
        gender = Gender.MALE  # the surname does not change either way; the first name has no gender here
    maker = PetrovichDeclinationMaker()
    target = getattr(Case, _PYTROVICH_CASES[case])
    declined = [maker.make(NamePart.LASTNAME, gender, target, surname)]
    if first:
        declined.append(maker.make(NamePart.FIRSTNAME, gender, target, first))
    if middle:
        declined.append(maker.make(NamePart.MIDDLENAME, gender, target, middle))
    spaced = [" ".join(_SPLIT_INITIALS.findall(p)) for p in initials]
    if initials:
        written_first = parts.index(initials[0]) < parts.index(surname)
        return Declined(" ".join([*spaced, declined[0]] if written_first else [declined[0], *spaced]), True)
    return Declined(" ".join(declined), True)


def _indeclinable(surname: str) -> bool:
    """Surnames that keep their form in every case for both genders («Шевченко», «Дурново», «Черных»)."""
    return surname.lower().endswith(("о", "е", "и", "у", "ю", "ых", "их"))
