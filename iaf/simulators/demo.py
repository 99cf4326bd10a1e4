"""The embedded demo release: a small release in the real Hugging Face layout, built on demand.

It is generated deterministically by ``iaf.simulators.build`` from the reference tables (no
data file is shipped), into a temporary folder removed when the process exits. Where a
locale's card states an independence assumption that a reference can check (ko_KR, en_US), its
demo uses the card-independence model, so an audit of it shows what the assumption does to the
joints.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from iaf.errors import UsageError
from iaf.simulators.build import build_release


@dataclass(frozen=True)
class DemoSpec:
    rows: int
    seed: int
    model: str
    shards: int


DEMOS = {
    "ko_KR": DemoSpec(rows=40_000, seed=20260420, model="card-independence", shards=3),
    # the location joint is subtle per cell: fewer rows than this and sampling noise hides it
    "en_US": DemoSpec(rows=300_000, seed=20250601, model="card-independence", shards=2),
    # the rest: enough rows for occupation x sex to tell a fifth of its dependence lost from
    # noise (the suites' declared minimum effect); Singapore and Japan at their releases' sizes
    "en_SG": DemoSpec(rows=148_000, seed=20250601, model="card-independence", shards=1),
    "pt_BR": DemoSpec(rows=100_000, seed=20250601, model="faithful", shards=1),
    "fr_FR": DemoSpec(rows=100_000, seed=20250601, model="faithful", shards=1),
    "ja_JP": DemoSpec(rows=1_000_000, seed=20250601, model="card-independence", shards=2),
    "en_IN": DemoSpec(rows=300_000, seed=20250601, model="card-independence", shards=1),
    "hi_Deva_IN": DemoSpec(rows=300_000, seed=20250601, model="card-independence", shards=1),
    "hi_Latn_IN": DemoSpec(rows=300_000, seed=20250601, model="card-independence", shards=1),
    # no card text found: the faithful model (occupation x sex as ILOSTAT 2024 has it)
    "de_DE": DemoSpec(rows=100_000, seed=20250601, model="faithful", shards=1),
    "en_GB": DemoSpec(rows=100_000, seed=20250601, model="faithful", shards=1),
}
_BUILT: dict[str, Path] = {}


def demo_release(locale: str = "ko_KR") -> Path:
    """The folder of ``locale``'s embedded demo release (the one ``iaf audit`` audits when no
    release is given), built on first use in this process into a temporary folder removed
    when the process exits: ``iaf.audit(iaf.demo_release("ko_KR"), "ko_KR")``."""
    if not isinstance(locale, str) or locale not in DEMOS:
        raise UsageError(f"No embedded demo release for {locale!r}: give the release to audit "
                         f"(iaf audit RELEASE --locale {locale}). Demos: {', '.join(DEMOS)}")
    if locale not in _BUILT:
        spec = DEMOS[locale]
        root = Path(tempfile.mkdtemp(prefix="iaf-demo-"))
        atexit.register(shutil.rmtree, root, True)
        folder = root / f"demo-{locale}"
        build_release(locale, folder, spec.rows, spec.seed, spec.model, spec.shards)
        _BUILT[locale] = folder
    return _BUILT[locale]


def demo_label(locale: str) -> str:
    spec = DEMOS[locale]
    return f"iaf demo ({locale}, {spec.model} model, {spec.rows:,} rows, seed {spec.seed})"
