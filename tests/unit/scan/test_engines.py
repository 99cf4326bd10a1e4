"""Engine choice: the command line offers exactly the engines the scan has; an unknown one is a
usage error naming the valid ones."""

from __future__ import annotations

import pytest

from iaf.cli import parser
from iaf.errors import UsageError
from iaf.release import open_release
from iaf.scan import ENGINES, scan
from tests.helpers import SHIPPED


def test_the_command_line_offers_every_engine():
    for command in ("audit", "gate"):
        sub = parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
        engine = next(a for a in sub._actions if a.dest == "engine")
        assert tuple(engine.choices) == ENGINES and engine.default == "arrow"


def test_an_unknown_engine_is_a_usage_error(release_dir):
    schema = SHIPPED.locale("ko_KR").schema
    with pytest.raises(UsageError, match="Unknown scan engine 'duckdb'. Valid: arrow, spark"):
        scan(open_release([release_dir], schema, ["sex"]), schema, [("sex",)], engine="duckdb")
