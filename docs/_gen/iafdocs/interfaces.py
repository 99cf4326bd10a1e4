"""iaf's interfaces as tables, read from the code: the exit codes, report.json's keys, the
command line's help, the pytest plugin's options, the GitHub Action's inputs, the generating
models and the embedded demo (whose audit is run, so its output is what the command prints)."""

from __future__ import annotations

import argparse
import functools
import os
import re
import subprocess
import sys
import typing
from pathlib import Path

import yaml

from iaf import errors
from iaf.report import document
from iafdocs.source import fields
from iafdocs.text import cell, code, esc, table

ROOT = Path(__file__).resolve().parents[3]
REPORT_TYPES = ("ReportDoc", "ReleaseDoc", "FileDoc", "RecordDoc", "CellDoc", "DisclosureDoc",
                "FrameDoc", "ViewDoc", "CheckDoc", "PowerDoc", "BandDoc", "TableDoc", "FigureDoc",
                "GateDoc", "ErrorDoc", "DiffDoc", "DiffSideDoc", "OverviewDoc", "ChangeDoc")
_LINKED = re.compile(r"\b(" + "|".join(REPORT_TYPES) + r")\b")


def exit_codes() -> str:
    names = {getattr(errors, n): n for n in dir(errors)
             if n.startswith("EXIT_") and n != "EXIT_CODES"}
    return table(["code", "constant (`iaf.errors`)", "meaning"],
                 [[str(c), code(names[c]), cell(text)] for c, text in errors.EXIT_CODES.items()])


def _type_text(annotation: str) -> str:
    """An annotation as Markdown (NotRequired left to the "present" column), each report type
    in it linked to its table."""
    inner = annotation.removeprefix("NotRequired[").removesuffix("]") \
        if annotation.startswith("NotRequired[") else annotation
    return _LINKED.sub(lambda m: f"[{m.group(0)}](#{m.group(0).lower()})", esc(inner))


def report_keys() -> str:
    parts = []
    for name in REPORT_TYPES:
        cls = getattr(document, name)
        rows = [[code(key), _type_text(annotation),
                 "optional" if annotation.startswith("NotRequired[") else "always",
                 cell(comment)] for key, (annotation, comment) in fields(cls).items()]
        parts.append(f"### {name}\n\n" + table(["key", "type", "present", "meaning"], rows))
    return "\n".join(parts)


