"""The web view: Datasette on the store, with our views, pages and review forms.

Needs the ``web`` extra (``pip install 'contracts[web]'``); nothing here is imported by the
rest of the tracker, so the command line works without it.
"""
