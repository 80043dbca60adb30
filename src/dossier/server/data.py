"""The questions the API asks the store, paged: one function per endpoint, plain dicts out.

The filters are the CLI's (:class:`dossier.store.filters.Filters`, same SQL); what these
modules add is paging (``limit``/``offset`` with the ``total``), the dashboard's
aggregates (facets, timeline, map, network) and the cross-document tables. Rows come
back as JSON-ready dicts with stable keys: dates as ISO strings, lists never null.
"""

from .article_queries import actors, article, articles, figures, quotes, search_articles
from .crossdoc_queries import canonical_events, contradictions, overview, stories, story
from .event_queries import events, facets, map_points, network, timeline
from .paging import Page, Row, jsonable

__all__ = [
    "Page",
    "Row",
    "actors",
    "article",
    "articles",
    "canonical_events",
    "contradictions",
    "events",
    "facets",
    "figures",
    "jsonable",
    "map_points",
    "network",
    "overview",
    "quotes",
    "search_articles",
    "stories",
    "story",
    "timeline",
]
