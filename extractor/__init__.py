"""Read contracts and find what matters in them.

``load_document(path)`` reads a PDF, DOCX or TXT file into a :class:`models.Document`;
``extract(document)`` runs the NLP pipeline and returns a :class:`models.Contract`.
This package never imports ``tracker``.
"""

__version__ = "0.1.0"
EXTRACTOR_VERSION = __version__
