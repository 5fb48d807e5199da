"""A blog's search, in the blog's language.

A blog index lists the posts of its own language only (a translated blog is
its own tree), so its search does too. On PostgreSQL the posts are matched and
ranked with the language's own text-search configuration: Spanish stemming
finds "recaída" for "recaídas", as English stemming finds "relapse" for
"relapses". Wagtail's search index has one configuration for every language,
so this query reads the post's own columns instead: title, lede, search
description and ``search_text`` (the body's words, kept by BlogPostPage.save).
On other databases (SQLite for ``make run``) Wagtail's index answers.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection

# PostgreSQL's text-search configurations by language code.
CONFIGURATIONS = {"en": "english", "es": "spanish"}
LIMIT = 50


def search_posts(posts, query, language_code):
    """Up to LIMIT of ``posts`` that match ``query``, best first."""
    if connection.vendor != "postgresql":
        return list(posts.search(query)[:LIMIT])
    config = CONFIGURATIONS.get(language_code, "simple")
    vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector("intro", "search_description", weight="B", config=config)
        + SearchVector("search_text", weight="C", config=config)
    )
    matched = SearchQuery(query, config=config, search_type="websearch")
    return list(
        posts.annotate(rank=SearchRank(vector, matched))
        .filter(rank__gt=0)
        .order_by("-rank", "-date_published", "-pk")[:LIMIT]
    )
