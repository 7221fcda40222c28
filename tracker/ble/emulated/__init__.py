"""Emulated wearables on an in-process bumble link: peripherals, a scripted day, a world.

Import :class:`tracker.ble.emulated.world.EmulatedWorld`; nothing here is needed (or
imported) when the hub talks to real wearables.
"""
