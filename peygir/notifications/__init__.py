"""The notification outbox: email through a real SMTP server, the in-app inbox, digests."""
