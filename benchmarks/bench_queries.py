"""The fixed mix of directory searches the benchmark replays, as a visitor would type them."""

from directory.search.types import SearchQuery

#: 40 searches: accents or not, plurals, typos, prefixes, two words, commune names, filters alone.
QUERIES: tuple[SearchQuery, ...] = (
    # single words, with and without accents, singular and plural
    SearchQuery(q="judo"),
    SearchQuery(q="théâtre"),
    SearchQuery(q="theatre"),
    SearchQuery(q="Théâtre"),
    SearchQuery(q="danse"),
    SearchQuery(q="danses"),
    SearchQuery(q="randonnée"),
    SearchQuery(q="randonnees"),
    SearchQuery(q="gymnastique"),
    SearchQuery(q="football"),
    SearchQuery(q="chorale"),
    SearchQuery(q="musique"),
    SearchQuery(q="peinture"),
    SearchQuery(q="yoga"),
    SearchQuery(q="pêche"),
    SearchQuery(q="peche"),
    SearchQuery(q="parentalité"),
    SearchQuery(q="médiathèque"),
    # typos and prefixes
    SearchQuery(q="gymnastiqe"),
    SearchQuery(q="theatr"),
    SearchQuery(q="footbal"),
    SearchQuery(q="randonée"),
    SearchQuery(q="gym"),
    # two words
    SearchQuery(q="danse enfants"),
    SearchQuery(q="club football"),
    SearchQuery(q="atelier peinture"),
    SearchQuery(q="judo enfants"),
    SearchQuery(q="aide seniors"),
    # commune names
    SearchQuery(q="Sergines"),
    SearchQuery(q="Pont-sur-Yonne"),
    SearchQuery(q="villeneuve la guyard"),
    # text and a filter
    SearchQuery(q="musique", commune="pont-sur-yonne"),
    SearchQuery(q="judo", public="enfants"),
    SearchQuery(q="atelier", type="association"),
    # filters alone (empty query lists alphabetically)
    SearchQuery(theme="sport"),
    SearchQuery(theme="danse", public="enfants"),
    SearchQuery(public="seniors", commune="sergines"),
    SearchQuery(type="service-public"),
    SearchQuery(commune="vinneuf", type="association"),
    SearchQuery(page=2),
)


def page_params(query: SearchQuery) -> dict[str, str]:
    """The /annuaire query string for a search, as the search form sends it."""
    params = {"q": query.q}
    for name in ("theme", "public", "commune", "type"):
        value = getattr(query, name)
        if value:
            params[name] = value
    if query.page != 1:
        params["page"] = str(query.page)
    return params
