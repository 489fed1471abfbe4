"""mkdocs hooks for the reference site (mkdocs.yml ``hooks:``).

The docstrings are written in one style, Sphinx's (reStructuredText roles such as
``:meth:`wait_for_many``` and ``:class:`~boomi_listeners.testing.FakeBoomi```), and
mkdocstrings renders them as Markdown, which knows no roles: the role's name would show
raw in front of the code. This drops the role and keeps the name as code, its last
dotted part when the target starts with ``~``, as Sphinx shows it.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["on_page_content", "strip_roles"]

_ROLE = re.compile(r":(?:py:)?(?:meth|class|func|attr|mod|exc|data|obj|const|ref|term):<code>(~?)([^<]*)</code>")


def _shown(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2)
    return f"<code>{target.rsplit('.', 1)[-1] if short else target}</code>"


def strip_roles(html: str) -> str:
    """Sphinx cross-reference roles in rendered HTML, as plain code."""
    return _ROLE.sub(_shown, html)


def on_page_content(html: str, **kwargs: Any) -> str:
    return strip_roles(html)
