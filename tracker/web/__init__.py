"""The hub page (``tracker web``): the patient's and the therapist's window on the hub.

A separate process from the daemon (a web fault never touches collection): Starlette on
uvicorn, server-rendered jinja2 pages that work without JavaScript. Views stay thin: they
check the input and call the application layer (:mod:`tracker.app`), which reads and
writes the store; templates only present.
"""
