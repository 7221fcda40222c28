"""The test suite: a package, so that ``tests.*`` imports find these modules and not a
``tests`` package some dependency installs at the top of site-packages (garmin-fit-sdk does)."""

import sys

# The machines here set PYTHONDONTWRITEBYTECODE=1: every run then compiled tracker/ and
# rewrote the asserts of tests/ from source again, and so did every tracker process a test
# starts (about 5 s of the fast loop). The caches (__pycache__/) are git-ignored.
sys.dont_write_bytecode = False
