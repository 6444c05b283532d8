"""Imports: the tourist office's spreadsheet (CSV, dry run, nothing half imported) and the
associations register (RNA "waldec", Latin-1, territory only, no personal data, re-imports)."""

import tomllib

import pytest
from sqlalchemy import func, select

from directory.core.extensions import db as _db
from directory.listings.models.membership import Membership
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision
from directory.opendata.rna import MAPPING_FILE
from directory.taxonomy.models import Theme
from directory.taxonomy.vocabularies import Status
from tests.factories import MembershipFactory, OrganizationFactory


def organizations() -> dict[str, Organization]:
    _db.session.expire_all()
    return {o.nom: o for o in _db.session.scalars(select(Organization))}


def count() -> int:
    return _db.session.scalar(select(func.count(Organization.id)))


# CSV ------------------------------------------------------------------------------------------

GOOD_CSV = (
    "Nom;Sigle;Ville;Adresse;Tél.;E-mail;Site;Thème;Public;Description\n"
    "Club de tennis de Sergines;CTS;Sergines;Stade municipal;03 86 66 00 01;"
    "contact@tennis-sergines.example;www.tennis-sergines.example;Sports de raquette;"
    "Enfants, Adultes;Cours et tournois toute l'année.\n"
    "Les Amis du patrimoine;;Pont-sur-Yonne;;+33 3 86 67 00 02;;;"
    "Patrimoine et histoire locale;Tout public;\"Visites guidées,\n"
    "conférences et expositions.\"\n"
    "Comité des fêtes de Vinneuf;;vinneuf;;;fetes@vinneuf.example;;"
    "Enfance, jeunesse et famille;Petite enfance | Familles et parents;\n"
)
BAD_CSV = (
    "Nom de l'association;Commune;Code postal;Téléphone;Courriel;Site internet;Thématique\n"
    "Gym volontaire;Michery;89140;03 86 00 00 03;gym@michery.example;;Gymnastique et fitness\n"
    ";Michery;;;;;\n"
    "Chorale des bords de Seine;Montereau;;;;;\n"
    "Club photo;Sergines;89100;12 34;photo@;javascript:alert(1);Aquarelle\n"
    "Gym volontaire;Michery;;;;;\n"
)


