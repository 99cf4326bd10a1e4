"""The command line: iaf audit, iaf diff, iaf simulate, iaf footprints, iaf catalogue export.

Glue only: parse, call the library, print, and map outcomes to exit codes: 0 every footprint
passed, 1 one failed (or, with --strict, was inconclusive), 2 unusable input or output (the
message names the file, column and values), 3 the catalogue is broken.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from iaf import __version__
from iaf.errors import EXIT_FAIL, EXIT_OK, IafError, ReleaseError, UsageError


def _say(*parts: object) -> None:
    """Print to stdout; a reader that went away (``iaf audit | head``) silences the rest of
    the output instead of raising: the reports are written and the exit code stands."""
    try:
        print(*parts, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


class _Progress:
    """Progress of each stage of an audit on stderr: a tqdm bar per stage on a terminal
    (rows scanned, footprints evaluated), a closing line per stage otherwise."""

    UNITS = {"scan": "rows", "evaluate": "footprints"}

    def __init__(self, label: str, quiet: bool) -> None:
        self.label, self.quiet = label, quiet
        self.tty = sys.stderr.isatty()
        self.bar = None
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
            print(f"{word} {self.label}: {total:,} {self.UNITS.get(stage, '')} in "
                  f"{time.perf_counter() - self.start:.1f} s", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _catalogue(args: argparse.Namespace):
    from iaf.catalogue import Catalogue  # noqa: PLC0415 - keeps `iaf --help` fast

    return Catalogue(args.catalogue) if args.catalogue else Catalogue.shipped()


def _locales(catalogue, text: str) -> list[str]:
    names = catalogue.locales() if text == "all" else [t.strip() for t in text.split(",")
                                                       if t.strip()]
    return [catalogue.check_locale(n) for n in names]


def _audit_one(args: argparse.Namespace, catalogue, locale: str, drawing):
    from iaf.runner import prepare  # noqa: PLC0415
    from iaf.simulators.demo import demo_label, demo_release  # noqa: PLC0415

    if args.release:
        paths, label = args.release, ""
    else:
        if not args.quiet:
            print(f"building the embedded demo: {demo_label(locale)}", file=sys.stderr)
        paths, label = [demo_release(locale)], demo_label(locale)
    progress = _Progress(label or f"{locale} release", args.quiet)
    chosen = args.footprint
    if args.exclude:
        known = [f.id for f in catalogue.locale(locale).footprints]
        catalogue.locale(locale).select(args.exclude)  # an unknown id is a usage error
        chosen = [f for f in (chosen or known) if f not in args.exclude]
    try:
        return prepare(paths, locale, chosen, catalogue=catalogue, on_progress=progress,
                       label=label, allow_partial=args.allow_partial, eager=True,
                       allow_new_values=args.allow_new_values,
                       on_evaluated=_drawer(drawing, locale) if drawing else None).result()
    except ReleaseError as error:
        raise _with_locale_hint(error, catalogue, locale) from None
    finally:
        progress.close()


def _drawer(drawing, locale: str):
    """The on_evaluated hook that hands each primary figure, exactly as report.json will hold
    it (rounded), to the drawing child: the page is the bytes any renderer gives."""
    from iaf import report  # noqa: PLC0415

    def hand(footprint_id: str, evaluated) -> None:
        drawn = report.figure_dict(evaluated.figure)
        if drawn is not None:
            figure = json.loads(report.dumps(drawn))
            drawing.add(f"{locale}/{footprint_id}", figure)
    return hand


def _with_locale_hint(error, catalogue, locale: str):
    """Missing columns usually mean the wrong --locale: name the locales whose schema has
    every column the release's files hold."""
    from iaf.errors import BadColumn  # noqa: PLC0415

    missing = [p for p in error.problems if p.message == "Required column missing"]
    if not missing or not missing[0].file:
        return error
    import pyarrow.parquet as pq  # noqa: PLC0415

    names = set(pq.read_schema(missing[0].file).names)
    likely = [other for other in catalogue.locales()
              if other != locale and set(catalogue.locale(other).schema.columns) >= names]
    if not likely:
        return error
    hint = BadColumn(f"The files hold every column of {', '.join(likely)}: give --locale "
                     f"{likely[0]}? (the audit ran as {locale})")
    return type(error)(problems=(*error.problems, hint))


