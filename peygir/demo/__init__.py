"""Demo data: the article's meeting, a trip to Kahak, and one user per persona."""
