"""Numbers, money, counts and measures → values with unit, kind and qualifier.

``parse`` reads numbers without a model, ``lexicon`` loads the words (data/quantities.yaml),
``detect`` finds quantities in a text, ``stage`` is the pipeline stage.
"""
