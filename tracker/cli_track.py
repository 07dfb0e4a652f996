"""Tracker commands (lifecycle, views, reports, exports): placeholder until they land."""
