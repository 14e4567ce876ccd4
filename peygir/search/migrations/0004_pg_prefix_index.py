"""PostgreSQL: a GIN index of every word's prefixes of 2 to 6 characters.

Every query term is matched as a word prefix (`'term':*`). GIN answers a prefix tsquery by
merging the posting lists of every lexeme that starts with it: «راه»:* is راه, راهداری,
راهسازی…, and the staff search «آسفالت راه» spent 167 ms there at 1 000 000 resolutions,
could not count without reading every match from the heap, and gave the planner no
statistics (a prefix is estimated blindly). `search_prefixes(folded)` lists the prefixes
of 2 to 6 characters of each lexeme of the entry's tsvector (the whole lexeme among them
when it is that short), without positions; a term of 2 to 6 characters is then one exact
lexeme of this index (`search.selectors`), and a longer one its first six characters,
checked exactly against `tsv`. The `tsv` column and its index are unchanged: ranking and
one-character terms still read them. SQLite does nothing here (its prefix indexes are
migration 0003's).

The index is built from `folded` in place, without rewriting the table: at 1 M entries
about 6 minutes at load 3 (184 MB beside the tsv index's 134 MB), while writes to
search_searchentry wait. Its recheck never recomputes the prefixes (GIN's tsvector matches
are exact without weights), and row-by-row tests read the stored `tsv` instead.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION search_prefixes(folded text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(w.lexeme, n))), ''::tsvector)
  FROM unnest(to_tsvector('simple'::regconfig, folded)) AS w,
       generate_series(2, least(6, length(w.lexeme))) AS n
$$
"""
UP = [
    FUNCTION,
    "CREATE INDEX IF NOT EXISTS search_entry_prefixes "
    "ON search_searchentry USING gin (search_prefixes(folded))",
    "ANALYZE search_searchentry",
]
DOWN = [
    "DROP INDEX IF EXISTS search_entry_prefixes",
    "DROP FUNCTION IF EXISTS search_prefixes(text)",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fts_prefix_index")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
