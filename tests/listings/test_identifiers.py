import pytest

from directory.listings.identifiers import (
    is_valid_rna,
    is_valid_siret,
    normalize_identifier,
    siret_error,
)
from tests.factories import OrganizationFactory


@pytest.mark.parametrize("value", ["W891001234", "W2A1002345", "w891 001 234"])
def test_rna_accepted(value):
    assert is_valid_rna(normalize_identifier(value))


@pytest.mark.parametrize("value", ["891001234", "W89100123", "W8910012345", "X891001234"])
def test_rna_refused(value):
    assert not is_valid_rna(normalize_identifier(value))


def test_siret_checksum():
    assert is_valid_siret("13003013300016")  # example given by the data·inclusion schema
    assert not is_valid_siret("13003013300017")
    assert "clé de contrôle" in siret_error("13003013300017")
    assert "14 chiffres" in siret_error("1300301330")
    # La Poste's establishments follow their own rule.
    assert is_valid_siret("35600000000001")
    assert not is_valid_siret("35600000000002")


def test_model_normalises_and_refuses_bad_identifiers(db):
    org = OrganizationFactory(rna="w891 001 234", siret="130 030 133 00016")
    assert (org.rna, org.siret) == ("W891001234", "13003013300016")
    with pytest.raises(ValueError, match="RNA"):
        org.rna = "123"
