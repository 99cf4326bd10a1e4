"""The command line: iaf audit, gate, diff, simulate, footprints, catalogue and init.

Glue only: parse, call the library, print, and map every outcome to one exit code (the contract
in ``iaf.errors.EXIT_CODES``, one table for audit, diff and gate, each command's own cases in
``COMMAND_CODES``). Nothing reaches the terminal
as a traceback: a bug in iaf is one line naming where its traceback was saved (``--debug``
prints it). A ``--report`` folder is opened first, so every exit after it leaves a report that
says how the run ended.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from iaf import __version__
from iaf.errors import (
    COMMAND_CODES,
    EXIT_CODES,
    EXIT_FAIL,
    EXIT_INCONCLUSIVE,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_SIGINT,
    IafError,
    OutputError,
    Terminated,
    UsageError,
    outcome,
)

# the generating models and the locales each exists for: only these, or all but these (tested
# against the simulators)
MODELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "faithful": ("all but", ()),
    "card-independence": ("all but", ("de_DE", "en_GB", "fr_FR", "pt_BR")),
    "main-effects": ("only", ("ko_KR",)),
    "sex-independent": ("all but", ("en_US", "ko_KR"))}


def _say(*parts: object) -> None:
    """Print to stdout; a reader that went away (``iaf audit | head``) silences the rest of
    the output instead of raising: the reports are written and the exit code stands."""
    try:
        print(*parts, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:  # a full disk or a device that fails (>/dev/full): not iaf's bug
        raise OutputError(f"cannot write to standard output ({exc.strerror})",
                          path="<stdout>") from None


class _Progress:
    """Progress of each stage of an audit on stderr: a tqdm bar per stage on a terminal
    (rows scanned, footprints evaluated), a closing line per stage otherwise."""

    UNITS = {"scan": "rows", "evaluate": "footprints"}

    def __init__(self, label: str, quiet: bool) -> None:
        self.label, self.quiet = label, quiet
        self.tty = sys.stderr.isatty()
        self.bar: Any = None
        self.stage = ""
        self.start = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        if stage != self.stage:
            self.close()
            self.stage, self.start = stage, time.perf_counter()
            if self.tty:
                from tqdm import tqdm  # noqa: PLC0415 - only for an audit on a terminal

                self.bar = tqdm(total=total, desc=f"{self.label}: {stage}", file=sys.stderr,
                                unit=self.UNITS.get(stage, ""), leave=False)
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
        elif done == total:
            word = {"scan": "scanned", "evaluate": "evaluated"}.get(stage, stage)
            unit = self.UNITS.get(stage, "")
            print(f"{word} {self.label}: {total:,} {unit[:-1] if total == 1 else unit} in "
                  f"{time.perf_counter() - self.start:.1f} s", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


@contextmanager
def _progress(label: str, quiet: bool) -> Iterator[_Progress]:
    """A stage's progress on stderr, its bar closed however the stage ends."""
    progress = _Progress(label, quiet)
    try:
        yield progress
    finally:
        progress.close()


@contextmanager
def _reporting(outputs: Any, page: Callable[[dict], str], context: dict[str, Any]
               ) -> Iterator[None]:
    """Whatever ends the run early (an error, an interrupt, a bug) leaves ``outputs`` saying
    so, with the command, release and locale it was about."""
    try:
        yield
        if _SIGNALS:  # a signal whose interrupt was swallowed (an optional import's except)
            raise _SIGNALS[0]
    except BaseException as raised:
        error = _signalled(raised)
        if outputs is not None:
            status, code = outcome(error)
            text = "".join(traceback.format_exception(error)) if code == EXIT_INTERNAL else ""
            stopped = {"type": type(error).__name__, "exit_code": code,
                       "message": str(error) or type(error).__name__, **context}
            try:
                outputs.stop(status, stopped, page, text)
            except IafError:
                pass  # the folder cannot take the error report: the exit code still says it
        raise


