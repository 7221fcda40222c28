"""One apprise delivery in a short-lived child process: ``python -m tracker.alerts.apprise_child``.

apprise loads every one of its plugins on first use, about 25 MB that would stay in the
daemon for good (its budget on a Pi is 80 MB). Alerts are rare, so each delivery starts a
child (about 0.3 s) that sends and exits. The request arrives on stdin as JSON (never in
argv, where ``ps`` would show the URL's tokens); the exit status is the answer.
"""

from __future__ import annotations

import json
import logging
import sys
import warnings
from typing import Any

EXIT_DELIVERED = 0
EXIT_FAILED = 1  # the service did not take it now: retry later
EXIT_BAD_REQUEST = 2  # the request itself is broken
EXIT_UNKNOWN_URL = 3  # apprise does not understand the URL: retrying cannot help


def load(urls: list[str]) -> tuple[Any, list[int]]:
    """An Apprise object with ``urls``, and the indexes of those it does not understand."""
    # Some plugins import modules Python deprecates (imghdr, via PGPy): apprise's business.
    # apprise logs a URL it cannot parse in full, tokens included: keep that quiet.
    apprise_log = logging.getLogger("apprise")
    level = apprise_log.level
    apprise_log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import apprise

            obj = apprise.Apprise()
            bad = [i for i, url in enumerate(urls) if not obj.add(url)]
    finally:
        apprise_log.setLevel(level)
    return obj, bad


def main() -> int:
    try:
        request = json.loads(sys.stdin.read())
        url, title, body = request["url"], request["title"], request["body"]
        timeout_s = float(request["timeout_s"])
    except (ValueError, KeyError, TypeError) as exc:
        print(f"bad request: {exc}", file=sys.stderr)
        return EXIT_BAD_REQUEST
    obj, bad = load([url])
    if bad:
        return EXIT_UNKNOWN_URL
    kwargs: dict[str, Any] = {"body": body, "title": title}
    if request.get("attach"):
        # apprise attaches it where the service carries files and sends the text alone
        # where it does not.
        kwargs["attach"] = str(request["attach"])
    import inspect

    # apprise >= 2 bounds the whole call; older ones rely on each plugin's own timeout.
    if "timeout" in inspect.signature(obj.notify).parameters:
        kwargs["timeout"] = timeout_s
    return EXIT_DELIVERED if obj.notify(**kwargs) else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
