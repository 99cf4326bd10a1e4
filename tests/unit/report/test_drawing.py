"""iaf.report.drawing: the child draws exactly what this process would, and a dead child costs
nothing but time."""

from __future__ import annotations

from iaf.report import plots
from iaf.report.drawing import Drawing
from tests.unit.report.test_plots import FIGURES


def test_the_child_draws_the_same_bytes_as_this_process():
    drawing = Drawing()
    for kind, figure in FIGURES.items():
        drawing.add(f"ko_KR/{kind}", figure)
    svgs = drawing.result()
    assert drawing.child.returncode == 0
    assert svgs == {f"ko_KR/{kind}": plots.view_svg(f) for kind, f in FIGURES.items()}


def test_a_dead_child_is_replaced_by_drawing_here():
    drawing = Drawing()
    drawing.child.kill()
    drawing.child.wait()
    drawing.add("ko_KR/shares", FIGURES["shares"])  # the pipe is gone: no error
    assert drawing.result() == {"ko_KR/shares": plots.view_svg(FIGURES["shares"])}


def test_close_stops_an_unused_child():
    drawing = Drawing()
    drawing.close()
    assert drawing.child.returncode is not None
