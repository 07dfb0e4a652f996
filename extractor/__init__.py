"""Read contracts and find what matters in them.

The public surface (what ``tracker`` and other callers use):

- ``load_document(path)`` reads a PDF, DOCX or TXT file into a :class:`models.Document`;
- ``extract(document)`` runs the NLP pipeline and returns a :class:`models.Contract`;
- ``iter_inputs``, ``InputItem``, ``ArchiveLimits``, ``readable_name``, ``read_bytes``: the
  files, folders and archives a user names, read safely;
- ``parse_due_rule``: a relative deadline as written ("net 30 from invoice");
- ``fingerprint``, ``similarity``, ``band_keys``, the copy thresholds: the text fingerprint that
  tells another file of the same contract; ``signed_state``: signed or draft, from the text;
- ``warm_up()``: build the pipeline ahead of the first document (worker processes);
- the errors in :mod:`extractor.errors`.

Names are imported on first use, so a command that only reads the store never pays for spaCy.
This package never imports ``tracker``.
"""

from __future__ import annotations

import importlib

from extractor.errors import ExtractError, size_phrase

__version__ = "0.2.0"
EXTRACTOR_VERSION = __version__

_LAZY = {
    "load_document": "extractor.read.load",
    "read_bytes": "extractor.read.load",
    "iter_inputs": "extractor.read.inputs",
    "InputItem": "extractor.read.inputs",
    "ArchiveLimits": "extractor.read.inputs",
    "readable_name": "extractor.read.inputs",
    "extract": "extractor.nlp.pipeline",
    "parse_due_rule": "extractor.nlp.duerules",
    "fingerprint": "extractor.nlp.fingerprint",
    "similarity": "extractor.nlp.fingerprint",
    "band_keys": "extractor.nlp.fingerprint",
    "COPY_THRESHOLD": "extractor.nlp.fingerprint",
    "OCR_COPY_THRESHOLD": "extractor.nlp.fingerprint",
    "signed_state": "extractor.nlp.amendments",
}

__all__ = [  # noqa: PLE0604 - the lazy names are strings too
    "EXTRACTOR_VERSION", "ExtractError", "size_phrase", "warm_up", *_LAZY,
]


def warm_up() -> None:
    """Build the NLP pipeline now (spaCy's import and our components), not on the first file."""
    from extractor.nlp.pipeline import build_nlp

    build_nlp()


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
