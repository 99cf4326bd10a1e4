"""Where the shipped catalogue and the audit suite live (references/, expectations/, tests_iaf/),
and the user's cache (``user_cache``).

In a clone they sit beside the package; in an installed wheel they are packed into
``iaf/_suite`` (see pyproject.toml), so both layouts run the same suites and references.
Standard library only: the pytest plugin imports this at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def suite_root() -> Path:
    packed = _PACKAGE / "_suite"
    return packed if packed.is_dir() else _PACKAGE.parent


def locales_in(root: Path) -> tuple[str, ...]:
    """The locales of the catalogue at ``root``: folders of references/ with a schema.json."""
    return tuple(sorted(p.parent.name for p in (root / "references").glob("*/schema.json")))


def default_locale(root: Path) -> str:
    """The locale a run takes when none is given: the catalogue's only one (iaf init's need no
    --locale), else ko_KR."""
    known = locales_in(root)
    return known[0] if len(known) == 1 else "ko_KR"


def audit_suite_dir() -> Path:
    return suite_root() / "tests_iaf"


CACHE_OFF = "off"


def user_cache() -> Path | None:
    """iaf's cache folder: ``IAF_CACHE_DIR``, else ``$XDG_CACHE_HOME/iaf``, else
    ``~/.cache/iaf`` (None: ``IAF_CACHE_DIR=off``, in any case, nothing cached). A relative
    ``XDG_CACHE_HOME`` is ignored, as the XDG Base Directory specification says."""
    chosen = os.environ.get("IAF_CACHE_DIR")
    if chosen:
        return None if chosen.lower() == CACHE_OFF else Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "iaf"


def printable(text: str) -> str:
    """``text`` as a terminal and a UTF-8 file can hold it: a path's bytes no encoding gave
    (which Python keeps as surrogates, ``rel\udce9ase``) written as ``rel\\xe9ase``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

