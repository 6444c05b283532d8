"""French identifiers of organisations: RNA number and SIRET, normalised and checked."""

import re

RNA_RE = re.compile(r"^W[0-9A-Z]{9}$")
#: La Poste's establishments use another checksum (sum of digits divisible by 5).
LA_POSTE_SIREN = "356000000"


def normalize_identifier(value: str | None) -> str | None:
    """Upper-case, spaces and dots removed; None for an empty value."""
    if value is None:
        return None
    value = re.sub(r"[\s.\-]", "", value).upper()
    return value or None


def is_valid_rna(value: str) -> bool:
    """RNA numbers are W followed by 9 characters (digits, or a letter for Corsica: W2A…)."""
    return bool(RNA_RE.match(value))


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        n = int(char)
        if position % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def is_valid_siret(value: str) -> bool:
    if not (len(value) == 14 and value.isdigit()):
        return False
    if value.startswith(LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0:
        return True
    return luhn_ok(value[:9]) and luhn_ok(value)


def rna_error(value: str) -> str | None:
    if is_valid_rna(value):
        return None
    return "Le numéro RNA commence par W suivi de 9 caractères (exemple : W891001234)."


def siret_error(value: str) -> str | None:
    if not (len(value) == 14 and value.isdigit()):
        return "Le numéro SIRET comporte 14 chiffres."
    if not is_valid_siret(value):
        return "Ce numéro SIRET n'existe pas : vérifiez les chiffres (clé de contrôle incorrecte)."
    return None
