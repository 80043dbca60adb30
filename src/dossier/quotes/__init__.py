"""Direct, partial and indirect quotes with their speakers (the QUOTE stage: stage.py)."""
