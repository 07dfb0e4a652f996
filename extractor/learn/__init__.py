"""Decisions learned from labelled contracts: rules propose candidates, a linear model picks.

- ``linear.py``: the run-time model (a JSON file of weights read with numpy; no scikit-learn).
- ``datefeatures.py``: date mentions as candidates for the agreement, effective and expiration
  dates, each described by the words around it, where it is and what the rules made of it.
- ``partyfeatures.py``: name-like spans as candidate parties.
- ``train.py``: ``python -m extractor.learn.train`` rebuilds ``models/*.json`` from
  ``../shared/cuad-train`` (tune part of the seeded split) and ``../shared/corpus``.
"""
