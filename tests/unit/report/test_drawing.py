"""iaf.report.drawing: the child draws exactly what this process would, and a dead child costs
nothing but time."""

from __future__ import annotations

import os
import signal
import time

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


def test_the_child_reads_korean_labels_whatever_the_terminal_s_encoding(monkeypatch):
    """Under PYTHONIOENCODING=ascii the child's reader died on the first Hangul label and the
    child waited forever (135 MB each, one per audit; an environment review)."""
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    drawing = Drawing()
    drawing.add("ko_KR/shares", FIGURES["shares"])
    assert drawing._drawn() == {"ko_KR/shares": plots.view_svg(FIGURES["shares"])}
    assert drawing.child.returncode == 0


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


def test_a_stopped_child_costs_at_most_the_wait(monkeypatch):
    monkeypatch.setattr("iaf.report.drawing.WAIT", 1.0)
    drawing = Drawing()
    os.kill(drawing.child.pid, signal.SIGSTOP)
    try:
        for kind, figure in FIGURES.items():  # more than a pipe holds: the writer blocks
            drawing.add(f"ko_KR/{kind}", {**figure, "note": "x" * 40_000})
        start = time.monotonic()
        svgs = drawing.result()
        assert time.monotonic() - start < 30
    finally:
        drawing.close()
    assert set(svgs) == {f"ko_KR/{kind}" for kind in FIGURES}
