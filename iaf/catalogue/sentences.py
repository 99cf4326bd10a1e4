"""A dataset card's independence sentences, declared as data:
``references/<locale>/sentences.json``.

Each sentence is the structured reading of one disclosure of ``footprints.json`` (which keeps
the card's verbatim quote). Two forms cover the family's cards:

- ``independence``: "occupations are independent of X given Y" (en_US, ja_JP, en_IN, en_SG);
- ``no_interaction``: "A and B each act on the outcome, their interaction is not modelled"
  (ko_KR's sex, education and field of study).

``iaf.catalogue.recipe`` turns a sentence into footprints; ``iaf catalogue check`` verifies that
every footprint the recipe implies is declared. The loader of an audit never reads this file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from iaf.catalogue.problems import Problems
from iaf.errors import UsageError

FILE = "sentences.json"
SENTENCE_KEYS = {"disclosure", "form", "outcome", "independent_of", "given", "note"}
ROOT_KEYS = {"locale", "note", "sentences", "template"}
INDEPENDENCE = re.compile(r"^\s*(?P<outcome>\S+)\s+(?:(?:is|are)\s+)?independent\s+of\s+"
                          r"(?P<x>.+?)(?:\s+given\s+(?P<y>.+?))?\s*$", re.IGNORECASE)
NO_INTERACTION = re.compile(r"^\s*(?P<outcome>\S+)\s+depends?\s+on\s+(?P<x>.+?)\s+without\s+"
                            r"interactions?\s*$", re.IGNORECASE)


class Form(str, Enum):
    INDEPENDENCE = "independence"
    NO_INTERACTION = "no_interaction"


@dataclass(frozen=True)
class Sentence:
    """``outcome`` independent of ``independent_of`` given ``given`` (independence), or
    depending on each of ``independent_of`` without interaction (no_interaction)."""

    disclosure: str
    form: Form
    outcome: str
    independent_of: tuple[str, ...]
    given: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.outcome, *self.independent_of, *self.given)

    def entry(self) -> dict[str, Any]:
        """The sentence as ``sentences.json`` holds it."""
        out: dict[str, Any] = {"disclosure": self.disclosure, "form": self.form.value,
                               "outcome": self.outcome,
                               "independent_of": list(self.independent_of)}
        if self.given:
            out["given"] = list(self.given)
        return out


def _names(text: str | None) -> tuple[str, ...]:
    return tuple(n for n in re.split(r"\s*,\s*|\s+and\s+", (text or "").strip()) if n)


def parse(text: str, disclosure: str) -> Sentence:
    """A sentence written with release column names: "occupation independent of education_level
    given region, sex" or "occupation depends on sex, education_level without interaction"."""
    for form, pattern in ((Form.NO_INTERACTION, NO_INTERACTION),
                          (Form.INDEPENDENCE, INDEPENDENCE)):
        match = pattern.match(text)
        if match:
            given = _names(match.groupdict().get("y"))
            return Sentence(disclosure, form, match["outcome"], _names(match["x"]), given)
    raise UsageError(f"Cannot read the sentence {text!r}. Write it with the release's column "
                     "names: 'OUTCOME independent of X[, X2] [given Y[, Y2]]' or 'OUTCOME "
                     "depends on A, B without interaction'")


def _sentence(raw: Any, key: str, where: Path, problems: Problems) -> Sentence | None:
    if not isinstance(raw, dict):
        problems.add(where, key, f"must be an object, got {raw!r:.80}")
        return None
    before = len(problems.found)
    for name in sorted(set(raw) - SENTENCE_KEYS):
        problems.add(where, f"{key}.{name}", f"unknown key; a sentence takes "
                                             f"{', '.join(sorted(SENTENCE_KEYS))}")
    try:
        form = Form(raw.get("form"))
    except ValueError:
        problems.add(where, f"{key}.form", f"must be one of {[f.value for f in Form]}, got "
                                           f"{raw.get('form')!r:.80}")
        form = Form.INDEPENDENCE
    problems.typed(where, raw, ("disclosure", "outcome"), ("independent_of", "given"))
    if not raw.get("independent_of"):
        problems.add(where, f"{key}.independent_of", "name at least one release column")
    if form is Form.NO_INTERACTION and (raw.get("given") or len(raw.get("independent_of") or
                                                                 ()) < 2):
        problems.add(where, key, "a no_interaction sentence names two or more factors in "
                                 "independent_of and nothing in given")
    if len(problems.found) > before:
        return None
    return Sentence(raw["disclosure"], form, raw["outcome"], tuple(raw["independent_of"]),
                    tuple(raw.get("given", ())))


def load_sentences(directory: Path, problems: Problems) -> tuple[Sentence, ...]:
    """The sentences of ``directory/sentences.json`` (none when the file is absent), every
    defect noted."""
    where = directory / FILE
    if not where.exists():
        return ()
    raw = problems.read_json(where)
    if raw is None:
        return ()
    for name in sorted(set(raw) - ROOT_KEYS):
        problems.add(where, name, f"unknown key; {FILE} takes {', '.join(sorted(ROOT_KEYS))}")
    entries = raw.get("sentences", [])
    if not isinstance(entries, list):
        problems.add(where, "sentences", f"must be a list, got {entries!r:.80}")
        return ()
    built = (_sentence(e, f"sentences[{i}]", where, problems) for i, e in enumerate(entries))
    return tuple(s for s in built if s is not None)
