"""One module per kind of page; each view checks its input and calls tracker.app."""