def _audit(args: argparse.Namespace) -> int:
    from iaf import gx  # noqa: PLC0415

    gx.import_in_background()  # first: GX's seconds of imports overlap everything below
    from iaf import report  # noqa: PLC0415
    from iaf.report.drawing import Drawing  # noqa: PLC0415
    from iaf.report.outputs import ReportFolder  # noqa: PLC0415
    from iaf.results import Verdict  # noqa: PLC0415

    catalogue = _catalogue(args)
    locales = _locales(catalogue, args.locale)
    if args.release and len(locales) != 1:
        raise UsageError("A release has one locale: give a single --locale with RELEASE")
    outputs = ReportFolder(args.report) if args.report else None  # checked before the scan
    drawing = Drawing() if outputs else None  # report.html's plots, drawn on the other core
    try:
        results = [_audit_one(args, catalogue, locale, drawing) for locale in locales]
    except BaseException as error:
        if drawing:
            drawing.close()
        if outputs and isinstance(error, IafError):
            outputs.write_error(error)
        raise
    records = [r for result in results for r in result.records]
    _say(report.verdict_table(records))
    for result in results:
        if result.revision_note:
            _say(f"\n{result.release.locale}: {result.revision_note}")
    counts = report.summary(records)
    _say("\n" + ", ".join(f"{n} {v}" for v, n in counts.items()))
    if len(results) > 1:
        _say("\nCross-locale comparison (flagged cells grow with a taxonomy's cardinality and "
              "rho falls with sampling noise; compare the dependence lost, rho against a "
              "faithful release of the same size, and the ISCO-08 pooled columns)\n")
        _say(report.comparison_table(report.comparison(records)))
    if outputs:
        from iaf.report.html import audit_html  # noqa: PLC0415  (matplotlib: only when writing)

        text = report.to_json(results)
        outputs.write({"report.json": text, "report.md": report.to_markdown(results),
                       "report.html": audit_html(json.loads(text),
                                                 drawing.result() if drawing else {})})
        _say(f"wrote {outputs.folder / 'report.json'}, report.md and report.html")
    failed = counts[Verdict.FAIL.value] or (args.strict and counts[Verdict.INCONCLUSIVE.value])
    return EXIT_FAIL if failed else EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from iaf import compare, gx, report  # noqa: PLC0415
    from iaf.report.outputs import ReportFolder  # noqa: PLC0415

    gx.import_in_background()
    catalogue = _catalogue(args)
    locale = catalogue.check_locale(args.locale)
    outputs = ReportFolder(args.report) if args.report else None  # checked before the scans
    try:
        result = compare.compare(compare.baseline(args.baseline, locale, catalogue),
                                    compare.audited(args.new, locale, catalogue), locale)
    except IafError as error:
        if outputs:
            outputs.write_error(error)
        raise
    _say(report.diff_table(result))
    _say(f"\n{'REGRESSED' if result.regressed else 'no regression'}: "
          f"{sum(c.regression for c in result.changes)} regression(s), "
          f"{sum(c.kind == 'drift' for c in result.changes)} footprint(s) drifted beyond noise")
    if outputs:
        from iaf.report.html import diff_html  # noqa: PLC0415

        text = report.diff_json(result)
        outputs.write({"diff.json": text, "diff.md": report.diff_markdown(result),
                       "diff.html": diff_html(json.loads(text))})
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
    for locale in _locales(catalogue, args.locale):
        for fp in catalogue.locale(locale).footprints:
            refs = f"unevaluable: {fp.unevaluable[:60]}…" if fp.unevaluable \
                else ", ".join(fp.references)
            _say(f"{fp.test_id:40} {fp.kind.value:13} {','.join(fp.attributes):40} {refs}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args)
    for locale in catalogue.locales():  # export only a catalogue that loads
        catalogue.locale(locale)
    _say(f"wrote the {catalogue.label} catalogue to {catalogue.export(args.folder)}")
    return EXIT_OK


def _with_catalogue(command: argparse.ArgumentParser) -> None:
    command.add_argument("--catalogue", type=Path, metavar="DIR",
                         help="use the catalogue in DIR (references/ and expectations/, as "
                              "written by 'iaf catalogue export') instead of the shipped one")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="iaf", description=__doc__.splitlines()[0])
    top.add_argument("--version", action="version", version=f"iaf {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    audit = sub.add_parser("audit", help="audit a release (or the embedded demo)")
    audit.add_argument("release", nargs="*", type=Path,
                       help="parquet file(s) or a release folder; omit for the embedded demo")
    audit.add_argument("--locale", default="ko_KR",
                       help="locale of the release (default ko_KR); without RELEASE, a "
                            "comma-separated list or 'all' audits the demos")
    audit.add_argument("--report", type=Path, metavar="DIR",
                       help="write report.json and report.md to DIR")
    audit.add_argument("--footprint", action="append", metavar="ID",
                       help="audit only this footprint (repeatable)")
    audit.add_argument("--exclude", action="append", metavar="ID",
                       help="leave this footprint out (repeatable), e.g. one known to be "
                            "inconclusive, so that --strict can pass")
    audit.add_argument("--strict", action="store_true",
                       help="an inconclusive footprint fails the run")
    audit.add_argument("--allow-partial", action="store_true",
                       help="audit a release whose -of-N shards are not all present")
    audit.add_argument("--allow-new-values", action="store_true",
                       help="admit values outside a closed value list (a new version's new "
                            "category strings): reported, and unmapped for the crosswalks")
    audit.add_argument("--quiet", action="store_true", help="no progress output")
    _with_catalogue(audit)
    audit.set_defaults(run=_audit)
    diff = sub.add_parser("diff", help="compare a new release with the last (or its report)")
    diff.add_argument("baseline", type=Path,
                      help="the previous release (folder or file) or its report.json")
    diff.add_argument("new", type=Path, nargs="+", help="the new release (folder or files)")
    diff.add_argument("--locale", default="ko_KR", help="locale of both (default ko_KR)")
    diff.add_argument("--report", type=Path, metavar="DIR",
                      help="write diff.json and diff.md to DIR")
    _with_catalogue(diff)
    diff.set_defaults(run=_diff)
    simulate = sub.add_parser("simulate", help="generate a release in the Hugging Face layout")
    simulate.add_argument("out", type=Path, help="folder to write (data/<split>-*.parquet)")
    simulate.add_argument("--locale", default="ko_KR", help="locale to generate (default ko_KR)")
    simulate.add_argument("--rows", type=int, default=100_000, help="rows (default 100000)")
    simulate.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    simulate.add_argument("--model", default="faithful",
                          help="generating model: faithful or card-independence")
    simulate.add_argument("--shards", type=int, default=1, help="parquet shards (default 1)")
    simulate.add_argument("--text-chars", type=int, default=0,
                          help="mean length of the text columns in random syllables "
                               "(0: a short template)")
    simulate.add_argument("--overwrite", action="store_true",
                          help="replace the parquet files already in OUT/data")
    simulate.set_defaults(run=_simulate)
    footprints = sub.add_parser("footprints", help="list a locale's footprints")
    footprints.add_argument("--locale", default="ko_KR", help="a locale, a list, or 'all'")
    _with_catalogue(footprints)
    footprints.set_defaults(run=_footprints)
    catalogue = sub.add_parser("catalogue", help="work with catalogues")
    catalogue_sub = catalogue.add_subparsers(dest="action", required=True)
    export = catalogue_sub.add_parser("export", help="write the catalogue to DIR, to edit")
    export.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder")
    _with_catalogue(export)
    export.set_defaults(run=_export)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except IafError as error:
        print(f"iaf: error: {error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
