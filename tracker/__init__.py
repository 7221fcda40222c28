"""tracker: pacing for chronic back and neck pain, from BLE wearables on a home hub."""

__version__ = "0.1.0"
