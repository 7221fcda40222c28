"""The test suite: a package, so that ``tests.*`` imports find these modules and not a
``tests`` package some dependency installs at the top of site-packages (garmin-fit-sdk does)."""
