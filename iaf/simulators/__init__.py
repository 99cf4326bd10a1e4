"""Generating models per locale; they draw from the shipped catalogue's references."""

from __future__ import annotations

from iaf.catalogue import Catalogue, LocaleCatalogue


def shipped(locale: str) -> LocaleCatalogue:
    """The shipped catalogue's entry for ``locale`` (loaded and validated once)."""
    return Catalogue.shipped().locale(locale)
