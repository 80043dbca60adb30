"""The tense of the verb that governs a temporal expression, read from the spaCy parse.

"a déclaré mercredi" is past, so mercredi is the Wednesday before publication; "débuteront
vendredi" and "will meet on Friday" are future, so Friday is the next one (or the
publication day itself). The governing verb is found by walking up the dependency tree from
the expression; compound tenses are read from the auxiliaries (passé composé: an auxiliary
in the present and a past participle; English perfect: have + VBN).

spaCy's French model tags most conditionals ("il remettrait") as imperfect indicative; a
conditional is the future stem plus the imperfect endings, so the verb form is checked
against its lemma's future stem (``remettre`` → ``remettr-ait``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import Lexicon
from .mention import Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token

_IMPERFECT_ENDINGS = ("aient", "ions", "iez", "ais", "ait")
_AUX_DEPS = frozenset({"aux", "aux:tense", "aux:pass", "auxpass"})
_ENGLISH_FUTURE_MODALS = frozenset({"will", "shall", "'ll", "would", "wo", "'d"})
# Walking up the tree stops after this many heads: the deepest chains in news sentences
# (a date inside a prepositional phrase inside a relative clause) are about six links long.
_MAX_CLIMB = 8


def tense_at(sdoc: SpacyDoc | None, start: int, end: int, lexicon: Lexicon) -> Tense | None:
    """The tense governing the characters ``start:end``, or None without a verb or a parse."""
    if sdoc is None or not sdoc.has_annotation("DEP"):
        return None
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(_MAX_CLIMB):
        copula = next((c for c in token.children if c.dep_ == "cop"), None)
        if copula is not None:  # "X sont incertains pour samedi": the copula bears the tense
            tense = verb_tense(copula, lexicon)
            if tense is not None:
                return tense
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in _AUX_DEPS:
            if token.lemma_ in lexicon.prospective_lemmas:
                return "future"  # "a reporté le vote au 12 mai": the new date is ahead
            tense = verb_tense(token, lexicon)
            if tense is not None:
                return tense
        if token.head.i == token.i:
            break
        token = token.head
    return None


def verb_tense(verb: Token, lexicon: Lexicon) -> Tense | None:
    """Past, present or future for one verb with its auxiliaries; None for bare forms."""
    if lexicon.language == "en":
        return _english_tense(verb)
    return _french_tense(verb, lexicon)


def _morph(token: Token, feature: str) -> str:
    values = token.morph.get(feature, [])
    return str(values[0]) if values else ""


# Morphological tense → our three tenses: the imperfect narrates the past.
_FRENCH_TENSES: dict[str, Tense] = {"Fut": "future", "Past": "past", "Imp": "past"}


def _french_tense(verb: Token, lexicon: Lexicon) -> Tense | None:
    auxiliaries = [c for c in verb.children if c.dep_ in _AUX_DEPS]
    if auxiliaries:
        return _french_compound(verb, auxiliaries)
    form = _morph(verb, "VerbForm")
    if form == "Part" and _morph(verb, "Tense") == "Past":
        # A past participle without auxiliary ("réélu dimanche", "annoncées mercredi par")
        # names a completed event.
        return "past"
    if form in {"Inf", "Part"}:
        # An infinitive or a present participle takes its head's tense, but "aller"
        # announces a future.
        return "future" if verb.lemma_ == "aller" else None
    if _morph(verb, "Mood") in {"Cnd", "Sub"} or is_french_conditional(verb, lexicon):
        return "future"  # conditional (future in the past) and subjunctive (not yet real)
    tense = _morph(verb, "Tense")
    return _french_present(verb) if tense == "Pres" else _FRENCH_TENSES.get(tense)


def _french_present(verb: Token) -> Tense:
    if verb.lemma_ == "aller" and any(c.pos_ == "VERB" for c in verb.children):
        return "future"  # futur proche: "il va signer"
    if verb.lemma_ == "venir" and any(c.lower_ == "de" for c in verb.subtree):
        return "past"  # passé récent: "vient de signer"
    return "present"


def _french_compound(verb: Token, auxiliaries: list[Token]) -> Tense | None:
    """Compound tenses: "va débuter", "aura signé" (future), "a déclaré", "avait dit",
    "aurait dit" (past), and passives, whose tense is the auxiliary's ("est organisé")."""
    infinitive = _morph(verb, "VerbForm") == "Inf"
    if any(
        (a.lemma_ == "aller" and infinitive) or _morph(a, "Tense") == "Fut" for a in auxiliaries
    ):
        return "future"
    if any(a.dep_ == "aux:tense" for a in auxiliaries):
        return "past"
    first = auxiliaries[0]
    if _morph(first, "Mood") in {"Cnd", "Sub"}:
        return "future"
    tense = _morph(first, "Tense")
    return "present" if tense == "Pres" else _FRENCH_TENSES.get(tense)


def is_french_conditional(verb: Token, lexicon: Lexicon) -> bool:
    """True when the form is the lemma's future stem plus an imperfect ending."""
    form = verb.lower_
    lemma = verb.lemma_.lower()
    stems = {lemma, lemma[:-1] if lemma.endswith("re") else lemma}
    for ending, stem_ending in lexicon.conditional_stems.items():
        if lemma.endswith(ending):
            stems.add(lemma[: -len(ending)] + stem_ending)
    return any(
        form.startswith(stem) and form[len(stem) :] in _IMPERFECT_ENDINGS for stem in stems if stem
    )


def _english_tense(verb: Token) -> Tense | None:
    auxiliaries = [c for c in verb.children if c.dep_ in _AUX_DEPS]
    modal_future = any(
        a.lower_ in _ENGLISH_FUTURE_MODALS or a.lemma_ in {"will", "shall"} for a in auxiliaries
    )
    going_to = (
        verb.lemma_ == "go" and verb.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in verb.children)
    )
    if modal_future or going_to:
        return "future"  # "will meet", "would resume", "is going to meet"
    perfect = any(a.lemma_ == "have" for a in auxiliaries) and verb.tag_ == "VBN"
    if verb.tag_ == "VBD" or perfect or any(a.tag_ == "VBD" for a in auxiliaries):
        return "past"  # met, has met, had met, was held, did meet
    if verb.tag_ == "VBN" and not auxiliaries:  # "announced on Friday"
        return "past"
    if verb.tag_ in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP", "MD"} for a in auxiliaries):
        return "present"
    return None
