"""Plots drawn alongside the audit: a child interpreter, started first, imports matplotlib and
draws each footprint's figure as its evaluation finishes, on the other core, while this process
scans and evaluates the rest. This module imports nothing heavy; the child is
``python -m iaf.report.drawing``. Should the child fail, the figures are drawn here, so the result is
always the same bytes."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading


class Drawing:
    def __init__(self) -> None:
        self.figures: dict[str, dict] = {}
        self.child = subprocess.Popen([sys.executable, "-m", "iaf.report.drawing"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True, encoding="utf-8")

    def add(self, key: str, figure: dict) -> None:
        """Queue ``figure`` (as report.json holds it) to be drawn under ``key``."""
        self.figures[key] = figure
        pipe = self.child.stdin
        try:
            assert pipe is not None  # Popen(stdin=PIPE)
            pipe.write(json.dumps([key, figure], ensure_ascii=False) + "\n")
            pipe.flush()
        except (OSError, ValueError):  # the child is gone: result() draws here
            pass

    def result(self) -> dict[str, str]:
        """key -> SVG of every figure added."""
        try:
            out, _ = self.child.communicate()
            svgs = json.loads(out) if self.child.returncode == 0 else None
        except (OSError, ValueError):
            svgs = None
        if not isinstance(svgs, dict) or set(svgs) != set(self.figures):
            from iaf.report.plots import view_svg  # noqa: PLC0415  (matplotlib, only here)

            svgs = {key: view_svg(figure) for key, figure in self.figures.items()}
        return svgs

    def close(self) -> None:
        """Stop the child if nobody asked for the result."""
        if self.child.returncode is None:
            self.child.kill()
            self.child.communicate()


def _child() -> None:
    """Read figures as they come (a reader thread, so the parent's writes never wait on the
    drawing), draw each, print every SVG as one JSON object at the end."""
    from iaf.report.plots import view_svg  # noqa: PLC0415

    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    svgs = {}
    while (line := lines.get()) is not None:
        key, figure = json.loads(line)
        svgs[key] = view_svg(figure)
    sys.stdout.write(json.dumps(svgs, ensure_ascii=False))


if __name__ == "__main__":
    _child()
