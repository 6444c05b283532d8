"""Search facets turned into labelled link lists for the directory page (apply/remove a filter)."""

from dataclasses import dataclass, field

from directory.core.text import fold
from directory.search.types import FacetValue
from directory.taxonomy.models import Theme

TITLES = {
    "theme": "Thématique",
    "public": "Public",
    "commune": "Commune",
    "type": "Type de structure",
    "benevoles": "Bénévolat",
}


@dataclass
class FacetLink:
    label: str
    count: int | None
    #: Query-string arguments of the link (the current search with this filter applied or removed).
    args: dict
    selected: bool = False
    #: 1 for a child theme shown under its parent.
    level: int = 0


@dataclass
class FacetGroup:
    name: str
    title: str
    links: list[FacetLink] = field(default_factory=list)


def build_facets(
    facets: dict[str, list[FacetValue]],
    args: dict,
    themes: dict[str, Theme],
    labels: dict[str, dict[str, str]],
) -> list[FacetGroup]:
    """`args` are the current search's URL arguments; `labels` maps public/commune/type values."""
    groups = [_theme_group(facets, args, themes)]
    for name in ("public", "commune", "type", "benevoles"):
        groups.append(_flat_group(name, facets.get(name, []), args, labels.get(name, {})))
    return [g for g in groups if g.links]


def _with(args: dict, **changes) -> dict:
    return {**args, **changes}


def _counts(values: list[FacetValue]) -> dict[str, int]:
    # A child theme may come as "parent/child": the slug is unique on its own.
    return {v.value.rsplit("/", 1)[-1]: v.count for v in values}


def _flat_group(name, values, args, labels) -> FacetGroup:
    selected = args.get(name)
    counts = _counts(values)
    if selected and selected not in counts:
        counts[selected] = 0  # still shown, so that the filter can be removed
    group = FacetGroup(name, TITLES[name])
    for value, count in counts.items():
        if value not in labels or (count <= 0 and value != selected):
            continue
        if value == selected:
            group.links.append(FacetLink(labels[value], count, _with(args, **{name: None}), True))
        else:
            group.links.append(FacetLink(labels[value], count, _with(args, **{name: value})))
    group.links.sort(key=lambda link: (not link.selected, -(link.count or 0), fold(link.label)))
    return group


def _theme_group(facets, args, themes) -> FacetGroup:
    """Parent themes; under the selected parent (or the selected child's parent), its children."""
    group = FacetGroup("theme", TITLES["theme"])
    selected = themes.get(args.get("theme") or "")
    open_parent = (selected.parent or selected) if selected else None
    parent_counts = _counts(facets.get("theme", []))
    child_counts = _counts(facets.get("subtheme", []))
    if open_parent and open_parent.slug not in parent_counts:
        parent_counts[open_parent.slug] = 0
    parents = [
        themes[slug]
        for slug, count in parent_counts.items()
        if slug in themes
        and themes[slug].parent is None
        and (count > 0 or themes[slug] is open_parent)
    ]
    parents.sort(key=lambda p: p.position)
    for parent in parents:
        count = parent_counts[parent.slug]
        if parent is open_parent:
            group.links.append(FacetLink(parent.name, count, _with(args, theme=None), True))
            for child in parent.children:
                n = child_counts.get(child.slug, 0)
                if child is selected:
                    remove = _with(args, theme=parent.slug)
                    group.links.append(FacetLink(child.name, n, remove, True, level=1))
                elif n > 0:
                    apply = _with(args, theme=child.slug)
                    group.links.append(FacetLink(child.name, n, apply, level=1))
        else:
            group.links.append(FacetLink(parent.name, count, _with(args, theme=parent.slug)))
    return group
