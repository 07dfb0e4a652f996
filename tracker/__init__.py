"""Store, track and report on contracts: the SQLite store, the milestone lifecycle, reports
and the ``contracts`` command line."""

import sys

# sqlite-utils imports numpy (when installed) as it is imported, to map numpy types when it
# creates tables from Python data. The tracker never does (it writes with SQL), and numpy is
# a third of a command's start-up: sqlite-utils is imported here without it. numpy itself
# imports as usual afterwards (the extractor uses it).
if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # an ImportError for sqlite-utils, which then goes without
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]
