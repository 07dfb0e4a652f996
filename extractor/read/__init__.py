"""Reading files: PDF (text layer, ruled tables, OCR), DOCX, TXT, and the inputs a user names
(files, folders, zip archives) -> :class:`models.Document`."""
