"""Reading resolutions out of minutes and news text."""
