"""Resolve Markdown links to labels of other pages: ``[teorema](08_costos.ipynb#thm-x)``.

The chapters link to theorems, definitions and bibliography entries with plain Markdown
links, because JupyterLab (with jupyterlab-myst) renders those and not Sphinx roles such as
``{prf:ref}`` or ``{cite}``. MyST resolves ``page#id`` only for heading anchors: this
extension registers every other id of a page (the labels of ``prf`` and ``exercise``
directives, and the bibliography entries, whose ids are their BibTeX keys through
``bibtex_cite_id``) as an anchor of that page, so that MyST resolves such links and
``-n`` still reports a link to an id that does not exist.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def _register_ids(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    anchors = env.metadata[env.docname].setdefault("myst_slugs", {})
    for node in doctree.findall(nodes.Element):
        for id_ in node.get("ids", []):
            anchors.setdefault(id_, (node.line or 0, id_, ""))
    domain = env.get_domain("cite")  # sphinxcontrib-bibtex: entries get their ids early
    for key, bibliography in getattr(domain, "bibliographies", {}).items():
        if key.docname == env.docname:
            for citation in bibliography.citation_nodes.values():
                id_ = citation["ids"][0]
                anchors.setdefault(id_, (0, id_, ""))


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", _register_ids)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
