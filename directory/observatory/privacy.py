"""What a professional types about a need must not say who the person is: names, phones, mails.

The check is deliberately strict: a word with a capital inside a sentence is taken for a name
unless it is an acronym (CAF, RSA), a commune of the territory or a common institution word;
the professional rewrites it in lower case. False alarms cost a few keystrokes; a name kept in
the figures would be a person's data in a table meant to hold none.
"""

import re

from directory.core.text import fold

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+|\bcourriel\s*:", re.IGNORECASE)
#: Six digits or more, with spaces, dots or dashes between them (0612345678, 06 12 34 56 78).
_PHONE = re.compile(r"(?:\+\s?\d{2}|\d)(?:[\s.\-]?\d){5,}")
_CIVILITY = re.compile(
    r"\b(m\.|mr|mme|mlle|madame|monsieur|mademoiselle|docteur|dr)(?=[\s.]|$)", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ'’\-]+")
#: Capitalised words that are not names: institutions and places people write this way.
ALLOWED = {
    "france", "travail", "pole", "emploi", "caf", "msa", "cpam", "ccas", "pmi", "mdph",
    "ehpad", "rsa", "apl", "yonne", "bourgogne", "franche-comte", "paris", "sens", "auxerre",
    "noel", "ramadan", "toussaint", "paques", "internet", "wifi", "covid",
}


def personal_data_problem(text: str, communes: set[str] = frozenset()) -> str | None:
    """A French message saying what looks like someone's data in `text`, or None."""
    if _EMAIL.search(text):
        return "Pas d'adresse électronique : décrivez le besoin, pas la personne."
    if _PHONE.search(text):
        return "Pas de numéro de téléphone : décrivez le besoin, pas la personne."
    if _CIVILITY.search(text):
        return "Pas de nom ni de civilité (M., Mme…) : décrivez le besoin, pas la personne."
    allowed = ALLOWED | {fold(c) for c in communes}
    sentence_start = True
    for match in _WORD.finditer(text):
        word = match.group(0).strip("'’-")
        before = text[:match.start()].rstrip()
        if before and before[-1] in ".!?:;(«\"":
            sentence_start = True
        if not word:
            continue
        folded = fold(word)
        is_name_like = (word[:1].isupper() and not word.isupper() and len(word) > 1
                        and folded not in allowed and not sentence_start)
        if is_name_like:
            return (f"« {word} » ressemble à un nom de personne : écrivez le besoin sans nom "
                    "(en minuscules s'il ne s'agit pas d'un nom).")
        sentence_start = False
    return None
