"""The maintainer scripts of the book.

Each runs as ``python scripts/<name>.py``; the tests and ``conftest.py`` import them
as ``scripts.<name>``. What several of them share is in :mod:`scripts.project`.
"""
