"""Language identification and the spaCy models per language."""
