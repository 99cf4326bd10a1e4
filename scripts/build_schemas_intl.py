"""Write references/<locale>/schema.json and values/ for the non-Korean releases.

What is known of each release's columns comes from shared/releases/README.md and the value
lists in shared/releases/<locale>/value_lists/. A column is *closed* (values outside the list
stop the audit) only where the full value set is known: the occupation lists taken from the
distinct values of the full releases, and the sex labels. Everything else is *open*: values are
accepted, and whatever a crosswalk cannot map is reported as unmapped mass.

    python scripts/build_schemas_intl.py          # IAF_SHARED names the shared folder

The education values of India and Singapore come from scripts/education.py (where they were
seen is said there), not from shared/releases.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd
from education import KNOWN as EDUCATION
from sources import REFERENCES, shared_folder, shared_root

from iaf.catalogue.schema import write_schema_manifest

ROOT = REFERENCES
TEXT = ("persona", "professional_persona", "sports_persona", "arts_persona", "travel_persona",
        "culinary_persona", "family_persona", "cultural_background", "skills_and_expertise",
        "skills_and_expertise_list", "hobbies_and_interests", "hobbies_and_interests_list",
        "career_goals_and_ambitions")
# the release version each schema's value lists describe (shared/releases/README.md); the
# Hugging Face commit of that version is not known here (no download), so it stays ""
DESCRIBES = {"en_US": "v1.1 (nvidia/Nemotron-Personas-USA, 1M rows)"}
AGE = {"dtype": "integer", "min": 0, "max": 120}  # ranges not documented: only impossible ages
LOCALES = {
    # locale: (repo, split, demographic columns in order, closed columns -> value list file)
    "en_US": ("nvidia/Nemotron-Personas-USA", "train",
              ["sex", "age", "marital_status", "education_level", "bachelors_field", "occupation",
               "city", "state", "zipcode", "country"],
              {"sex": "sex", "occupation": "occupation", "state": "state"}),
    "ja_JP": ("nvidia/Nemotron-Personas-Japan", "train",
              ["sex", "age", "marital_status", "education_level", "occupation", "region",
               "area", "prefecture", "country"],
              {"sex": "sex", "occupation": "occupation"}),
    "en_IN": ("nvidia/Nemotron-Personas-India", "en_IN",
              ["sex", "age", "marital_status", "education_level", "education_degree",
               "occupation", "first_language", "second_language", "third_language", "zone",
               "state", "district", "country"],
              {"sex": "sex", "occupation": "occupation", "zone": "zone"}),
    "hi_Deva_IN": ("nvidia/Nemotron-Personas-India", "hi_Deva_IN",
                   ["sex", "age", "marital_status", "education_level", "education_degree",
                    "occupation", "first_language", "second_language", "third_language", "zone",
                    "state", "district", "country"], {}),
    "hi_Latn_IN": ("nvidia/Nemotron-Personas-India", "hi_Latn_IN",
                   ["sex", "age", "marital_status", "education_level", "education_degree",
                    "occupation", "first_language", "second_language", "third_language", "zone",
                    "state", "district", "country"], {}),
    "en_SG": ("nvidia/Nemotron-Personas-Singapore", "train",
              ["sex", "age", "marital_status", "education_level", "occupation", "industry",
               "planning_area", "country"], {"sex": "sex"}),
    "pt_BR": ("nvidia/Nemotron-Personas-Brazil", "train",
              ["sex", "age", "marital_status", "education_level", "occupation", "municipality",
               "state", "country"], {"sex": "sex"}),
    "fr_FR": ("nvidia/Nemotron-Personas-France", "train",
              ["sex", "age", "marital_status", "education_level", "occupation", "departement",
               "commune", "country"], {"sex": "sex"}),
}
# values the generators use for open columns, where a value list is known (not enforced)
KNOWN = {"en_SG": {"occupation": "occupation"}, "pt_BR": {"occupation": "occupation",
         "state": "state", "education_level": "education_level"},
         "fr_FR": {"occupation": "occupation"}, "en_US": {"marital_status": "marital_status",
         "education_level": "education_level", "bachelors_field": "bachelors_field"},
         "ja_JP": {"region": "region"}}


def copy_values(shared: Path, locale: str, column: str, source: str) -> str:
    frame = pd.read_csv(shared / "releases" / locale / "value_lists" / f"{source}.csv",
                        dtype=str, keep_default_na=False)
    first = frame.columns[0]  # 'value', or 'value_UPPERCASED_by_3P'
    out = ROOT / locale / "values" / f"{column}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    frame[[first]].rename(columns={first: "value"}).to_csv(out, index=False, lineterminator="\n")
    return f"values/{column}.csv"


def write_values(locale: str, column: str, values: list[str]) -> str:
    out = ROOT / locale / "values" / f"{column}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"value": values}).to_csv(out, index=False, lineterminator="\n")
    return f"values/{column}.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=shared_folder, default=str(shared_root()))
    args = parser.parse_args()
    for locale, (repo, split, demographic, closed) in LOCALES.items():
        columns: dict[str, dict] = {"uuid": {"dtype": "string", "kind": "id"}}
        for name in demographic:
            if name == "age":
                columns[name] = dict(AGE)
            elif name in closed:
                columns[name] = {"dtype": "string",
                                 "values": copy_values(args.shared, locale, name, closed[name])}
            else:
                columns[name] = {"dtype": "string"}
                if name in KNOWN.get(locale, {}):
                    columns[name]["known_values"] = copy_values(args.shared, locale, name,
                                                                KNOWN[locale][name])
                elif name == "education_level" and locale in EDUCATION:
                    columns[name]["known_values"] = write_values(locale, name,
                                                                 EDUCATION[locale])
        columns.update({t: {"dtype": "string", "kind": "text"} for t in TEXT})
        schema = {
            "locale": locale, "release": repo, "split": split,
            "describes": {"version": DESCRIBES.get(locale, "v1.0 (dataset card)"), "commit": ""},
            "values_source": "shared/releases/README.md and shared/releases/" + locale +
                             "/value_lists (third-party distinct-value dumps and code, each "
                             "value list with its source); open columns accept any value",
            "note": "Column names of the text columns follow the Nemotron-Personas family; "
                    "they are never read by an audit. Age ranges are not documented: 0-120 only "
                    "rejects impossible ages.",
            "columns": columns,
        }
        path = ROOT / locale / "schema.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        write_schema_manifest(path.parent)
        print(f"wrote {locale}/schema.json ({len(columns)} columns) and its manifest")


if __name__ == "__main__":
    main()
