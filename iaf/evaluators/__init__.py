"""What runs the catalogue: one pure module per evaluation method, named after the method.

Each ``evaluate(loaded, tables)`` takes a footprint loaded with its inputs and the scanned
tables, and returns an ``Evaluation`` (views of metrics, floors and cells); it reads no file.
"""

from __future__ import annotations

from collections.abc import Callable

from iaf.catalogue import LoadedFootprint, Method
from iaf.evaluators import (
    conditional,
    flattening,
    identity,
    interaction,
    location,
    marginal,
    military_rules,
    partial_conditional,
)
from iaf.results import Evaluation
from iaf.tables import Tables

EVALUATORS: dict[Method, Callable[[LoadedFootprint, Tables], Evaluation]] = {
    Method.MARGINAL: marginal.evaluate,
    Method.CONDITIONAL: conditional.evaluate,
    Method.PARTIAL_CONDITIONAL: partial_conditional.evaluate,
    Method.FLATTENING: flattening.evaluate,
    Method.LOCATION: location.evaluate,
    Method.INTERACTION: interaction.evaluate,
    Method.MILITARY_RULES: military_rules.evaluate,
    Method.IDENTITY: identity.evaluate,
}
