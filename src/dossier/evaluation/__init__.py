"""Evaluation against the public gold data sets kept in ``../shared/data``.

``datasets`` reads each gold set, in its published format, into small frozen records;
``metrics`` holds the pure scoring functions. Neither copies gold data into the repository:
the data stays next to it, and tests that need it skip loudly when it is absent.
"""
