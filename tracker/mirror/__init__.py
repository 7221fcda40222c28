"""The InfluxDB mirror: ships the store's outbox to a server (SQLite stays the truth)."""
