"""Interaction footprints: do two factors act on the outcome together, as in the population?

Two-way tables cannot see it: a generator with main effects only (the card's "independently
influence outcomes ... interaction effects are not modeled") reproduces every two-way table.
Against an official three-way table (occupation x sex x education), each table's *departure*
from its own best fit with every two-way margin and no three-way term is the interaction; the
release's departure regressed on the reference's is ``interaction_reproduced`` (1 faithful,
0 main effects only). The counterfactual is the reference's own no-interaction fit, simulated
at the frame's size. The worst cells are those where the release sits nearest that fit. Other
published editions of the three-way table (``vintages``) are judged as frame views.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from iaf import cache, metrics, noise
from iaf.catalogue import LoadedFootprint
from iaf.catalogue.params import InteractionParams
from iaf.evaluators.common import no_rows, per_variant, recoded, vintage_views, worst_cells
from iaf.frames import Mapped, as_text
from iaf.results import Cell, CountTable, Evaluation, Figure, Role, View
from iaf.tables import Tables


def reference_cube(loaded: LoadedFootprint[InteractionParams], table_id: str | None = None
                   ) -> tuple[list[str], list[str], list[str], np.ndarray]:
    """The three-way reference (or another edition of it) as first x second x outcome counts,
    with the categories."""
    spec = loaded.params.reference
    data = loaded.tables[table_id or loaded.footprint.references[0]].data
    firsts, seconds, outcomes = (sorted(data[c].unique()) for c in
                                 (spec.first, spec.second, spec.outcome))
    cube = np.zeros((len(firsts), len(seconds), len(outcomes)))
    for row in data.itertuples(index=False):
        values = row._asdict()
        cube[firsts.index(values[spec.first]), seconds.index(values[spec.second]),
             outcomes.index(values[spec.outcome])] += values["value"]
    return firsts, seconds, outcomes, cube


def _cells(syn: np.ndarray, ref: np.ndarray, labels) -> list[Cell]:
    """Per cell: the release's and the reference's departures from their own no-interaction
    fits (shares of the frame, so unweighted); the largest reference departures the release
    misses first."""
    firsts, seconds, outcomes = labels
    return [Cell(f"{a} {b}", outcome=c, synthetic=float(syn[i, j, k]),
                 reference=float(ref[i, j, k]), gap=float(syn[i, j, k] - ref[i, j, k]))
            for i, a in enumerate(firsts) for j, b in enumerate(seconds)
            for k, c in enumerate(outcomes)]


def _figure(loaded: LoadedFootprint[InteractionParams], syn: np.ndarray, ref: np.ndarray,
            labels) -> Figure:
    """Each cell's departure from its no-interaction fit, the reference's against the
    release's: on the diagonal the release keeps the interaction, on zero it has none."""
    firsts, seconds, outcomes = labels
    cells = [f"{a} {b} | {loaded.titled(c)}" for a in firsts for b in seconds for c in outcomes]
    return Figure.of("interaction", cells, ("reference", "synthetic"),
                     np.stack([ref.ravel(), syn.ravel()], axis=1))


def _counterfactuals(loaded: LoadedFootprint[InteractionParams], score: noise.Score,
                     reference: np.ndarray, rows: int) -> noise.Alternatives:
    """The suite's declared minimum effects (the reference moved toward its own no-interaction
    fit until each is reached, or past itself for an exaggeration), and that fit itself (main
    effects only) unless an effect moves toward it; each drawn at the frame's size."""
    fit = metrics.no_interaction_fit(reference)

    def draw(cube: np.ndarray) -> np.ndarray:
        flat = noise.draw_tables(cube.reshape(1, -1), np.array([rows]),
                                 seed=noise.COUNTERFACTUAL_SEED)[:, 0]
        return flat.reshape(-1, *reference.shape)

    return noise.at_effects(loaded.detect(), noise.flattened(reference, fit), score, draw,
                            own="no interaction")


def _view(loaded: LoadedFootprint[InteractionParams], name: str, role: Role, mapped: Mapped,
          variant: str, cube: tuple[list[str], list[str], list[str], np.ndarray]) -> View:
    """The release's three-way table against one reference cube."""
    params = loaded.params
    firsts, seconds, outcomes, reference = cube
    strength, departures = metrics.interaction(reference)
    axes, shape = (firsts, seconds, outcomes), reference.shape

    def score(cubes: np.ndarray) -> dict[str, np.ndarray]:
        reproduced = metrics.interaction_reproduced(cubes, departures)
        return {"interaction_reproduced": reproduced, "interaction_exaggerated": reproduced - 1.0}

    counts = recoded(loaded, mapped.table, variant).marginal(
        [params.first, params.second, params.outcome])
    position = [{v: i for i, v in enumerate(c)} for c in axes]
    names = [as_text(c) for c in counts.categories]
    synthetic = np.zeros(shape)
    for index in zip(*np.nonzero(counts.counts)):
        at = [position[d].get(names[d][index[d]]) for d in range(3)]
        if None not in at:
            synthetic[tuple(at)] += counts.counts[index]
    rows = int(synthetic.sum())
    if not rows:
        return no_rows(name, role, mapped)
    bands = cache.remembered(lambda: noise.bands(
        score, noise.draw_tables(reference.reshape(1, -1), np.array([rows]))[:, 0]
        .reshape(-1, *shape), {"interaction_reproduced": 1.0, "interaction_exaggerated": 0.0}))
    d, _ = metrics.conditional_distances(synthetic.reshape(-1, shape[2]),
                                         reference.reshape(-1, shape[2]))
    synthetic_strength, synthetic_departures = metrics.interaction(synthetic)
    return View(
        name=name, role=role,
        metrics={**{k: float(v) for k, v in score(synthetic).items()},
                 "interaction_strength": float(synthetic_strength),
                 "reference_interaction_strength": float(strength),
                 "conditional_tvd": float(d), "mapped_share": mapped.mapped_share},
        noise=bands,
        cells=worst_cells(loaded, _cells(synthetic_departures, departures, axes)),
        frame_rows=rows,
        counterfactual=cache.remembered(lambda: _counterfactuals(loaded, score, reference, rows)),
        table=CountTable.of([f"{a} {b}" for a in firsts for b in seconds], outcomes,
                            synthetic.reshape(-1, shape[2])),
        figure=_figure(loaded, synthetic_departures, departures, axes),
    )


def evaluate(loaded: LoadedFootprint[InteractionParams], tables: Tables) -> Evaluation:
    table = tables.get(loaded.footprint.scan_columns())
    cube = reference_cube(loaded)

    def views(variant: str, role: Role, mapped: Mapped) -> Iterator[View]:
        yield _view(loaded, variant, role, mapped, variant, cube)

    def vintage(variant: str, role: Role, mapped: Mapped) -> Iterator[View]:
        for table_id in loaded.params.vintages:  # the primary variant against each edition
            yield _view(loaded, table_id, Role.FRAME, mapped, variant,
                        reference_cube(loaded, table_id))

    return Evaluation(views=per_variant(loaded, table, views)
                      + vintage_views(loaded, table, vintage))
