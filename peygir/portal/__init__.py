"""The public portal: promises and their record, news, subscriptions, open data."""
