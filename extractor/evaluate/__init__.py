"""Scoring extraction: against the fixtures' golden JSON (``fixtures``) and CUAD labels (``cuad``)."""
