"""Events: the PLOVER ontology as data, and (later) the event stage."""
