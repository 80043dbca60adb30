"""Places: the gazetteer beyond the knowledge base, and choosing among homonyms.

``gazetteer.load_gazetteer()`` builds the gazetteer once per process; ``resolve`` ranks the
candidates of a place name with the article as context. The linker stage
(``dossier.actors.stage``) uses both and writes ``doc.extras["places"]``.
"""
