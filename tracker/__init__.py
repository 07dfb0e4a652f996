"""Store, track and report on contracts: the SQLite store, the milestone lifecycle, reports
and the ``contracts`` command line."""

import sys

# sqlite-utils imports numpy (when installed) as it is imported, to map numpy types when it
# creates tables from Python data. The tracker never does (it writes with SQL), and numpy is
# ~0.1 s of CPU of every command's start-up: sqlite-utils is imported here without it. numpy
# itself imports as usual afterwards (the extractor uses it).
if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # `import numpy` raises ImportError: sqlite-utils goes without
    try:
        import sqlite_utils  # noqa: F401
    except ImportError:  # a version that cannot go without: imported with numpy, as usual
        pass
    finally:
        del sys.modules["numpy"]