@pytest.fixture
def write(tmp_path):
    def write(name: str, text: str, encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


def test_csv_dry_run_reports_every_invalid_row_and_imports_nothing(runner, db, write):
    before = count()
    result = runner.invoke(args=["imports", "csv", write("annuaire.csv", BAD_CSV), "--dry-run"])
    assert result.exit_code == 1
    out = result.output
    assert "5 ligne(s) lue(s) : 1 valide(s), 4 invalide(s)." in out
    assert "Ligne 3 : Le nom est obligatoire." in out
    assert ("Ligne 4 (Chorale des bords de Seine) : La commune « Montereau » n'est pas une "
            "commune du territoire.") in out
    line5 = next(line for line in out.splitlines() if line.startswith("Ligne 5 (Club photo)"))
    for reason in ("Le code postal 89100 n'est pas celui de Sergines (89140).",
                   "Le numéro de téléphone « 12 34 » n'est pas valide",
                   "L'adresse électronique « photo@ » n'est pas valide.",
                   "L'adresse du site « javascript:alert(1) » n'est pas valide",
                   "Thème(s) inconnu(s) : « Aquarelle »."):
        assert reason in line5, reason
    assert "Ligne 6 (Gym volontaire) : Le même nom figure déjà ligne 2." in out
    assert "Simulation : rien n'a été importé." in out
    assert count() == before


def test_csv_with_an_invalid_row_imports_nothing_unless_asked(runner, db, write):
    path = write("annuaire.csv", BAD_CSV)
    result = runner.invoke(args=["imports", "csv", path])
    assert result.exit_code == 1
    assert "4 ligne(s) invalide(s) : rien n'a été importé." in result.output
    assert count() == 0
    result = runner.invoke(args=["imports", "csv", path, "--valid-only"])
    assert result.exit_code == 0, result.output
    assert "1 fiche(s) importée(s), en brouillon." in result.output
    assert list(organizations()) == ["Gym volontaire"]


def test_csv_import_with_french_header_variants(runner, db, write):
    path = write("office-de-tourisme.csv", GOOD_CSV, encoding="cp1252")
    check = runner.invoke(args=["imports", "csv", path, "--dry-run"])
    assert check.exit_code == 0, check.output
    assert "3 ligne(s) lue(s) : 3 valide(s), 0 invalide(s)." in check.output
    result = runner.invoke(args=["imports", "csv", path, "--publish"])
    assert result.exit_code == 0, result.output
    orgs = organizations()
    tennis = orgs["Club de tennis de Sergines"]
    assert tennis.status == Status.PUBLISHED
    assert tennis.sigle == "CTS" and tennis.telephone == "03 86 66 00 01"
    assert tennis.courriel == "contact@tennis-sergines.example"
    assert tennis.site_web == "https://www.tennis-sergines.example"
    assert [t.slug for t in tennis.themes] == ["sports-de-raquette"]
    assert sorted(p.slug for p in tennis.publics) == ["adultes", "enfants"]
    assert tennis.places[0].adresse == "Stade municipal"
    assert tennis.places[0].commune.slug == "sergines"
    patrimoine = orgs["Les Amis du patrimoine"]
    assert patrimoine.telephone == "03 86 67 00 02"
    assert patrimoine.description == "Visites guidées,\nconférences et expositions."
    assert [c.slug for c in patrimoine.communes] == ["pont-sur-yonne"]
    fetes = orgs["Comité des fêtes de Vinneuf"]
    assert [t.slug for t in fetes.themes] == ["enfance-jeunesse-et-famille"]
    assert [p.slug for p in fetes.publics] == ["petite-enfance", "familles"]
    # Each creation is in the listing's history.
    assert _db.session.scalar(select(func.count(Revision.id))) == 3
    # The listings are found by the public search once published.
    assert "Club de tennis de Sergines" in runner.app.test_client().get("/annuaire?q=tennis").text


def test_row_numbers_are_those_of_the_spreadsheet(runner, db, write):
    text = ("Nom;Commune;Description\n"
            "Club A;Sergines;\"Une description\nsur trois\nlignes\"\n"
            "\n"
            "Club B;Nulle-part;\n")
    result = runner.invoke(args=["imports", "csv", write("a.csv", text), "--dry-run"])
    assert "Ligne 4 (Club B) : La commune « Nulle-part »" in result.output


def test_csv_missing_column_and_binary_file_are_refused(runner, db, write, tmp_path):
    result = runner.invoke(args=["imports", "csv", write("a.csv", "Nom,Téléphone\nA,03\n")])
    assert result.exit_code == 1
    assert "Colonne obligatoire absente : « Commune »" in result.output
    xls = tmp_path / "a.xlsx"
    xls.write_bytes(b"PK\x03\x04\x00\x00binary")
    result = runner.invoke(args=["imports", "csv", str(xls)])
    assert result.exit_code == 1 and "Le classeur n'a pas pu être lu" in result.output
    old = tmp_path / "a.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    result = runner.invoke(args=["imports", "csv", str(old)])
    assert result.exit_code == 1 and "ancien format Excel (.xls)" in result.output
    binary = tmp_path / "a.bin"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    result = runner.invoke(args=["imports", "csv", str(binary)])
    assert result.exit_code == 1 and "n'est pas un fichier CSV" in result.output
    huge = write("huge.csv", "Nom;Commune\n" + "A" * 200_000 + ";Sergines\n")
    result = runner.invoke(args=["imports", "csv", huge])
    assert result.exit_code == 1 and "n'a pas pu être lu comme un CSV" in result.output


def test_the_directory_export_reads_back(client, runner, db, tmp_path):
    OrganizationFactory(nom="Association exportée")
    db.session.commit()
    path = tmp_path / "export.csv"
    path.write_bytes(client.get("/exports/annuaire.csv").data)
    result = runner.invoke(args=["imports", "csv", str(path), "--dry-run"])
    assert "Colonnes ignorées" not in result.output
    assert "Une fiche « Association exportée » existe déjà dans l'annuaire." in result.output


# RNA ------------------------------------------------------------------------------------------

WALDEC_HEADER = (
    "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;"
    "groupement;titre;titre_court;objet;objet_social1;objet_social2;adrs_complement;"
    "adrs_numvoie;adrs_repetition;adrs_typevoie;adrs_libvoie;adrs_distrib;adrs_codeinsee;"
    "adrs_codepostal;adrs_libcommune;adrg_declarant;adrg_complemid;adrg_complemgeo;"
    "adrg_libvoie;adrg_distrib;adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;"
    "publiweb;observation;position;maj_time"
)
#: What must never be stored: the manager's address block (adrg_*), and the seat's street.
PERSONAL = ("Ginette MARCHAL", "Appartement 12", "Résidence des Tilleuls", "8 allée Cachée",
            "BP 17", "ARCES-DILO", "89320", "FRANCE", "Maison de Mme Roux", "DES LILAS")


def waldec_row(rna, titre, *, insee="89309", cp="89140", commune="PONT SUR YONNE",
               position="A", objet="animer la vie du village", codes=("011000", ""),
               siteweb=""):
    return (
        f'{rna};;;;891P;2001-05-12;2019-03-02;2019-03-16;0001-01-01;D;S;"{titre}";;"{objet}";'
        f"{codes[0]};{codes[1]};Maison de Mme Roux;14;;RUE;DES LILAS;;{insee};{cp};{commune};"
        "Ginette MARCHAL;Appartement 12;Résidence des Tilleuls;8 allée Cachée;BP 17;89320;"
        f"ARCES-DILO;FRANCE;PF;{siteweb};0;;{position};2024-01-10 12:00:00"
    )


def waldec(*rows) -> str:
    return "\n".join([WALDEC_HEADER, *rows]) + "\n"


SAMPLE = waldec(
    waldec_row("W891000001", "ENTENTE SPORTIVE DE PONT SUR YONNE", siteweb="www.es-pont.example"),
    waldec_row("W891000002", "Comité des fêtes de Saint-Sérotin", insee="89364",
               commune="ST SEROTIN", codes=("007015", "024000")),
    waldec_row("W891000003", "AMICALE DISSOUTE DE SERGINES", position="D", commune="SERGINES"),
    waldec_row("W891000004", "CLUB DE SENS", insee="89387", cp="89100", commune="SENS"),
    waldec_row("W891000005", "CHORALE MAL PLACÉE", insee="89999", cp="89100",
               commune="SERGINES"),
    waldec_row("W891000006", "Les Écureuils de Villeblevin", insee="89449", cp="89340",
               commune="Villeblevin", codes=("001000", "")),
    waldec_row("X12", "IDENTIFIANT FAUX"),
)


def everything_stored() -> str:
    """Every value of every table, as text."""
    parts = []
    for table in _db.metadata.sorted_tables:
        for row in _db.session.execute(select(table)):
            parts.append(repr(tuple(row)))
    return "\n".join(parts)


def test_rna_latin1_file_keeps_active_associations_of_the_territory(runner, db, write):
    result = runner.invoke(args=["imports", "rna", write("rna_waldec_89.csv", SAMPLE, "latin-1")])
    assert result.exit_code == 0, result.output
    assert "Encodage détecté : Windows-1252. 7 association(s) lue(s)." in result.output
    assert "Ignorées : 1 non active(s), 2 hors du territoire." in result.output
    assert "3 fiche(s) créée(s) en brouillon" in result.output
    assert "Ligne 8 ignorée : " in result.output
    orgs = organizations()
    assert set(orgs) == {"Entente sportive de Pont-sur-Yonne",
                         "Comité des fêtes de Saint-Sérotin", "Les Écureuils de Villeblevin"}
    sport = orgs["Entente sportive de Pont-sur-Yonne"]
    assert sport.status == Status.DRAFT and sport.rna == "W891000001"
    assert [c.slug for c in sport.communes] == ["pont-sur-yonne"]
    assert [t.slug for t in sport.themes] == ["sport"]
    assert sport.description == "animer la vie du village"
    assert sport.site_web == "https://www.es-pont.example"
    assert sport.places == []  # the seat's street may be someone's home
    assert [c.slug for c in orgs["Comité des fêtes de Saint-Sérotin"].communes] == [
        "saint-serotin"]
    assert sorted(t.slug for t in orgs["Comité des fêtes de Saint-Sérotin"].themes) == [
        "environnement", "loisirs-et-vie-locale"]
    assert orgs["Les Écureuils de Villeblevin"].themes == []  # politics: classified by hand
    # Drafts nobody manages yet: the associations claim them.
    assert _db.session.scalar(select(func.count(Membership.id))) == 0
    stored = everything_stored()
    for value in PERSONAL:
        assert value not in stored, value
    # Not on the public site until the staff publish them.
    client = runner.app.test_client()
    assert client.get(f"/annuaire/{sport.slug}").status_code == 404


def test_rna_utf8_file_and_dry_run(runner, db, write):
    path = write("rna.csv", SAMPLE, "utf-8")
    result = runner.invoke(args=["imports", "rna", path, "--dry-run"])
    assert "Encodage détecté : UTF-8." in result.output
    assert "3 fiche(s) créée(s) en brouillon" in result.output
    assert "Simulation : rien n'a été enregistré." in result.output
    assert count() == 0


def test_rna_reimport_updates_unclaimed_drafts_only(runner, db, write):
    runner.invoke(args=["imports", "rna", write("v1.csv", SAMPLE, "latin-1")])
    again = runner.invoke(args=["imports", "rna", write("v1.csv", SAMPLE, "latin-1")])
    assert "0 fiche(s) créée(s) en brouillon, 0 renommée(s), 3 déjà à jour" in again.output
    assert count() == 3
    orgs = organizations()
    claimed = orgs["Comité des fêtes de Saint-Sérotin"]
    MembershipFactory(organization=claimed)
    published = orgs["Les Écureuils de Villeblevin"]
    published.status = Status.PUBLISHED
    _db.session.commit()
    renamed = waldec(
        waldec_row("W891000001", "ENTENTE SPORTIVE PONT-SUR-YONNE VILLEBLEVIN"),
        waldec_row("W891000002", "Comité des fêtes (nouveau nom)", insee="89364",
                   commune="ST SEROTIN"),
        waldec_row("W891000006", "Les Écureuils (nouveau nom)", insee="89449", cp="89340",
                   commune="Villeblevin"),
    )
    result = runner.invoke(args=["imports", "rna", write("v2.csv", renamed, "latin-1")])
    assert result.exit_code == 0, result.output
    assert "1 renommée(s), 0 déjà à jour, 2 déjà revendiquée(s) ou publiée(s)" in result.output
    assert ("Renommée : « Entente sportive de Pont-sur-Yonne » -> "
            "« Entente sportive Pont-sur-Yonne Villeblevin »") in result.output
    assert set(organizations()) == {"Entente sportive Pont-sur-Yonne Villeblevin",
                                    "Comité des fêtes de Saint-Sérotin",
                                    "Les Écureuils de Villeblevin"}
    # The rename is in the listing's history.
    sport = organizations()["Entente sportive Pont-sur-Yonne Villeblevin"]
    comments = _db.session.scalars(
        select(Revision.comment).where(Revision.organization_id == sport.id)
    ).all()
    assert any("Nom mis à jour depuis le RNA" in (c or "") for c in comments)


def test_rna_file_in_another_format_is_refused(runner, db, write):
    result = runner.invoke(args=["imports", "rna", write("x.csv", "Nom;Commune\nA;B\n")])
    assert result.exit_code == 1
    assert "n'est pas un export RNA « waldec »" in result.output


def test_rna_mapping_names_existing_themes(db):
    with MAPPING_FILE.open("rb") as f:
        mapping = tomllib.load(f)["families"]
    slugs = set(_db.session.scalars(select(Theme.slug)))
    for family, themes in mapping.items():
        assert len(family) == 3 and family.isdigit()
        for slug in themes:
            assert slug in slugs, (family, slug)


# Files as spreadsheets write them ---------------------------------------------------------------

THEATRE_ROWS = [
    ["Nom", "Commune", "Thème", "Description"],
    ["Théâtre des Deux Rives", "Sergines", "Théâtre", "Créations, ateliers, représentations"],
    ["Cœur de Pont", "Pont-sur-Yonne", "", "Fête à l'été"],
]


def test_excel_unicode_text_utf16_with_tabs(runner, db, tmp_path):
    """Excel's « Texte Unicode » (.txt): UTF-16 little-endian with its BOM, tab-separated,
    CRLF line ends, and quotes around a cell holding a line break."""
    rows = [*THEATRE_ROWS, ["Le Chœur d'Été", "Vinneuf", "", '"Répétitions\nle jeudi"']]
    text = "\r\n".join("\t".join(row) for row in rows) + "\r\n"
    path = tmp_path / "annuaire.txt"
    path.write_bytes(text.encode("utf-16"))  # Python writes the BOM, as Excel does
    assert path.read_bytes()[:2] == b"\xff\xfe"
    result = runner.invoke(args=["imports", "csv", str(path)])
    assert result.exit_code == 0, result.output
    names = organizations()
    assert set(names) == {"Théâtre des Deux Rives", "Cœur de Pont", "Le Chœur d'Été"}
    assert names["Le Chœur d'Été"].description == "Répétitions\nle jeudi"
    assert [t.slug for t in names["Théâtre des Deux Rives"].themes] == ["theatre"]


def test_xlsx_workbook(runner, db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Annuaire des associations, mis à jour en novembre"])  # a title first
    sheet.append([])
    for row in THEATRE_ROWS:
        sheet.append(row)
    sheet.append(["Club de tennis", "Sergines", "", "", 89100])  # a number cell
    sheet["E3"] = "Code postal"
    path = tmp_path / "annuaire.xlsx"
    book.save(path)
    result = runner.invoke(args=["imports", "csv", str(path), "--dry-run"])
    assert "Les titres des colonnes sont ligne 3 : les 2 lignes au-dessus ont été ignorées." \
        in result.output
    assert "Ligne 6 (Club de tennis) : Le code postal 89100 n'est pas celui de Sergines" in \
        result.output
    result = runner.invoke(args=["imports", "csv", str(path), "--valid-only"])
    assert set(organizations()) == {"Théâtre des Deux Rives", "Cœur de Pont"}


def test_one_stray_windows_byte_in_utf8_is_read_and_named(runner, db, tmp_path):
    """A UTF-8 file where one cell was pasted from a Windows-1252 file: « Théâtre » and the
    other accents stay right, the stray « é » is read as such, and the report says where."""
    text = "Nom;Commune;Thème\nThéâtre des Deux Rives;Sergines;Théâtre\n"
    data = text.encode("utf-8") + "Fête à Michery;Michery;\n".encode("cp1252")
    result = runner.invoke(args=["imports", "csv", _bytes(tmp_path, data), "--dry-run"])
    assert "ThÃ" not in result.output
    assert ("Attention : Le fichier mélange deux encodages : il est en UTF-8, mais des "
            "caractères de la ou des ligne(s) 3 sont en Windows-1252.") in result.output
    result = runner.invoke(args=["imports", "csv", _bytes(tmp_path, data)])
    assert set(organizations()) == {"Théâtre des Deux Rives", "Fête à Michery"}


def test_windows_1252_file_is_not_called_mixed(runner, db, tmp_path):
    data = "Nom;Commune\nThéâtre des Deux Rives;Sergines\n".encode("cp1252")
    result = runner.invoke(args=["imports", "csv", _bytes(tmp_path, data)])
    assert result.exit_code == 0 and "mélange" not in result.output
    assert set(organizations()) == {"Théâtre des Deux Rives"}


def test_header_not_on_the_first_row(runner, db, write):
    text = "Liste des associations 2026;;\n;;\nNom;Commune;Sigle\nClub A;Sergines;CA\n"
    result = runner.invoke(args=["imports", "csv", write("a.csv", text)])
    assert "Les titres des colonnes sont ligne 3" in result.output
    assert set(organizations()) == {"Club A"}
    lost = "Liste;\nClub A;Sergines\n"
    result = runner.invoke(args=["imports", "csv", write("b.csv", lost)])
    assert result.exit_code == 1
    assert "Aucune des 10 premières lignes ne porte les titres des colonnes obligatoires " \
        "(Nom, Commune)" in result.output


def _bytes(tmp_path, data: bytes) -> str:
    path = tmp_path / "annuaire.csv"
    path.write_bytes(data)
    return str(path)


# The staff's upload page ----------------------------------------------------------------------


@pytest.fixture
def staff_client(login_as, db):
    from directory.accounts.models import Role
    from tests.factories import UserFactory

    return login_as(UserFactory(role=Role.MODERATOR))


def upload(client, text: str, mode: str, filename: str = "annuaire.csv", **extra):
    import io

    from tests.conftest import csrf_token

    page = client.get("/moderation/imports/csv")
    return client.post("/moderation/imports/csv", data={
        "csrf_token": csrf_token(page.text),
        "fichier": (io.BytesIO(text.encode("utf-8")), filename),
        "mode": mode,
        **extra,
    }, follow_redirects=True)  # to the import's page, which shows its report once done


def test_upload_page_is_for_staff_only(client, login_as, db):
    assert client.get("/moderation/imports/csv").status_code == 302
    member = MembershipFactory().user
    assert login_as(member).get("/moderation/imports/csv").status_code == 403


def test_upload_page_checks_then_imports_all_or_nothing(staff_client, db):
    assert 'href="/moderation/imports/csv"' in staff_client.get("/api/v1/").text
    page = staff_client.get("/moderation/imports/csv")
    assert page.status_code == 200
    assert "Nom de l&#39;association" in page.text  # the accepted headers are listed
    checked = upload(staff_client, BAD_CSV, "verifier")
    assert checked.status_code == 200
    assert "5 ligne(s) lue(s) : 1 valide(s), 4 invalide(s)." in checked.text
    assert "La commune « Montereau » n&#39;est pas une commune du territoire." in checked.text
    assert "Simulation : rien n'a été importé." in checked.text
    refused = upload(staff_client, BAD_CSV, "importer")
    assert refused.status_code == 200
    assert "rien n&#39;a été importé" in refused.text
    assert count() == 0
    partial = upload(staff_client, BAD_CSV, "valides", publier="y")
    assert partial.status_code == 200
    assert "1 fiche(s) importée(s), publiée(s)." in partial.text
    assert organizations()["Gym volontaire"].status == Status.PUBLISHED


def test_upload_page_refuses_other_files(staff_client, db):
    response = upload(staff_client, "whatever", "verifier", filename="annuaire.ods")
    assert response.status_code == 422
    assert "Le fichier doit être un classeur .xlsx ou un fichier CSV (.csv, .txt)." in \
        response.text
    response = upload(staff_client, "\x00\x01binaire", "importer", filename="annuaire.csv")
    assert response.status_code == 200
    assert "n&#39;est pas un fichier CSV" in response.text
    assert count() == 0


def test_rna_drafts_wait_in_the_staff_queue(runner, staff_client, write):
    runner.invoke(args=["imports", "rna", write("rna.csv", SAMPLE, "latin-1")])
    sport = organizations()["Entente sportive de Pont-sur-Yonne"]
    queue = staff_client.get("/moderation/file")
    assert queue.status_code == 200
    assert "Entente sportive de Pont-sur-Yonne" in queue.text
    listing = staff_client.get(f"/moderation/fiches/{sport.id}")
    assert listing.status_code == 200
    assert "Import du répertoire national des associations" in staff_client.get(
        f"/annuaire/{sport.slug}/historique").text


def test_upload_page_reads_excel_unicode_text_and_warns_of_mixed_encodings(staff_client, db):
    import io

    from tests.conftest import csrf_token

    def post(data: bytes, filename: str):
        page = staff_client.get("/moderation/imports/csv")
        return staff_client.post("/moderation/imports/csv", data={
            "csrf_token": csrf_token(page.text), "mode": "verifier",
            "fichier": (io.BytesIO(data), filename),
        }, follow_redirects=True)

    text = "\r\n".join("\t".join(row) for row in THEATRE_ROWS) + "\r\n"
    report = post(text.encode("utf-16"), "annuaire.txt")
    assert "2 ligne(s) lue(s) : 2 valide(s), 0 invalide(s). Encodage : UTF-16." in report.text
    assert "Théâtre des Deux Rives" in report.text
    mixed = "Nom;Commune\nThéâtre;Sergines\n".encode() + "Fête;Michery\n".encode("cp1252")
    report = post(mixed, "annuaire.csv")
    assert "Le fichier mélange deux encodages" in report.text
    assert "ThÃ©" not in report.text and "Fête" in report.text
