"""Events: the PLOVER ontology as data (``ontology``) and the event stage.

The stage (:class:`dossier.events.stage.EventStage`, ``dossier.events.rules.v1``) reads the
per-language lexicons ``data/events_<language>.yaml`` (``lexicon``), finds triggers on the
parse (``triggers``), fills their frames with parties, place, date and figures
(``arguments``), reads their status (``status``), merges the mentions of one event
(``merge``), scores them (``confidence``) and keeps a trace for ``--explain``
(``explain``). Importing this package loads none of it.
"""
