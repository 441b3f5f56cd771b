"""Parties and their roles (preamble, definitions, signature blocks) and novation / Vertragsübernahme."""
