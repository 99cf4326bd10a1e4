"""Generating models for the newer family locales, de_DE and en_GB, to their published field
lists (shared/releases/README.md, "Newer family locales").

faithful: the employed's ISCO-08 major group | sex from the locale's reference (ILOSTAT 2024), as
  the rest of the family draws it (iaf.simulators.family); within a group each release string is
  equally likely: a KldB 2010 code the Bundesagentur für Arbeit's correspondence sends there
  (de_DE ``occupation_kldb``, 5-digit strings) or the group's ISCO-08 title (en_GB, whose real
  strings are not known). 60% are employed (illustrative); the others have no occupation, written
  as an empty string (how the releases write it is not known).
sex-independent: the counterfactual of occupation x sex: each sex takes the pooled mix.
de_DE also: sex Weiblich / Männlich; ``region`` one of the 16 Länder (equally likely) and
  ``kreis_code`` its Land's 2-digit AGS prefix + "000" (a placeholder at Land level: no Kreis
  list is shipped); ``occupation`` a placeholder naming the code (the German titles are not
  known); ``employment_status`` says employed or not, as a placeholder. Every other column takes
  a known value at random or a placeholder (iaf.simulators.family._fill). No footprint reads
  them, and nothing here is a figure of the population.
"""

from __future__ import annotations

import numpy as np

from iaf.simulators import family

LOCALES = ("de_DE", "en_GB")
TABLE, GROUP = "occ_isco08_sex_ilostat_2024", "isco08_major"
CROSSWALKS = {"de_DE": "occupation_kldb_isco08", "en_GB": "occupation_isco08"}
AGS = {  # each Land's Amtlicher Gemeindeschlüssel prefix
    "Schleswig-Holstein": "01", "Hamburg": "02", "Niedersachsen": "03", "Bremen": "04",
    "Nordrhein-Westfalen": "05", "Hessen": "06", "Rheinland-Pfalz": "07",
    "Baden-Württemberg": "08", "Bayern": "09", "Saarland": "10", "Berlin": "11",
    "Brandenburg": "12", "Mecklenburg-Vorpommern": "13", "Sachsen": "14",
    "Sachsen-Anhalt": "15", "Thüringen": "16",
}
PLACEHOLDER = "(iaf placeholder)"


def _german(columns: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The family model draws KldB codes as ``occupation``: move them to ``occupation_kldb``
    and fill the columns derived from them and from the Land."""
    codes = columns["occupation"]
    employed = codes != ""
    out = dict(columns, occupation_kldb=codes)
    out["occupation"] = np.where(employed, np.char.add(f"{PLACEHOLDER} KldB ",
                                                       codes.astype(str)), "").astype(object)
    out["employment_status"] = np.where(employed, f"{PLACEHOLDER} employed",
                                        f"{PLACEHOLDER} not employed").astype(object)
    lands = np.array(sorted(AGS), dtype=object)
    region = lands[rng.integers(0, len(lands), size=len(codes))]
    out["region"] = region
    out["kreis_code"] = np.array([f"{AGS[land]}000" for land in region], dtype=object)
    return out


def _model(locale: str, independent: bool):
    crosswalk = CROSSWALKS[locale]
    # the family's own drawing, reused: occupation group | sex, strings uniform within a group
    draw = family._occupation_model(
        locale, family._by_sex(locale, TABLE, GROUP, crosswalk, independent), crosswalk, None)

    def model(rows: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        columns = draw(rows, rng)
        return _german(columns, rng) if locale == "de_DE" else columns
    return model


def models(locale: str) -> dict:
    """The models of ``locale`` (only its references are loaded)."""
    if locale not in LOCALES:
        return {}
    return {"faithful": _model(locale, False), "sex-independent": _model(locale, True)}
