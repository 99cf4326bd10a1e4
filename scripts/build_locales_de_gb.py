"""Build the newer family locales, de_DE and en_GB: schemas, reference tables, crosswalks and
footprints, from the extracts shipped in references/<locale>/sources/ (checksums verified).

- Fields: shared/releases/README.md, "Newer family locales" (Data Designer 0.9.7's field list of
  the managed datasets; the Hugging Face releases may carry fewer). Names, street and unit are
  not declared: no footprint reads them. Only what is known is closed: German sex is
  Weiblich / Männlich (the README); British sex is assumed Female / Male (Data Designer's
  sampler labels), so another spelling stops the audit naming the values. Everything else is
  open: iaf init's scaffold, reviewed (its value lists came from a generated release, whose
  placeholders are no facts).
- Tables: ILOSTAT's employment by sex and ISCO-08 major group (DEU from the Mikrozensus, GBR from
  the LFS), 2024 the reference and 2023, 2022 (and GBR 2021) its vintages: the editions of one
  series (both break just before: DEU in 2020, GBR in 2021). Sex is written with the release's
  labels.
- Crosswalks: the release's KldB 2010 codes to ISCO-08 major groups by the Bundesagentur für
  Arbeit's correspondence (variant ``recommended``: the first-listed unit group; ``unambiguous``:
  codes whose unit groups span several major groups left unmapped); the British occupation
  strings are not known, so ISCO-08's major group titles stand in (a release written otherwise
  maps too little and is inconclusive, not judged on a guess). How a release marks persons
  without an occupation is not known either: the generated releases write an empty string.
- Footprints: the marginals as ``iaf init`` plans them (iaf.catalogue.recipe), the occupation
  marginal and occupation x sex with their references attached; no card text was found.

    python scripts/build_locales_de_gb.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
from sources import REFERENCES, github, provenance, source

from iaf.catalogue import NOT_EMPLOYED
from iaf.catalogue.recipe import marginal
from iaf.catalogue.references import write_reference
from iaf.catalogue.schema import write_schema_manifest
from iaf.checksums import sha256_file

RETRIEVED = "2026-12-05"
ILO = github("open-numbers/ddf--ilo--ilostat", "c50d060595275a48961dbd0c5971eedea95ffad8",
             "datapoints/ddf--datapoints--emp_temp_sex_ocu_nb--by--ref_area--sex--classif1--"
             "time.csv")
BA = github("hagerhardt/kldbrecode", "b1f4bb28ed6335d776c0cfd3863a35a0fb12e520",
            "_cwfcn_kldb10_5d_to_isco08.sthlp",
            "165b2e5a432ac363d6b49121d64807b55864d031c9310a9937bad5e9e581238b")
BA_URL = ("https://statistik.arbeitsagentur.de/DE/Navigation/Grundlagen/Klassifikationen/"
          "Klassifikation-der-Berufe/KldB2010-Fassung2020/Arbeitsmittel/Arbeitsmittel-Nav.html")
TITLES = {"0": "Armed forces occupations", "1": "Managers", "2": "Professionals",
          "3": "Technicians and associate professionals", "4": "Clerical support workers",
          "5": "Service and sales workers",
          "6": "Skilled agricultural, forestry and fishery workers",
          "7": "Craft and related trades workers",
          "8": "Plant and machine operators, and assemblers", "9": "Elementary occupations",
          "X": "Not elsewhere classified"}  # ISCO-08 major groups as ILOSTAT labels them
LAENDER = ("Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg",
           "Hessen", "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen",
           "Rheinland-Pfalz", "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein",
           "Thüringen")
LOCALES = {
    "de_DE": {"repo": "nvidia/Nemotron-Personas-Germany", "iso": "deu", "country": "Germany",
              "sex": {"female": "Weiblich", "male": "Männlich"}, "years": (2024, 2023, 2022),
              "survey": "Germany: Destatis Mikrozensus (the German part of the EU Labour Force "
                        "Survey), occupation coded in KldB 2010 and ISCO-08",
              "frame": "employed persons 15+, Mikrozensus (as ILOSTAT harmonises it)",
              "occupation": "occupation_kldb", "crosswalk": "occupation_kldb_isco08",
              "columns": ["sex", "age", "marital_status", "postcode", "city", "district",
                          "region", "kreis_code", "country", "bachelors_field",
                          "education_level", "occupation", "occupation_kldb", "last_occupation",
                          "last_occupation_kldb", "employment_status", "job_position",
                          "industry", "migration_background", "nationality", "religion"],
              "marginals": ["sex", "age", "region", "marital_status", "education_level",
                            "employment_status", "migration_background", "nationality",
                            "religion"]},
    "en_GB": {"repo": "Nemotron-Personas en_GB (Data Designer managed dataset; no Hugging Face "
                      "release named here)", "iso": "gbr", "country": "the United Kingdom",
              "sex": {"female": "Female", "male": "Male"}, "years": (2024, 2023, 2022, 2021),
              "survey": "United Kingdom: ONS Labour Force Survey, occupation coded in SOC 2020 "
                        "and mapped to ISCO-08",
              "frame": "employed persons 16+, Labour Force Survey (as ILOSTAT harmonises it)",
              "occupation": "occupation", "crosswalk": "occupation_isco08",
              "columns": ["sex", "age", "marital_status", "postcode", "city", "district",
                          "region", "country", "bachelors_field", "education_level",
                          "occupation", "ethnicity", "country_of_birth", "disability",
                          "industry", "religion"],
              "marginals": ["sex", "age", "region", "marital_status", "education_level",
                            "ethnicity", "country_of_birth", "disability", "religion"]},
}


def _csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def kldb_pairs() -> pd.DataFrame:
    return pd.read_csv(source("de_DE", "ba_kldb2010_isco08"), dtype=str, keep_default_na=False)


def schema(locale: str, spec: dict) -> None:
    folder = REFERENCES / locale
    columns: dict[str, dict] = {"uuid": {"dtype": "string", "kind": "id"}}
    _csv(folder / "values" / "sex.csv", ["value"], [[v] for v in spec["sex"].values()])
    for name in spec["columns"]:
        columns[name] = ({"dtype": "integer", "min": 0, "max": 120} if name == "age" else
                         {"dtype": "string", "values": "values/sex.csv"} if name == "sex" else
                         {"dtype": "string"})
    if locale == "de_DE":
        codes = sorted(set(kldb_pairs().kldb2010))
        _csv(folder / "values" / "kldb2010.csv", ["value"], [[c] for c in codes])
        _csv(folder / "values" / "region.csv", ["value"], [[v] for v in LAENDER])
        for name in ("occupation_kldb", "last_occupation_kldb"):
            columns[name]["known_values"] = "values/kldb2010.csv"
        columns["region"]["known_values"] = "values/region.csv"
    known = ("Weiblich / Männlich (shared/releases/README.md)" if locale == "de_DE" else
             "assumed Female / Male (Data Designer's sampler labels; not seen in an en_GB "
             "release)")
    _json(folder / "schema.json", {
        "locale": locale, "release": spec["repo"], "split": "train",
        "describes": {"version": "field list of Data Designer 0.9.7's managed dataset "
                                 "(shared/releases/README.md); values not seen", "commit": ""},
        "values_source": f"sex: {known}. Everything else is open: its values are not known "
                         "here (a value list is data: close a column once its values are).",
        "note": "Names, street and unit are in the field list but read by no footprint, so not "
                "declared. Age ranges are not documented: 0-120 only rejects impossible ages."
                + (" known_values: the KldB 2010 codes of the BA correspondence and the 16 "
                   "Länder (official names; how the release writes them is not known)."
                   if locale == "de_DE" else ""),
        "columns": columns})
    write_schema_manifest(folder)


def tables(locale: str, spec: dict) -> None:
    extract = source(locale, f"ilostat_emp_sex_ocu_{spec['iso']}")
    data = pd.read_csv(extract, dtype=str)
    for year in spec["years"]:
        rows = [{"isco08_major": r.isco08_major, "title": TITLES[r.isco08_major],
                 "sex": spec["sex"][r.sex], "value": r.value_thousands}
                for r in data[(data.year == str(year)) & (data.isco08_major != "total")]
                .itertuples()]
        table_id = f"occ_isco08_sex_ilostat_{year}"
        newest = year == spec["years"][0]
        write_reference(REFERENCES / locale / "tables" / f"{table_id}.csv", rows, {
            "id": table_id, "retrieved": RETRIEVED,
            "title": f"Employment by sex and ISCO-08 major group, {spec['survey']}",
            "publisher": "International Labour Organization (ILOSTAT), harmonising the national "
                         "labour force survey",
            "table_id": "ILOSTAT EMP_TEMP_SEX_OCU_NB_A (employment by sex and occupation, "
                        "ISCO-08 major groups)",
            "period": f"{year} (annual)", "population_frame": spec["frame"],
            "unit": "thousand persons", "url": "https://ilostat.ilo.org/data/",
            "licence": "ILOSTAT data terms (CC BY 4.0 as stated by the ILO; not re-verified "
                       "here)",
            "evidence": "secondary: ILO harmonised re-publication of national official data, "
                        f"transcribed into references/{locale}/sources/"
                        f"ilostat_emp_sex_ocu_{spec['iso']}.csv from the open-numbers copy",
            "provenance": provenance("secondary", "https://ilostat.ilo.org/data/", (ILO,),
                                     (extract,)),
            "why_chosen": ("Newest occupation x sex table found for the country; ISCO-08 major "
                           "groups are also the common level of the cross-locale comparison. "
                           "Group X (not elsewhere classified) has no counterpart in a release."
                           if newest else f"An earlier edition of the same series, judged as a "
                           f"vintage view of the {spec['years'][0]} reference."),
        })


def _crosswalk(locale: str, crosswalk_id: str, column: str, rows: list[list], variants: list[str],
               description: str, origin: dict | None = None) -> None:
    path = REFERENCES / locale / "crosswalks" / f"{crosswalk_id}.csv"
    _csv(path, ["release_value", *variants, "note"], rows)
    _json(path.with_suffix(".manifest.json"), {
        "id": crosswalk_id, "column": column, "variants": variants, "description": description,
        "generated_by": "scripts/build_locales_de_gb.py",
        **({"provenance": origin} if origin else {}), "sha256": sha256_file(path)})


NO_OCCUPATION = ["", NOT_EMPLOYED, "placeholder: how the release marks persons without an "
                 "occupation is not known; iaf's generated releases write an empty string"]


def crosswalks() -> None:
    pairs = kldb_pairs()
    rows = [["", NOT_EMPLOYED, NOT_EMPLOYED, NO_OCCUPATION[2]]]
    for code, links in pairs.groupby("kldb2010", sort=True):
        first = links[links.listed == "1"].isco08.iloc[0]
        majors = sorted({i[0] for i in links.isco08})
        note = (f"BA: ISCO-08 {', '.join(links.isco08)} (first listed {first})"
                + (f"; spans major groups {', '.join(majors)}" if len(majors) > 1 else ""))
        rows.append([code, first[0], first[0] if len(majors) == 1 else "", note])
    _crosswalk("de_DE", "occupation_kldb_isco08", "occupation_kldb", rows,
               ["recommended", "unambiguous"],
               "Release KldB 2010 codes (5 digits) to ISCO-08 major groups through the "
               "Bundesagentur für Arbeit's correspondence: 'recommended' takes the unit group "
               "the BA lists first; 'unambiguous' leaves unmapped the 56 codes whose unit groups "
               "span several major groups.",
               provenance("secondary", BA_URL, (BA,), (source("de_DE", "ba_kldb2010_isco08"),)))
    _crosswalk("en_GB", "occupation_isco08", "occupation",
               [NO_OCCUPATION] + [[t, c, "placeholder: ISCO-08's major group title stands in "
                                  "for the release's unknown occupation strings"]
                                  for c, t in TITLES.items() if c != "X"], ["all"],
               "Placeholder: the en_GB release's occupation strings are not known; ISCO-08's "
               "major group titles stand in (a release written otherwise maps too little and "
               "is inconclusive).")
    for locale, column in (("de_DE", "occupation_kldb"), ("en_GB", "occupation")):
        _crosswalk(locale, "isco08_common", column,
                   [[str(i), "2-3" if i in (2, 3) else str(i),
                     "ISCO-08 major group, 2 and 3 pooled"] for i in range(10)], ["all"],
                   "ISCO-08 major groups, 2 and 3 pooled.")


NOT_FOUND = ("No card text was found: the Hugging Face discussions page of "
             "nvidia/Nemotron-Personas-Germany is in the stored pages, its card is not; Data "
             "Designer's repository (snapshot of 2026-08-07) registers no de_DE or en_GB "
             "managed dataset and holds no card text; NVIDIA's Nemotron-Personas dev note names "
             "no German or British sentence. Run as the common occupation x sex check of the "
             "family; not card-anchored.")


def _attached(locale: str, spec: dict) -> list[dict]:
    column, walk = spec["occupation"], {"column": spec["occupation"], "id": spec["crosswalk"]}
    frame = {"text": f"employed: {column} maps to an ISCO-08 major group (group X, not "
                     "elsewhere classified, has no release counterpart and is left out)"}
    base = {"references": ["occ_isco08_sex_ilostat_2024"], "frame": frame,
            "disclosure": "card_not_found", "min_mapped_share": 0.9}
    majors = [str(i) for i in range(10)]
    level = {"name": "ISCO-08 major groups" + (" (KldB 2010 through the BA correspondence)"
                                               if locale == "de_DE" else ""), "cardinality": 10}
    return [
        {"id": f"marginal_{column}", "kind": "marginal", "method": "marginal",
         "attributes": [column], **base,
         "params": {"column": column, "reference_column": "isco08_major", "crosswalk": walk,
                    "where": {"isco08_major": majors}}},
        {"id": "occupation_x_sex", "kind": "direct_joint", "method": "conditional",
         "attributes": sorted([column, "sex"]), **base,
         "params": {"crosswalk": walk, "given": column, "outcome": "sex",
                    "reference": {"given": "isco08_major", "outcome": "sex"},
                    "vintages": [f"occ_isco08_sex_ilostat_{y}" for y in spec["years"][1:]],
                    "collapse": {"id": "isco08_common", "dim": "given", "level": "isco08"},
                    "taxonomy": level}},
    ]


SEARCHED = {  # what was looked for, per locale, for the marginals without a reference
    "de_DE": "no population table by sex, age or Land (Destatis GENESIS 12411) was found as "
             "figures in the stored copies (only code that downloads them); no other marginal "
             "was searched for",
    "en_GB": "no marginal table was searched for (the work went to occupation x sex)",
}


def footprints(locale: str, spec: dict) -> None:
    planned = [marginal(c, "card_not_found", (0, 120) if c == "age" else None,
                        guide="docs/adding-a-locale.md", searched=SEARCHED[locale])
               for c in spec["marginals"]]
    # where the locale is published: the German dataset's page; for en_GB, Data Designer,
    # which registers it (no Hugging Face release of it is named in the sources)
    card = f"https://huggingface.co/datasets/{spec['repo']}" if locale == "de_DE" else \
        "https://github.com/NVIDIA-NeMo/DataDesigner"
    _json(REFERENCES / locale / "footprints.json", {
        "locale": locale,
        "disclosures": [{"id": "card_not_found", "anchored": False, "source": card,
                         "revision": "card text not available",
                         "quote": "(no card text was found; no independence statement is "
                                  "known for this release)", "note": NOT_FOUND}],
        "footprints": [p.entry() for p in planned] + _attached(locale, spec)})


def main() -> None:
    crosswalks()
    for locale, spec in LOCALES.items():
        schema(locale, spec)
        tables(locale, spec)
        footprints(locale, spec)
        print(f"wrote {locale}: schema, {len(spec['years'])} tables, footprints")


if __name__ == "__main__":
    main()