def _context(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """What an error report says the run was: its command, release, locale and baseline."""
    paths = getattr(args, "release", None) or getattr(args, "new", None) or []
    baseline = getattr(args, "baseline", None)
    default = "the baseline report's, else the catalogue's" if baseline else "the catalogue's"
    return {"command": command, "release": [str(p) for p in paths] or ["the embedded demo"],
            "locale": args.locale or f"not given: {default}",
            **({"baseline": str(baseline)} if baseline else {})}


def _page(document: dict) -> str:
    from iaf.report.html import audit_html  # noqa: PLC0415  (matplotlib: only when writing)

    return audit_html(document)


def _catalogue(args: argparse.Namespace) -> Any:
    from iaf.catalogue import Catalogue  # noqa: PLC0415 - keeps `iaf --help` fast

    return Catalogue(_existing(args.catalogue)) if args.catalogue else Catalogue.shipped()


def _existing(folder: Path) -> Path:
    """A catalogue folder given: one that does not exist is a wrong path (exit 2), not a broken
    catalogue (3)."""
    if not folder.exists():
        raise UsageError(f"Catalogue folder does not exist: {folder}")
    return folder


def _locales(catalogue: Any, text: str) -> list[str]:
    names = catalogue.locales() if text == "all" else [t.strip() for t in text.split(",")
                                                       if t.strip()]
    return [catalogue.check_locale(n) for n in names]


def _chosen(args: argparse.Namespace, catalogue: Any, locale: str) -> list[str] | None:
    """The footprints to audit: --footprint, less --exclude (an unknown id is a usage error;
    ids as `iaf footprints` lists them, ``ko_KR/...``, are taken too)."""
    entry = catalogue.locale(locale)
    chosen = entry.footprint_ids(args.footprint) if args.footprint else None
    excluded = entry.footprint_ids(args.exclude or [])
    if not excluded:
        return chosen
    return [f for f in (chosen or [f.id for f in entry.footprints]) if f not in excluded]


def _audit_one(args: argparse.Namespace, catalogue: Any, locale: str, drawing: Any) -> Any:
    from iaf.runner import prepare  # noqa: PLC0415
    from iaf.simulators.demo import demo_label, demo_release  # noqa: PLC0415

    if args.release:
        paths, label = args.release, ""
    else:
        if not args.quiet:
            print(f"building the embedded demo: {demo_label(locale)}", file=sys.stderr)
        paths, label = [demo_release(locale)], demo_label(locale)
    with _progress(label or f"{locale} release", args.quiet) as progress:
        return prepare(paths, locale, _chosen(args, catalogue, locale), catalogue=catalogue,
                       on_progress=progress, label=label, allow_partial=args.allow_partial,
                       eager=True, allow_new_values=args.allow_new_values,
                       on_evaluated=_drawer(drawing, locale) if drawing else None,
                       engine=args.engine).result()


def _drawer(drawing: Any, locale: str) -> Callable[[str, Any], None]:
    """The on_evaluated hook that hands each primary figure, exactly as report.json will hold
    it (rounded), to the drawing child: the page is the bytes any renderer gives."""
    from iaf.report.document import clean, figure_doc  # noqa: PLC0415

    def hand(footprint_id: str, evaluated: Any) -> None:
        drawn = figure_doc(evaluated.figure)
        if drawn is not None:
            drawing.add(f"{locale}/{footprint_id}", clean(drawn))
    return hand


def _recorded(args: argparse.Namespace, catalogue: Any, given: list[str] | None
              ) -> tuple[str, ...]:
    """Footprint ids as the gate records them: ``ko_KR/...`` for one locale's audit (the
    blocking list's form), as given for several."""
    locales = _locales(catalogue, args.locale)
    if len(locales) != 1:
        return tuple(given or ())
    ids = catalogue.locale(locales[0]).footprint_ids(given or [])
    return tuple(f"{locales[0]}/{i}" for i in ids)


def _options(args: argparse.Namespace, catalogue: Any, strict: bool, baseline: str = "") -> Any:
    from iaf.gate import GateOptions  # noqa: PLC0415

    notes = () if baseline or args.command != "gate" else (
        "first release: no baseline report was given, so it is gated by its audit alone",)
    return GateOptions(strict=strict, excluded=_recorded(args, catalogue, args.exclude),
                       selected=_recorded(args, catalogue, args.footprint),
                       allow_partial=args.allow_partial,
                       allow_new_values=args.allow_new_values,
                       catalogue_digest=catalogue.digest(), baseline=baseline, notes=notes,
                       command=args.command)


def _audited(args: argparse.Namespace, outputs: Any, catalogue: Any = None
             ) -> tuple[Any, list, Any]:
    """The catalogue (``catalogue``, else the one args name), every locale's audit result, and
    the drawing child (plots for the page, drawn while the audit runs) when a page will be
    written."""
    from iaf import gx  # noqa: PLC0415 - light: it loads numpy and pandas on use

    gx.start()  # first: GX's seconds of imports overlap everything below, in a child
    from iaf.report.drawing import Drawing  # noqa: PLC0415
    catalogue = catalogue or _catalogue(args)
    if args.locale is None:
        args.locale = catalogue.default_locale()
    locales = _locales(catalogue, args.locale)
    if args.release and len(locales) != 1:
        raise UsageError("A release has one locale: give a single --locale with RELEASE")
    for locale in locales:  # a broken catalogue stops the run before any release is read
        catalogue.locale(locale)
    if not args.release:
        locales = _with_demos(locales)
    drawing = Drawing() if outputs else None
    try:
        return catalogue, [_audit_one(args, catalogue, loc, drawing) for loc in locales], drawing
    except BaseException:
        if drawing:
            drawing.close()
        raise


def _with_demos(locales: list[str]) -> list[str]:
    """The locales that have an embedded demo; the others are skipped with a note (a locale
    of one's own, from iaf init, has no generating model: give its release)."""
    from iaf.simulators.demo import DEMOS  # noqa: PLC0415

    kept = [loc for loc in locales if loc in DEMOS]
    for locale in (loc for loc in locales if loc not in DEMOS):
        print(f"iaf: {locale} has no embedded demo release (no generating model): skipped; "
              f"audit a release of it with iaf audit RELEASE --locale {locale}", file=sys.stderr)
    if not kept:
        raise UsageError(f"No embedded demo release for {', '.join(locales)}: give the release "
                         f"to audit (iaf audit RELEASE --locale {locales[0]}). Demos: "
                         f"{', '.join(DEMOS)}")
    return kept


def _drawn(drawing: Any, document: Any) -> dict[str, str]:
    """Every plot the drawing child drew, the locales' overviews (drawn last) included."""
    from iaf.report.document import clean  # noqa: PLC0415
    from iaf.report.html import overview_figure  # noqa: PLC0415

    if drawing is None:
        return {}
    for release in document["releases"]:
        locale = release["locale"]
        figure = overview_figure([r for r in document["footprints"] if r["locale"] == locale])
        if figure is not None:
            drawing.add(f"{locale}/@overview", clean(figure))
    return drawing.result()


def _print_audit(document: Any, results: list) -> None:
    from iaf.report import inert, text  # noqa: PLC0415

    _say(text.verdict_table(document["footprints"]))
    for result in results:
        if result.revision_note:
            _say(f"\n{result.release.locale}: {inert.terminal(result.revision_note)}")
    _say("\n" + text.totals(document["summary"]))
    if len(results) > 1:
        _say("\nCross-locale comparison (flagged cells grow with a taxonomy's cardinality and "
             "rho falls with sampling noise; compare the dependence lost, rho against a "
             "faithful release of the same size, and the ISCO-08 pooled columns)\n")
        _say(text.comparison_table(document["comparison"]))


def _audit(args: argparse.Namespace) -> int:
    from iaf.gate import decide, sentence  # noqa: PLC0415
    from iaf.report import document as doc  # noqa: PLC0415
    from iaf.report.markdown import to_markdown  # noqa: PLC0415
    from iaf.report.outputs import ReportFolder  # noqa: PLC0415

    outputs = ReportFolder(args.report) if args.report else None  # first: checked, marked
    with _reporting(outputs, _page, _context(args, "audit")):
        catalogue, results, drawing = _audited(args, outputs)
        document = doc.build(results)
        document["gate"] = decide(document["footprints"], _options(args, catalogue, args.strict))
        _print_audit(document, results)
        if args.strict or document["gate"]["decision"] != "pass":
            _say(sentence(document["gate"]))
        if outputs:
            from iaf.report.html import audit_html  # noqa: PLC0415

            svgs = _drawn(drawing, document)
            outputs.write(dict(document), {"report.md": to_markdown,
                                           "report.html": lambda d: audit_html(d, svgs)})
            _say(f"wrote {outputs.folder / 'report.json'}, report.md and report.html")
        return document["gate"]["exit_code"]


def _where(rule: str, locales: tuple[str, ...]) -> str:
    """A model's locales as --help says them (MODELS)."""
    if not locales:
        return "every locale"
    return " ".join(["all but"] * (rule == "all but") + [", ".join(locales)])


def _given(what: str, convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """An option's type: its value converted, an empty one (a CI variable that was not set)
    refused rather than read as the current folder or the default locale."""
    def parse(text: str) -> Any:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"an empty {what} (a variable that was not set?)")
        return convert(text)
    return parse


_path, _named = _given("path", Path), _given("locale", str)


def _one_locale(catalogue: Any, text: str) -> str:
    """The one locale a release is audited as (a gate's or a diff's --locale)."""
    if "," in text or text == "all":
        raise UsageError("A release has one locale: give a single --locale with RELEASE")
    return str(catalogue.check_locale(text))


def _gate(args: argparse.Namespace) -> int:
    """The audit under --strict, and the diff against the last version's report when given:
    one folder of artefacts, one decision."""
    from iaf import compare, gx  # noqa: PLC0415
    from iaf.gate import decide, sentence  # noqa: PLC0415
    from iaf.report import document as doc  # noqa: PLC0415
    from iaf.report import text  # noqa: PLC0415
    from iaf.report.html import audit_html, diff_html  # noqa: PLC0415
    from iaf.report.markdown import diff_markdown, to_markdown  # noqa: PLC0415
    from iaf.report.outputs import AUDIT, DIFF, ReportFolder  # noqa: PLC0415

    siblings = AUDIT[1] + ((DIFF[0], *DIFF[1]) if args.baseline else ())
    outputs = ReportFolder(args.out, AUDIT[0], siblings, reads=args.baseline, option="--out")
    with _reporting(outputs, _page, _context(args, "gate")):
        gx.start()  # GX's import overlaps a baseline release's audit too
        catalogue = _catalogue(args)
        told = _one_locale(catalogue, args.locale) if args.locale else None
        # the baseline first: an unusable report stops the gate before the release is scanned
        with _progress("baseline release", args.quiet) as progress, \
                compare.side("the baseline", args.baseline or []):
            baseline = (compare.baseline(args.baseline, told or catalogue.default_locale(),
                                         catalogue, allow_partial=args.allow_partial_baseline,
                                         on_progress=progress)
                        if args.baseline else None)
        args.locale = compare.run_locale(catalogue, told, baseline, args.baseline)
        catalogue, results, drawing = _audited(args, outputs, catalogue)
        document = doc.build(results)
        options = _options(args, catalogue, True, str(args.baseline or ""))
        selection = {"selected": options.selected, "excluded": options.excluded}
        changes = compare.compare(baseline, compare.as_read(results), args.locale,
                                  selection) if baseline is not None else None
        regressed = sorted({f"{args.locale}/{c.footprint}" if c.footprint else "(release)"
                            for c in changes.changes if c.regression}) if changes else None
        document["gate"] = decide(document["footprints"], options, regressed)
        _print_audit(document, results)
        if changes is not None:
            _say("\n" + text.diff_table(changes) + "\n\n" + text.diff_summary(changes))
        _say("\n" + sentence(document["gate"]))
        svgs = _drawn(drawing, document)
        render = {"report.md": to_markdown, "report.html": lambda d: audit_html(d, svgs)}
        if changes is not None:
            render |= {"diff.json": lambda d: doc.diff_json(changes, d["run"]),
                       "diff.md": lambda d: diff_markdown(changes, d["run"]),
                       "diff.html": lambda d: diff_html({**doc.diff_document(changes),
                                                         "run": d["run"]})}
        outputs.write(dict(document), render)
        _say(f"wrote {outputs.folder}/: {', '.join(('report.json', *siblings))}")
        return document["gate"]["exit_code"]


def _diff(args: argparse.Namespace) -> int:
    from iaf import compare, gx  # noqa: PLC0415
    from iaf.report import document as doc  # noqa: PLC0415
    from iaf.report import text  # noqa: PLC0415
    from iaf.report.html import diff_html  # noqa: PLC0415
    from iaf.report.markdown import diff_markdown  # noqa: PLC0415
    from iaf.report.outputs import DIFF, ReportFolder  # noqa: PLC0415

    outputs = ReportFolder(args.report, *DIFF, reads=args.baseline) if args.report else None
    with _reporting(outputs, _page, _context(args, "diff")):
        gx.start()
        catalogue = _catalogue(args)
        compare.check_new_side(args.new)
        told = _one_locale(catalogue, args.locale) if args.locale else None
        fallback = catalogue.default_locale()  # as audit's
        with _progress("baseline release", args.quiet) as progress, \
                compare.side("the baseline", args.baseline):
            base = compare.baseline(args.baseline, told or fallback, catalogue,
                                    allow_partial=args.allow_partial_baseline,
                                    partial_shards=args.allow_partial, on_progress=progress)
        locale = compare.run_locale(catalogue, told, base, args.baseline)
        with _progress("new release", args.quiet) as progress, \
                compare.side("the new release", args.new):
            new = compare.audited(args.new, locale, catalogue, allow_partial=args.allow_partial,
                                  on_progress=progress)
        result = compare.compare(base, new, locale)
        _say(text.diff_table(result))
        _say("\n" + text.diff_summary(result))
        if outputs:
            outputs.write(doc.diff_document(result), {
                "diff.md": lambda d: diff_markdown(result, d["run"]), "diff.html": diff_html})
            _say(f"wrote {outputs.folder / 'diff.json'}, diff.md and diff.html")
        return EXIT_FAIL if result.regressed else EXIT_OK


def _simulate(args: argparse.Namespace) -> int:
    from iaf.simulators.build import build_release  # noqa: PLC0415

    paths = build_release(args.locale, args.out, args.rows, args.seed, args.model, args.shards,
                          args.text_chars, args.overwrite)
    _say(f"wrote {len(paths)} shard(s), {args.rows:,} rows, under {args.out / 'data'}")
    return EXIT_OK


def _footprints(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args)
    _say(f"{'footprint':40} {'kind':13} {'columns':40} references")
    for locale in _locales(catalogue, args.locale or catalogue.default_locale()):
        for fp in catalogue.locale(locale).footprints:
            refs = f"unevaluable: {fp.unevaluable[:60]}…" if fp.unevaluable \
                else ", ".join(fp.references)
            _say(f"{fp.test_id:40} {fp.kind.value:13} {','.join(fp.attributes):40} {refs}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args)
    locales = _locales(catalogue, args.locale)
    for locale in locales:  # export only a catalogue that loads
        catalogue.locale(locale)
    folder = catalogue.export(args.folder, locales if args.locale != "all" else None)
    _say(f"wrote the {catalogue.label} catalogue ({', '.join(locales)}) to {folder}")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from iaf.catalogue.inference import infer  # noqa: PLC0415
    from iaf.catalogue.scaffold import Card, scaffold  # noqa: PLC0415

    inferred = infer(args.release, args.split)
    card = Card(args.card or "", args.revision or "", tuple(args.sentence or ()))
    done = scaffold(inferred, args.locale, args.out, card, args.release_name or "")
    closed = sum(c.closed for c in inferred.columns)
    _say(f"inferred {len(inferred.columns)} columns of {inferred.rows:,} rows ({closed} with a "
         f"closed value list) and planned {len(done.planned)} footprints, each unevaluable "
         f"until a reference is attached; wrote {done.folder}")
    nulls = [f"{c.name} ({c.nulls:,})" for c in inferred.columns
             if c.nulls and c.kind.value == "demographic"]
    if nulls:  # said here too: the audit refuses them (exit 2)
        _say(f"note: nulls in {', '.join(nulls)}; an audit refuses nulls in the columns a "
             "footprint reads: write the missing value as a category of its own first")
    _say(f"next: read {done.folder / 'README.md'}, then iaf audit RELEASE --locale "
         f"{args.locale} --catalogue {done.folder}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from iaf.catalogue.catalogue import Catalogue  # noqa: PLC0415
    from iaf.catalogue.check import check  # noqa: PLC0415
    from iaf.errors import EXIT_BROKEN_SUITE  # noqa: PLC0415
    from iaf.report import inert  # noqa: PLC0415

    if args.folder and args.catalogue and args.folder.resolve() != args.catalogue.resolve():
        raise UsageError(f"Two catalogues named: {args.folder} and --catalogue "
                         f"{args.catalogue}; give one")
    folder = args.folder or args.catalogue
    root = _existing(folder) if folder else Catalogue.shipped().root
    locales = None if args.locale == "all" else [t.strip() for t in args.locale.split(",")]
    result = check(root, locales)
    for line in result.lines():
        _say(inert.terminal(line, 2_000))
    return EXIT_OK if result.ok else EXIT_BROKEN_SUITE


def _epilog(command: str = "", left_out: tuple[int, ...] = (), done: bool = False) -> str:
    """The exit codes ``command`` can end with, in its own words (``done``: 0 says only that
    it was done)."""
    own = COMMAND_CODES.get(command, {})
    texts = {code: own.get(code, text) for code, text in EXIT_CODES.items()
             if code not in left_out}
    return "exit codes:\n" + "\n".join(
        f"  {code:>3}  {'done' if done and code == EXIT_OK else text}"
        for code, text in texts.items() if text is not None)


EPILOG = _epilog()
EPILOGS = {name: _epilog(name) for name in COMMAND_CODES}
# the commands that judge no release: done, or why not
TOOL_EPILOG = _epilog(left_out=(EXIT_FAIL, EXIT_INCONCLUSIVE), done=True)


def _with_catalogue(command: argparse.ArgumentParser) -> None:
    command.add_argument("--catalogue", type=_path, metavar="DIR",
                         help="use the catalogue in DIR (references/ and expectations/, as "
                              "written by 'iaf catalogue export') instead of the shipped one")


def _with_audit_options(command: argparse.ArgumentParser, gate: bool) -> None:
    """The options audit and gate share (a gate's --strict is always on)."""
    command.add_argument("--footprint", action="append", metavar="ID",
                         help="audit only this footprint (repeatable)")
    command.add_argument("--exclude", action="append", metavar="ID",
                         help="leave this footprint out (repeatable)")
    command.add_argument("--strict", action="store_true",
                         help="an inconclusive footprint (this release too small to settle "
                              "it) blocks the run with exit 4, as does a run that settled none; "
                              "unevaluable ones (no reference) are listed" if not gate else
                              "always on: a gate is strict (accepted, so that an audit's "
                              "options carry over)")
    command.add_argument("--allow-partial", action="store_true",
                         help="audit a release whose -of-N shards are not all present")
    command.add_argument("--allow-new-values", action="store_true",
                         help="admit values outside a closed value list (a new version's new "
                              "category strings): reported, and unmapped for the crosswalks")
    command.add_argument("--engine", choices=("arrow", "spark"), default="arrow",
                         help="what counts the release: arrow (embedded, the default) or spark "
                              "(pyspark and Java: pytest-iaf[spark]; the cluster from "
                              "IAF_SPARK_MASTER or Spark's own configuration); the same verdicts "
                              "either way")
    command.add_argument("--quiet", action="store_true", help="no progress output")
    _with_catalogue(command)


def _command(sub: Any, name: str, run: Callable[[argparse.Namespace], int], text: str,
             common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    command = sub.add_parser(name, help=text, description=text, parents=[common],
                             epilog=EPILOGS.get(name, TOOL_EPILOG),
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    command.set_defaults(run=run, command=name)
    return command


def _audit_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    audit = _command(sub, "audit", _audit, "audit a release (or the embedded demo)", common)
    audit.add_argument("release", nargs="*", type=_path,
                       help="the release: a folder, parquet file(s); omit for the embedded demo")
    audit.add_argument("--locale", type=_named, default=None,
                       help="locale of the release (default: the catalogue's only locale, else "
                            "ko_KR); without RELEASE, a comma-separated list or 'all' audits "
                            "the demos (locales without one are skipped with a note)")
    audit.add_argument("--report", type=_path, metavar="DIR",
                       help="write report.json, report.md and report.html to DIR")
    _with_audit_options(audit, gate=False)
    gate = _command(sub, "gate", _gate, "gate a release for publication: the strict audit "
                    "and, given the last version's report, the diff; one folder, one decision",
                    common)
    gate.add_argument("release", nargs="+", type=_path, help="the release: a folder, file(s)")
    gate.add_argument("--locale", type=_named,
                      help="locale of the release (default: the baseline report's, "
                           "else the catalogue's only locale, else ko_KR)")
    gate.add_argument("--baseline", type=_path, metavar="REPORT",
                      help="the last published version's report.json (omit for a first "
                           "release: it is gated by its audit alone)")
    gate.add_argument("--allow-partial-baseline", action="store_true",
                      help="accept a baseline report whose status is partial")
    gate.add_argument("--out", type=_path, metavar="DIR", required=True,
                      help="write report.json (the decision), report.md, report.html and, "
                           "with a baseline, diff.json, diff.md, diff.html to DIR")
    _with_audit_options(gate, gate=True)


def _diff_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    diff = _command(sub, "diff", _diff, "compare a new release with the last (or its report)",
                    common)
    diff.add_argument("baseline", type=_path,
                      help="the previous release (folder or file) or its report.json")
    diff.add_argument("new", type=_path, nargs="+", help="the new release (folder or files)")
    diff.add_argument("--locale", type=_named,
                      help="locale of both (default: the baseline report's, else "
                           "the catalogue's only locale, else ko_KR)")
    diff.add_argument("--report", type=_path, metavar="DIR",
                      help="write diff.json, diff.md and diff.html to DIR")
    diff.add_argument("--allow-partial-baseline", action="store_true",
                      help="accept a baseline report whose status is partial")
    diff.add_argument("--allow-partial", action="store_true",
                      help="audit a release whose -of-N shards are not all present")
    diff.add_argument("--quiet", action="store_true", help="no progress output")
    _with_catalogue(diff)


def _other_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    simulate = _command(sub, "simulate", _simulate,
                        "generate a release in the Hugging Face layout", common)
    simulate.add_argument("out", type=_path, help="folder to write (data/<split>-*.parquet)")
    simulate.add_argument("--locale", type=_named,
                          default="ko_KR", help="locale to generate (default ko_KR)")
    simulate.add_argument("--rows", type=int, default=100_000, help="rows (default 100000)")
    simulate.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    simulate.add_argument("--model", default="faithful",
                          help="generating model (default faithful): "
                               + ", ".join(f"{name} ({_where(*where)})"
                                           for name, where in MODELS.items())
                               + "; an unknown name lists the locale's own")
    simulate.add_argument("--shards", type=int, default=1, help="parquet shards (default 1)")
    simulate.add_argument("--text-chars", type=int, default=0,
                          help="mean length of the text columns in random syllables "
                               "(0: a short template)")
    simulate.add_argument("--overwrite", action="store_true",
                          help="replace the parquet files already in OUT/data")
    footprints = _command(sub, "footprints", _footprints,
                          "list a locale's footprints: id, kind, columns, references", common)
    footprints.add_argument("--locale", type=_named,
                            help="a locale, a list, or 'all' (default: the "
                                 "catalogue's only locale, else ko_KR)")
    _with_catalogue(footprints)
    catalogue = sub.add_parser("catalogue", help="work with catalogues", parents=[common])
    catalogue_sub = catalogue.add_subparsers(dest="action", required=True)
    export = _command(catalogue_sub, "export", _export,
                      "write the catalogue (or one locale of it) to DIR, to edit", common)
    export.add_argument("folder", type=_path, metavar="DIR", help="a new or empty folder")
    export.add_argument("--locale", type=_named,
                        default="all", help="a locale, a list, or 'all' (default)")
    _with_catalogue(export)
    _init_parsers(sub, catalogue_sub, common)


def _init_parsers(sub: Any, catalogue_sub: Any, common: argparse.ArgumentParser) -> None:
    check = _command(catalogue_sub, "check", _check, "explain every problem of a catalogue at "
                     "once (every locale, its card sentences against the recipe)", common)
    check.add_argument("folder", type=_path, metavar="DIR", nargs="?",
                       help="the catalogue (default: the shipped one)")
    check.add_argument("--locale", type=_named,
                       default="all", help="a locale, a list, or 'all' (default)")
    check.add_argument("--catalogue", type=_path, metavar="DIR",
                       help="the same as DIR, as the other commands take it")
    init = _command(sub, "init", _init, "write a catalogue for a release iaf has never seen: "
                    "its schema, a footprint per column and card sentence (no reference yet)",
                    common)
    init.add_argument("release", nargs="+", type=_path,
                      help="the release: a folder, parquet file(s)")
    init.add_argument("out", type=_path, metavar="OUT", help="a new or empty folder")
    init.add_argument("--locale", type=_named,
                      required=True, help="the locale to declare, e.g. de_DE")
    init.add_argument("--sentence", action="append", metavar="TEXT",
                      help="a card sentence with the release's column names, e.g. 'occupation "
                           "independent of education_level given region, sex' (repeatable)")
    init.add_argument("--card", metavar="URL", help="the dataset card's address")
    init.add_argument("--revision", help="the card's revision")
    init.add_argument("--split", help="the split to read when the release holds several")
    init.add_argument("--release-name", help="what schema.json calls the release (default: "
                                             "the release folder's name)")


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="print the traceback of an internal error")
    top = argparse.ArgumentParser(prog="iaf", description=(__doc__ or "iaf").splitlines()[0],
                                  epilog=EPILOG, parents=[common],
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"iaf {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    _audit_parsers(sub, common)
    _diff_parser(sub, common)
    _other_parsers(sub, common)
    return top


def _saved_traceback(error: BaseException, args: argparse.Namespace) -> str:
    """Where the traceback of an internal error is: beside the report, else a new temp file."""
    from iaf.report.outputs import TRACEBACK  # noqa: PLC0415

    folder = getattr(args, "report", None) or getattr(args, "out", None)
    try:
        if folder and (Path(folder) / TRACEBACK).is_file():
            return str(Path(folder) / TRACEBACK)
    except OSError:  # a path no file can have (a name too long): a temp file, then
        pass
    handle, path = tempfile.mkstemp(prefix="iaf-traceback-", suffix=".txt")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("".join(traceback.format_exception(error)))
    return path


def _ended(error: BaseException, args: argparse.Namespace) -> int:
    """One line on stderr for how the run ended, and its exit code."""
    from iaf.report import inert  # noqa: PLC0415

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt this
    _, code = outcome(error)
    if code == EXIT_INTERNAL:
        where = _saved_traceback(error, args)
        print(f"iaf: internal error, a bug in iaf (please report it): {type(error).__name__}: "
              f"{inert.line(error, 300)}\n  traceback saved to {where}"
              + ("" if getattr(args, "debug", False) else " (--debug prints it)"),
              file=sys.stderr)
        if getattr(args, "debug", False):
            traceback.print_exception(error)
    elif isinstance(error, (KeyboardInterrupt, Terminated)):
        word = "interrupted" if code == EXIT_SIGINT else "terminated"
        left = {"audit": "; no verdicts were recorded", "gate": "; no verdicts were recorded",
                "diff": "; nothing was compared",
                "simulate": "; the release is incomplete (again with --overwrite to write it "
                            "whole)"}.get(getattr(args, "command", ""), "")
        print(f"iaf: {word}{left}", file=sys.stderr)
    else:
        print(f"iaf: error: {inert.terminal(error, 20_000)}", file=sys.stderr)
    return code


_SIGNALS: list[BaseException] = []  # the interrupts signals raised in this run


def _terminate(signum: int, frame: object) -> None:
    _SIGNALS.append(Terminated())
    raise _SIGNALS[-1]


def _interrupt(signum: int, frame: object) -> None:
    _SIGNALS.append(KeyboardInterrupt())
    raise _SIGNALS[-1]


def _signalled(error: BaseException) -> BaseException:
    """The interrupt a signal raised, whatever surfaced in its place: raised inside a C
    extension's import (numpy's), it comes out as that import's ImportError."""
    return _SIGNALS[0] if _SIGNALS else error


def _printable() -> None:
    """Text the terminal's encoding lacks (Hangul under PYTHONIOENCODING=ascii or LC_ALL=C
    without UTF-8 mode) is printed escaped, and a stream the shell closed (``2>&-``, which
    Python makes None) is written to nowhere: either ended a finished audit, exit 70."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        elif isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _printable()
    # matplotlib logs, past --quiet, that it made a temporary cache folder when HOME cannot
    # be written: nothing the reader of an audit can act on, and the plots are the same
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    args = parser().parse_args(argv)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    _SIGNALS.clear()
    try:
        signal.signal(signal.SIGTERM, _terminate)
        if handlers[signal.SIGINT] is signal.default_int_handler:  # Python's own: the same,
            signal.signal(signal.SIGINT, _interrupt)  # and remembered
    except ValueError:  # not the main thread (an embedding program): its handlers stand
        pass
    try:
        if sys.flags.optimize >= 2:  # docstrings stripped: GX's dependencies fail at import
            raise UsageError("iaf cannot run under python -OO (PYTHONOPTIMIZE=2): Great "
                             "Expectations' dependencies read their own docstrings, which it "
                             "strips; unset PYTHONOPTIMIZE or set it to 1")
        code = args.run(args)
        if _SIGNALS:  # a signal whose interrupt was swallowed (an optional import's except)
            raise _SIGNALS[0]
        return code
    except (Exception, KeyboardInterrupt, Terminated) as error:
        return _ended(_signalled(error), args)
    finally:
        for number, handler in handlers.items():
            try:
                signal.signal(number, handler)
            except (ValueError, TypeError):
                pass


if __name__ == "__main__":
    sys.exit(main())
