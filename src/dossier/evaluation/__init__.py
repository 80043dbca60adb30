"""Evaluation against the public gold data sets kept in ``../shared/data``.

``datasets`` reads each gold set, in its published format, into small frozen records;
``metrics`` holds the pure scoring functions; ``scorers`` lists one scorer per component
and data set (each module named by its task: ``extraction``, ``timebank``, ``entities``,
``geoparsing``, ``cameo``, ``acled``, ``attribution``, ``stories``); ``report`` writes
``docs/evaluation.md``; ``gate`` holds the regression floors that ``make test`` enforces.
Nothing here copies gold data into the repository: the data stays next to it, and tests
that need it skip loudly when it is absent.
"""
