"""Full-text search over resolutions, news, needs and comments, fed by peygir.persian.search_key."""
