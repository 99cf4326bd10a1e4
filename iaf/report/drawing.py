"""Plots drawn alongside the audit: a child interpreter, started first, imports matplotlib and
draws each footprint's figure as its evaluation finishes, on the other core, while this process
scans and evaluates the rest. This module imports nothing heavy; the child is
``python -m iaf.report.drawing``. Should the child fail, stop or hang (it has ``WAIT`` seconds
after the last figure), it is killed and the figures are drawn here, so the result is always
the same bytes and the audit never waits on it for longer."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading

WAIT = 120.0  # seconds the child may take to finish after the last figure (14 take ~2 s)


class Drawing:
    def __init__(self) -> None:
        self.figures: dict[str, dict] = {}
        self.child = subprocess.Popen([sys.executable, "-m", "iaf.report.drawing"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
        # a writer thread: a stopped child that fills the pipe blocks it, never the audit
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write, name="iaf-drawing", daemon=True)
        self._writer.start()

    def _write(self) -> None:
        pipe = self.child.stdin
        assert pipe is not None  # Popen(stdin=PIPE)
        try:
            while (line := self._lines.get()) is not None:
                pipe.write(line)
                pipe.flush()
        except (OSError, ValueError):  # the child is gone: result() draws here
            pass
        finally:
            try:
                pipe.close()
            except (OSError, ValueError):
                pass

    def add(self, key: str, figure: dict) -> None:
        """Queue ``figure`` (as report.json holds it) to be drawn under ``key``."""
        self.figures[key] = figure
        self._lines.put(json.dumps([key, figure], ensure_ascii=False) + "\n")

    def _drawn(self) -> dict | None:
        """The child's SVGs, or None if it failed or did not finish within WAIT seconds."""
        self._lines.put(None)
        self._writer.join(WAIT)
        if self._writer.is_alive():  # a write blocked on a child that stopped reading
            self.close()
            return None
        self.child.stdin = None  # closed by the writer: communicate only reads
        try:
            out, _ = self.child.communicate(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.close()
            return None
        try:
            svgs = json.loads(out) if self.child.returncode == 0 else None
        except ValueError:
            return None
        return svgs if isinstance(svgs, dict) and set(svgs) == set(self.figures) else None

    def result(self) -> dict[str, str]:
        """key -> SVG of every figure added."""
        svgs = self._drawn()
        if svgs is None:
            from iaf.report.plots import view_svg  # noqa: PLC0415  (matplotlib, only here)

            svgs = {key: view_svg(figure) for key, figure in self.figures.items()}
        return svgs

    def close(self) -> None:
        """Stop the child if nobody asked for the result (or it hung)."""
        if self.child.returncode is None:
            self.child.kill()
            self.child.wait()
        for pipe in (self.child.stdin, self.child.stdout):
            try:
                if pipe:
                    pipe.close()
            except (OSError, ValueError):  # a pipe a blocked write still holds
                pass


def _child() -> None:
    """Read figures as they come (a reader thread, so the parent's writes never wait on the
    drawing), draw each, print every SVG as one JSON object at the end."""
    from iaf.report.plots import view_svg  # noqa: PLC0415

    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:  # UTF-8 as the parent writes it, whatever PYTHONIOENCODING says
        try:
            for line in sys.stdin.buffer:
                lines.put(line.decode("utf-8"))
        finally:  # the end, or an error the loop below then meets: never a wait forever
            lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    svgs = {}
    while (line := lines.get()) is not None:
        key, figure = json.loads(line)
        svgs[key] = view_svg(figure)
    sys.stdout.buffer.write(json.dumps(svgs, ensure_ascii=False).encode("utf-8"))


if __name__ == "__main__":
    _child()
