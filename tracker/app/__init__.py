"""The application layer: load a window of minutes and stored results, run the core once,
save what it found. Every shell (daemon, commands, report, alerts, hub page) goes through
here; none of them assembles "read the store, then analyse" itself."""