def _narrow(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser with its help wrapped to the page's width (80 columns)."""
    parser.formatter_class = functools.partial(parser.formatter_class, width=80)
    return parser


def _subcommands(parser: argparse.ArgumentParser, prefix: str) -> list[tuple[str, str]]:
    out = []
    for action in parser._actions:  # argparse offers no public walk of its subcommands
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                sub.epilog = None  # the exit codes: printed once, with the top-level help
                out.append((f"{prefix} {name}", _narrow(sub).format_help()))
                out += _subcommands(sub, f"{prefix} {name}")
    return out


def cli_help() -> str:
    from iaf.cli import parser  # noqa: PLC0415

    top = _narrow(parser())
    parts = [f"## iaf\n\n```text\n{top.format_help()}```\n"]  # with the exit codes
    for name, text in _subcommands(top, "iaf"):
        parts.append(f"## {name}\n\n```text\n{text}```\n")
    return "\n".join(parts)


class _Options:
    """Stands in for pytest's parser to record what the plugin declares."""

    def __init__(self) -> None:
        self.options: list[tuple[tuple[str, ...], dict]] = []
        self.ini: list[tuple[str, str]] = []

    def getgroup(self, *args: object, **kwargs: object) -> _Options:
        return self

    def addoption(self, *names: str, **kwargs: typing.Any) -> None:
        self.options.append((names, kwargs))

    def addini(self, name: str, help: str, *args: object, **kwargs: object) -> None:
        self.ini.append((name, help))


def pytest_options() -> str:
    from iaf.pytest_plugin import pytest_addoption  # noqa: PLC0415

    recorded = _Options()
    pytest_addoption(recorded)  # type: ignore[arg-type]
    ini = dict(recorded.ini)
    rows = [[code(" ".join(names) + (f" {kw['metavar']}" if kw.get("metavar") else "")),
             code(kw["dest"]) if kw["dest"] in ini else "", cell(kw.get("help", ""))]
            for names, kw in recorded.options]
    return table(["option", "ini setting", "what it does"], rows)


def action_inputs() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    rows = [[code(name), "yes" if spec.get("required") else "no",
             code(spec["default"]) if spec.get("default") else "", cell(spec["description"])]
            for name, spec in action["inputs"].items()]
    outputs = [[code(name), cell(spec["description"])]
               for name, spec in action.get("outputs", {}).items()]
    return (table(["input", "required", "default", "what it is"], rows)
            + "\nOutputs:\n\n" + table(["output", "what it is"], outputs))


def models() -> str:
    from iaf.catalogue import Catalogue  # noqa: PLC0415
    from iaf.simulators.build import models as locale_models  # noqa: PLC0415

    rows = [[locale, ", ".join(code(m) for m in locale_models(locale))]
            for locale in Catalogue.shipped().locales()]
    return table(["locale", "models (`iaf simulate --model`)"], rows)


def demos() -> str:
    from iaf.simulators.demo import DEMOS  # noqa: PLC0415

    rows = [[locale, f"{spec.rows:,}", code(spec.model), str(spec.seed), str(spec.shards)]
            for locale, spec in DEMOS.items()]
    return table(["locale", "rows", "model", "seed", "shards"], rows)


def demo_audit() -> str:
    """What ``iaf audit`` prints on the embedded demo, run now."""
    run = subprocess.run([sys.executable, "-m", "iaf.cli", "audit", "--quiet"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT,
                         env={**os.environ, "COLUMNS": "100"})
    if run.returncode not in (0, 1) or not run.stdout:
        raise RuntimeError(f"iaf audit on the demo exited {run.returncode}: {run.stderr}")
    return (f"```text\n$ iaf audit\n{run.stdout}```\n\nThe command exits "
            f"**{run.returncode}** ({errors.EXIT_CODES[run.returncode]}).\n")


def transitions() -> str:
    from iaf.compare import TRANSITIONS  # noqa: PLC0415

    rows = [[code(before), code(after), cell(name), "yes" if name == "regression" else "no"]
            for (before, after), name in TRANSITIONS.items()]
    return table(["baseline", "new", "reported as", "regression"], rows)


def example_workflow() -> str:
    text = (ROOT / "examples" / "github-actions" / "iaf-gate.yml").read_text(encoding="utf-8")
    return f"```yaml\n{text}```\n"


def constants() -> str:
    """The fixed numbers a verdict rests on, as the code holds them."""
    from iaf import metrics, noise, power  # noqa: PLC0415
    from iaf.compare import SAMPLING_ALPHA  # noqa: PLC0415

    rows = [
        ["faithful releases drawn per noise band", f"{noise.DRAWS:,}", "`iaf.noise.DRAWS`"],
        ["their fixed seed", str(noise.SEED), "`iaf.noise.SEED`"],
        ["noise band quantile (one-sided 99.9%)", f"z = {noise.Z}", "`iaf.noise.Z`"],
        ["power a pass needs against its counterfactual", f"{power.POWER_NEEDED}",
         "`iaf.power.POWER_NEEDED`"],
        ["dependence a cell may lose before it is flagged", f"{metrics.FLAG_LOSS:.0%}",
         "`iaf.metrics.FLAG_LOSS`"],
        ["chance under which a value in one release only is a change (diff; over the "
         "column's changed values)", f"{SAMPLING_ALPHA:g}", "`iaf.compare.SAMPLING_ALPHA`"],
    ]
    return table(["what", "value", "where"], rows)
