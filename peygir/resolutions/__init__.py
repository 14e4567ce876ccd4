"""Sources (trips, meetings), their resolutions, and each resolution's timeline."""
