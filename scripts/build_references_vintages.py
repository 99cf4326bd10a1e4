"""Build India's and Singapore's occupation x sex and occupation x sex x education tables, every
published vintage, with manifests.

India (en_IN and both Hindi splits, one survey): occupation x sex from PLFS 2022 and 2023 via
ILOSTAT (shared/reference-data/international), beside the 2024 table build_references_intl.py
writes; occupation x sex x education (ILO aggregate levels) for 2022-2024 from the extract
shipped in references/en_IN/sources/. Singapore: the same three-way table for 2021-2024 from
references/en_SG/sources/, ISCO-08 groups 1-9 without 6 (the ILO suppresses most of its
education cells: 0.2% of the employed) and without X (no release counterpart). The newest
vintage is a footprint's reference; the earlier ones are its vintage views, which say when a
verdict rests on which edition of the survey was used.

    python scripts/build_references_vintages.py          # IAF_SHARED names the shared folder
"""

from __future__ import annotations

import pandas as pd
from build_references_intl import ILO_REPO, ILOSTAT, RETRIEVED
from sources import REFERENCES, github, provenance, shared, source

from iaf.catalogue.references import write_reference

INDIA = ("en_IN", "hi_Deva_IN", "hi_Latn_IN")
SEXES = {"female": "Female", "male": "Male"}
THREE_WAY = ("datapoints/ddf--datapoints--emp_temp_sex_ocu_edu_nb--by--ref_area--sex--classif1--"
             "classif2--time/ddf--datapoints--emp_temp_sex_ocu_edu_nb--by--ref_area-{}--sex--"
             "classif1--classif2--time.csv")
COMMIT = "c50d060595275a48961dbd0c5971eedea95ffad8"
FRAMES = {"en_IN": "employed persons 15+, usual status (PLFS)",
          "en_SG": "employed residents (citizens and permanent residents) 15+"}
SURVEY = {"en_IN": "India: MoSPI Periodic Labour Force Survey (NCO-2015 mapped to ISCO-08 by the "
                   "ILO)", "en_SG": "Singapore: MOM Labour Force Survey (SSOC mapped to ISCO-08)"}


def write(locale: str, table_id: str, rows: list[dict], manifest: dict) -> None:
    write_reference(REFERENCES / locale / "tables" / f"{table_id}.csv", rows,
                    {"id": table_id, "retrieved": RETRIEVED, **manifest})
    print(f"wrote {locale}/{table_id}.csv: {len(rows)} rows")


def india_sex() -> None:
    """PLFS 2022 and 2023 occupation x sex: the vintages of occupation_x_sex."""
    path = shared("reference-data", "international",
                  "ind_ilostat_plfs_2022_2024_isco08_major_by_sex.csv")
    titles_path = shared("reference-data", "international",
                         "ind_ilostat2024_isco08_major_by_sex.csv")
    titles = pd.read_csv(titles_path, dtype=str).drop_duplicates("isco08_major_code")
    title = dict(zip(titles.isco08_major_code, titles.isco08_major_group))
    data = pd.read_csv(path, dtype=str)
    for year in ("2022", "2023"):
        rows = [{"isco08_major": r.isco08_major, "title": title[r.isco08_major],
                 "sex": SEXES[r.sex], "value": r.value_thousands}
                for r in data[data.year == year].itertuples()]
        for locale in INDIA:
            write(locale, f"occ_isco08_sex_ilostat_{year}", rows, {
                **ILOSTAT, "period": f"{year} (annual)",
                "title": f"Employment by sex and ISCO-08 major group, {SURVEY['en_IN']}",
                "population_frame": FRAMES["en_IN"],
                "why_chosen": "An earlier vintage of the 2024 table: the drift between published "
                              "editions of the same survey, and a vintage view of the footprint "
                              "(a release built on it fails the newest edition for the vintage).",
                "provenance": provenance("secondary", ILOSTAT["url"], (github(
                    ILO_REPO, COMMIT, "datapoints/ddf--datapoints--emp_temp_sex_ocu_nb--by--"
                    "ref_area--sex--classif1--time.csv"),), (path, titles_path)),
            })


def three_way(locale: str, extract: str, area: str, targets: tuple[str, ...],
              left_out: tuple[str, ...]) -> None:
    """Occupation x sex x education (ILO aggregates), one table per year of the extract."""
    path = source(locale, extract)
    data = pd.read_csv(path, dtype=str)
    data = data[(data.education != "total") & ~data.isco08_major.isin(left_out)]
    for year, rows in data.groupby("year"):
        table = [{"isco08_major": r.isco08_major, "sex": SEXES[r.sex],
                  "education": r.education, "value": r.value_thousands}
                 for r in rows.itertuples()]
        for target in targets:
            write(target, f"occ_isco08_sex_edu_ilostat_{year}", table, {
                **ILOSTAT, "table_id": "ILOSTAT EMP_TEMP_SEX_OCU_EDU_NB (employment by sex, "
                                       "occupation and education, ISCO-08 major groups)",
                "period": f"{year} (annual)",
                "title": "Employment by sex, ISCO-08 major group and education (ILO aggregate "
                         f"levels: less than basic, basic, intermediate, advanced), "
                         f"{SURVEY[locale]}",
                "population_frame": FRAMES[locale],
                "why_chosen": "The only official table found with the card's occupation and "
                              "education together (and sex): its two-way margin tests "
                              "occupation x education, the three-way table the interaction. "
                              "Every published vintage is shipped; the newest is the "
                              "reference. ISCO-08 6 (Singapore only) and X are left out.",
                "evidence": f"secondary: {ILO_REPO} @ {COMMIT}, transcribed in "
                            f"references/{locale}/sources/{extract}.csv (see its manifest)",
                "provenance": provenance("secondary", ILOSTAT["url"], (github(
                    ILO_REPO, COMMIT, THREE_WAY.format(area)),), (path,)),
            })


def main() -> None:
    india_sex()
    three_way("en_IN", "ilostat_emp_sex_ocu_edu_ind", "ind", INDIA, ())
    three_way("en_SG", "ilostat_emp_sex_ocu_edu_sgp", "sgp", ("en_SG",), ("6", "x"))


if __name__ == "__main__":
    main()
