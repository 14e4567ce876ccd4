"""Full-text search over resolutions, news, needs and comments, fed by peygir.persian.search_key.

Index your objects from your services, inside their transaction (one call each)::

    from peygir.search.services import search_index, search_remove

    search_index("need", need.pk, parts=[need.title, need.description, need.place.name],
                 display=f"{need.title}\\n{need.description}")
    search_remove("need", need.pk)            # when it is deleted or must not be found

``parts`` are folded with search_key and matched; ``display`` is the clean text that
highlighted snippets are cut from. Kinds are ``SearchKind`` values: resolution, news,
need, comment. So that ``peygir search_reindex`` rebuilds your kind too, register a
function yielding ``Document(object_id, parts, display)`` in your AppConfig.ready()::

    search_register("need", lambda: (Document(n.pk, [...], "...") for n in Need.objects.all()))

Read with ``peygir.search.selectors``:

- ``search(query, kinds=["need"], restrict_to_ids=<queryset or ids the user may see>,
  limit=20, offset=0)`` → ``[Hit(kind, object_id, score, snippet_html)]``, best first;
- ``search_ids(query, kind=...)`` → an unranked ``values_list`` of object ids, to use as
  ``Model.objects.filter(pk__in=...)``;
- ``resolution_search_ids(user, query)``: the same for resolutions, limited to
  ``resolutions_visible_to(user)``.

Resolutions are indexed by peygir.resolutions.services (create, update_details, assign),
each entry with its scope keys (``peygir.search.scope``: its follow-up owner, bodies and
places),
which ``search_ids``, ``search_condition`` and ``search_count_capped`` take as ``scope=``
(``resolutions.selectors.search_scope_of(user)``) to read only that user's matches.
Queries match every term as a word prefix, ignoring ZWNJ/space/nothing, Arabic/Persian
letters, digit forms, diacritics and آ/ا. SQLite uses FTS5 with bm25, PostgreSQL a
generated tsvector ranked by ts_rank (migration 0002) and one GIN index over the words'
prefixes and the scope keys (migrations 0004, 0005).
"""
