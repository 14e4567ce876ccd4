"""Scope keys beside each entry, indexed with the text (see `peygir.search.scope`).

`scope` holds the keys of the visibility rule's parts that hold a resolution (`o<id>` its
follow-up owner, `b<id>` its responsible and supporting bodies, `p<id>` every place on the
path of its places and of its responsible body's place), filled here from the resolutions
and kept by the services from then on. A search among one user's rows then reads only
their matches: the index intersects them with the words' before any row is read.

SQLite: the FTS5 table is made again with a second column, `scope` (the queries name the
column they match, `{folded}` or `{scope}`), with its triggers, and rebuilt. PostgreSQL:
one GIN index over the words' prefixes and the keys together (`search_vector`: the keys
as lexemes `#o70`, which no search term can be), in place of migration 0004's prefix
index: its AND skips through a long list of keys (a county governorate's 337 000 rows at
1 M) where a second index's bitmap had to be built whole (45 ms). At 1 000 000
resolutions on the 2-core machine: SQLite about 1 min 20 s (the fill 20 s, the FTS table
rebuilt 52 s); PostgreSQL 8 min 10 s (the fill about 3 min, the index about 5), while
writes to search_searchentry wait, and the table is then twice its size until VACUUM FULL.
"""

from django.db import migrations, models

# The places on the paths ("/19/34/52/") of a resolution's places and of its responsible
# body's place, each once: SQLite reads a path's ids as a JSON list.
SQLITE_PLACES = """
SELECT group_concat(' p' || id, '') FROM (
    SELECT DISTINCT CAST(ids.value AS integer) AS id FROM (
        SELECT p.path FROM resolutions_resolution_places rp
        JOIN places_place p ON p.id = rp.place_id WHERE rp.resolution_id = r.id
        UNION ALL
        SELECT p.path FROM organizations_organization o
        JOIN places_place p ON p.id = o.place_id WHERE o.id = r.responsible_body_id
    ) AS paths, json_each('[' || replace(trim(paths.path, '/'), '/', ',') || ']') AS ids
)
"""
SQLITE_FILL = f"""
UPDATE search_searchentry SET scope = coalesce((
    SELECT ltrim(
        coalesce(' o' || r.followup_owner_id, '') || coalesce(' b' || r.responsible_body_id, '')
        || coalesce((
            SELECT group_concat(' b' || s.organization_id, '')
            FROM resolutions_resolution_supporting_bodies s
            WHERE s.resolution_id = r.id AND s.organization_id IS NOT r.responsible_body_id
        ), '')
        || coalesce(({SQLITE_PLACES}), '')
    )
    FROM resolutions_resolution r WHERE r.id = search_searchentry.object_id
), '')
WHERE kind = 'resolution'
"""
POSTGRES_FILL = """
UPDATE search_searchentry e SET scope = keys.scope FROM (
    SELECT r.id, concat_ws(
        ' ', 'o' || r.followup_owner_id, 'b' || r.responsible_body_id,
        (SELECT string_agg('b' || s.organization_id, ' ' ORDER BY s.organization_id)
         FROM resolutions_resolution_supporting_bodies s
         WHERE s.resolution_id = r.id AND s.organization_id IS DISTINCT FROM r.responsible_body_id),
        (SELECT string_agg(DISTINCT 'p' || ids.id, ' ')
         FROM (SELECT p.path FROM resolutions_resolution_places rp
               JOIN places_place p ON p.id = rp.place_id WHERE rp.resolution_id = r.id
               UNION ALL
               SELECT p.path FROM organizations_organization o
               JOIN places_place p ON p.id = o.place_id WHERE o.id = r.responsible_body_id
              ) AS paths,
              unnest(string_to_array(trim(both '/' from paths.path), '/')) AS ids(id))
    ) AS scope
    FROM resolutions_resolution r
) AS keys
WHERE e.kind = 'resolution' AND e.object_id = keys.id
"""
# The words' prefixes (migration 0004) and the scope keys as lexemes "#<key>", one tsvector.
SEARCH_VECTOR = """
CREATE OR REPLACE FUNCTION search_vector(folded text, scope text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT search_prefixes(folded) || coalesce(array_to_tsvector(array(
    SELECT '#' || key FROM unnest(string_to_array(scope, ' ')) AS key WHERE key <> ''
  )), ''::tsvector)
$$
"""

FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "folded, {columns}content='search_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4 5 6')"
)


def _triggers(columns: list[str]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    delete = (
        f"INSERT INTO search_fts(search_fts, rowid, {names}) VALUES ('delete', old.id, {old});"
    )
    insert = f"INSERT INTO search_fts(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN {insert} END",
        f"CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN {delete} END",
        f"CREATE TRIGGER search_fts_au AFTER UPDATE OF {names} ON search_searchentry "
        f"BEGIN {delete} {insert} END",
    ]


DROP_FTS = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
REBUILD = [
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
]

UP = {
    "sqlite": [
        "ALTER TABLE search_searchentry ADD COLUMN scope text NOT NULL DEFAULT ''",
        SQLITE_FILL,
        *DROP_FTS,
        FTS.format(columns="scope, "),
        *_triggers(["folded", "scope"]),
        *REBUILD,
    ],
    "postgresql": [
        "ALTER TABLE search_searchentry ADD COLUMN scope text NOT NULL DEFAULT ''",
        POSTGRES_FILL,
        SEARCH_VECTOR,
        "SET LOCAL maintenance_work_mem = '512MB'",
        "CREATE INDEX search_entry_vector ON search_searchentry "
        "USING gin (search_vector(folded, scope))",
        "DROP INDEX IF EXISTS search_entry_prefixes",
        "ANALYZE search_searchentry",
    ],
}
DOWN = {
    "sqlite": [
        *DROP_FTS,
        FTS.format(columns=""),
        *_triggers(["folded"]),
        *REBUILD,
        "ALTER TABLE search_searchentry DROP COLUMN scope",
    ],
    "postgresql": [
        "CREATE INDEX IF NOT EXISTS search_entry_prefixes "
        "ON search_searchentry USING gin (search_prefixes(folded))",
        "DROP INDEX IF EXISTS search_entry_vector",
        "DROP FUNCTION IF EXISTS search_vector(text, text)",
        "ALTER TABLE search_searchentry DROP COLUMN scope",
    ],
}


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_pg_prefix_index"),
        ("resolutions", "0013_event_time_unindexed"),
        ("organizations", "0001_initial"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="scope",
                    field=models.TextField(blank=True, default="", verbose_name="scope keys"),
                )
            ],
            database_operations=[migrations.RunPython(_run(UP), _run(DOWN))],
        )
    ]
