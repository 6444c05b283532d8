"""What a search asks and what it answers: the contract between the engine and the views."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchQuery:
    #: Free text as typed by the person ("" lists everything alphabetically).
    q: str = ""
    #: Slugs of a theme (parent or child), a public, a commune; an OrganizationKind value.
    theme: str | None = None
    public: str | None = None
    commune: str | None = None
    type: str | None = None
    #: "oui": only those looking for volunteers.
    benevoles: str | None = None
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class FacetValue:
    value: str  # slug (or kind value)
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    query: SearchQuery
    #: Organisation ids of the requested page, best first.
    ids: list[int]
    total: int
    #: {"theme": [...], "subtheme": [...], "public": [...], "commune": [...], "type": [...]}
    #: counts among the results of the query with the other filters applied.
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: A corrected query when the query found nothing (or little), e.g. "gymnastique".
    suggestion: str | None = None
    #: Theme slugs close to the query, proposed when nothing matched.
    nearest_themes: list[str] = field(default_factory=list)
    #: (words matched, words of the query): fewer than all when only partial matches were found.
    matched_words: tuple[int, int] = (0, 0)
    #: The commune named in the query when the results are in its neighbouring communes instead.
    near_commune: str | None = None

    @property
    def partial(self) -> bool:
        return self.total > 0 and self.matched_words[0] < self.matched_words[1]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))
