"""Pre-moderated Persian comments under the source article's policy."""
