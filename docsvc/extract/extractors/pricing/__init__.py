"""Prices: fee tables, price lists and price sentences (``items``), payment terms, price review (``review``)."""
