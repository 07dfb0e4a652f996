"""Store, track and report on contracts: the SQLite store, the milestone lifecycle, reports
and the ``contracts`` command line."""
