"""Analysis: from the minute table to days, bouts, heart measures and balance.

``pipeline.analyze(table, config, *, tz=None, plan=None, logged_sessions=(), rr=None)`` is
the pure entry point; ``results`` holds the values it returns; ``dayend.run_day_end`` is
the daemon's nightly job over the store. Modules, in the order the pipeline uses them:
``minutes`` (the table and its CSV; ``csvfast`` the column-wise reader), ``days`` (dense
minute grid with local days), ``wear``, ``active``, ``bouts``, ``heart``, ``balance``.
"""
