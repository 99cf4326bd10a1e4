"""Build the reference tables of the non-Korean locales, with manifests.

Copies figures from ``shared/reference-data/international`` and from the extracts shipped in
``references/<locale>/sources/`` (and INSEE figures quoted below) into tidy CSVs under
references/<locale>/tables/, each manifest with its structured provenance; en_US
cps_2022_isco08_sex is derived from the copied CPS table through a crosswalk, so run
build_crosswalks_intl.py first when the crosswalks are new. Sex is written with the release's
own labels so a table lines up with the release without a crosswalk. India's and Singapore's
vintages and three-way tables are built by build_references_vintages.py.

    python scripts/build_references_intl.py          # IAF_SHARED names the shared folder
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from sources import REFERENCES, github, provenance, shared

from iaf.catalogue.references import write_reference

RETRIEVED = "2026-11-28"
ROOT = REFERENCES
ILO_REPO, ILO_COMMIT = "open-numbers/ddf--ilo--ilostat", "c50d060595275a48961dbd0c5971eedea95ffad8"
ILO_SEX_OCU = github(ILO_REPO, ILO_COMMIT, "datapoints/ddf--datapoints--emp_temp_sex_ocu_nb--by--"
                     "ref_area--sex--classif1--time.csv")
ILOSTAT = {
    "publisher": "International Labour Organization (ILOSTAT), harmonising the national "
                 "labour force survey",
    "table_id": "ILOSTAT EMP_TEMP_SEX_OCU_NB_A (employment by sex and occupation, ISCO-08 "
                "major groups)",
    "period": "2024 (annual)",
    "unit": "thousand persons",
    "url": "https://ilostat.ilo.org/data/",
    "licence": "ILOSTAT data terms (CC BY 4.0 as stated by the ILO; not re-verified here)",
    "evidence": "secondary: ILO harmonised re-publication of national official data, seen in "
                "GitHub open-numbers/ddf--ilo--ilostat datapoints "
                "emp_temp_sex_ocu_nb--by--ref_area--sex--classif1--time.csv "
                "(commit c50d060595275a48961dbd0c5971eedea95ffad8)",
}
ILOSTAT_FILES = {
    "pt_BR": ("bra", {"female": "Feminino", "male": "Masculino"},
              "Brazil: IBGE PNAD Contínua (occupation coded in COD, ISCO-08 based)",
              "employed persons 14+, PNAD Contínua"),
    "en_SG": ("sgp", {"female": "Female", "male": "Male"},
              "Singapore: MOM Comprehensive Labour Force Survey, residents (SSOC mapped to "
              "ISCO-08)", "employed residents (citizens and permanent residents) 15+"),
    "en_IN": ("ind", {"female": "Female", "male": "Male"},
              "India: MoSPI Periodic Labour Force Survey, usual status (NCO-2015 mapped to "
              "ISCO-08 by the ILO)", "employed persons 15+, usual status (PLFS)"),
}
for _split in ("hi_Deva_IN", "hi_Latn_IN"):  # the same survey for each split of the release
    ILOSTAT_FILES[_split] = ILOSTAT_FILES["en_IN"]
ACS_TO_COMMON = {  # ACS C24010 leaves pooled to the 22 groups of BLS CPS table 11
    "Educational instruction, and library occupations":
        "Education, training, and library occupations",
    "Health diagnosing and treating practitioners and other technical occupations":
        "Healthcare practitioners and technical occupations",
    "Health technologists and technicians": "Healthcare practitioners and technical occupations",
    "Firefighting and prevention, and other protective service workers including supervisors":
        "Protective service occupations",
    "Law enforcement workers including supervisors": "Protective service occupations",
    "Transportation occupations": "Transportation and material moving occupations",
    "Material moving occupations": "Transportation and material moving occupations",
}


def international(name: str) -> Path:
    return shared("reference-data", "international", name)


def write(locale: str, table_id: str, rows: list[dict], manifest: dict) -> None:
    write_reference(ROOT / locale / "tables" / f"{table_id}.csv", rows,
                    {"id": table_id, "retrieved": RETRIEVED, **manifest})
    print(f"wrote {locale}/{table_id}.csv: {len(rows)} rows")


def ilostat() -> None:
    for locale, (prefix, sexes, source, frame) in ILOSTAT_FILES.items():
        path = international(f"{prefix}_ilostat2024_isco08_major_by_sex.csv")
        data = pd.read_csv(path, dtype=str)
        data = data[data.sex.isin(sexes) & (data.isco08_major_code != "total")]
        rows = [{"isco08_major": r.isco08_major_code, "title": r.isco08_major_group,
                 "sex": sexes[r.sex], "value": r.employed_thousands} for r in data.itertuples()]
        write(locale, "occ_isco08_sex_ilostat_2024", rows, {
            **ILOSTAT, "title": f"Employment by sex and ISCO-08 major group, {source}",
            "population_frame": frame,
            "provenance": provenance("secondary", ILOSTAT["url"], (ILO_SEX_OCU,), (path,)),
            "why_chosen": "Newest occupation x sex table found for the country; ISCO-08 major "
                          "groups are also the common level of the cross-locale comparison. "
                          "Group X (not elsewhere classified) has no counterpart in a release.",
        })


def insee_pcs() -> None:
    """INSEE 2022: groups' sizes and each sex's distribution over groups; the numbers of employed
    women and men are derived by least squares, then each group's count by sex."""
    groups = {  # release label: (employed thousands, % of women, % of men)
        "Agriculteurs exploitants": (446, 0.9, 2.2),
        "Artisans, commerçants et chefs d'entreprise": (1934, 4.4, 9.1),
        "Cadres et professions intellectuelles supérieures": (6139, 18.9, 24.3),
        "Professions intermédiaires": (6979, 27.2, 22.1),
        "Employés": (7360, 40.1, 12.4),
        "Ouvriers": (5363, 8.1, 29.3),
    }
    sizes = np.array([g[0] for g in groups.values()], float)
    shares = np.array([[g[1], g[2]] for g in groups.values()]) / 100
    (women, men), *_ = np.linalg.lstsq(shares, sizes, rcond=None)
    rows = []
    for (label, (size, pct_w, pct_m)) in groups.items():
        rows.append({"pcs_group": label, "sex": "Femme", "value": f"{women * pct_w / 100:.1f}"})
        rows.append({"pcs_group": label, "sex": "Homme", "value": f"{men * pct_m / 100:.1f}"})
    write("fr_FR", "occ_pcs_sex_insee_2022", rows, {
        "title": "Catégorie socioprofessionnelle des personnes en emploi en 2022, par sexe "
                 "(employed persons by PCS socio-professional group and sex)",
        "publisher": "INSEE, enquête Emploi (Insee Références « Emploi, chômage, revenus du "
                     "travail », édition 2023, figure 1)",
        "table_id": "Insee Références 2023, Professions et secteurs d'activité, figure 1",
        "period": "2022 (annual average)",
        "population_frame": "persons in employment living in ordinary households, France "
                            "excluding Mayotte",
        "unit": "thousand persons (derived)",
        "url": "https://insee.fr/fr/statistiques/7456871?sommaire=7456956",
        "licence": "INSEE open licence (Licence Ouverte / Etalab 2.0)",
        "provenance": provenance("primary", "https://insee.fr/fr/statistiques/7456871?sommaire="
                                 "7456956", ({"url": "https://insee.fr/fr/statistiques/7456871?"
                                              "sommaire=7456956"},)),
        "evidence": "primary (INSEE page, stored copy): group totals and within-sex "
                    "percentages; derived here: employed women "
                    f"{women:,.0f}k and men {men:,.0f}k by least squares over the six groups "
                    f"(together {women + men:,.0f}k against the published 28,341k: rounding of "
                    "the percentages), then count = sex total x within-sex percentage",
        "why_chosen": "The release's occupation column holds PCS groups (6 active + retired + "
                      "others without activity); this is the newest PCS x sex figure found. "
                      "No PCS-ISCO correspondence was found, so the ILOSTAT ISCO table cannot "
                      "be used for this release.",
    })


def _cps_groups(cps: pd.DataFrame) -> dict[str, str]:
    """Each detailed occupation of CPS table 11 -> its group (the row it is nested under)."""
    rows = cps[cps.measure == "total_employed"].sort_values("row_order")
    parent, stack = {}, {}
    for r in rows.itertuples():
        stack[r.hierarchy_level] = r.occupation
        if r.is_detailed_leaf == 1:
            parent[r.occupation] = stack[r.hierarchy_level - 1]
    return parent


def usa() -> None:
    cps_path = international("usa_cpsaat11_2022_occupation_by_sex_race.csv")
    cps = pd.read_csv(cps_path)
    groups = _cps_groups(cps)
    wide = cps[cps.is_detailed_leaf == 1].pivot_table(index="occupation", columns="measure",
                                                       values="value", aggfunc="first")
    rows = [{"occupation": name, "group": groups[name],
             "total_employed": f"{wide.loc[name, 'total_employed']:g}",
             "value": "" if np.isnan(wide.loc[name, "pct_women"])
             else f"{wide.loc[name, 'pct_women']:g}"}
            for name in sorted(groups)]
    write("en_US", "cps_2022_pct_women_detailed", rows, {
        "title": "Employed persons by detailed occupation, sex, race, and Hispanic or Latino "
                 "ethnicity (percent women), CPS annual averages",
        "publisher": "U.S. Bureau of Labor Statistics, Current Population Survey",
        "table_id": "BLS cpsaat11 (Household data, annual averages, table 11)",
        "period": "2022 (annual averages)",
        "population_frame": "employed civilians 16+, civilian noninstitutional population; "
                            "Census 2018 occupation classification",
        "unit": "total_employed in thousands; value = percent women (empty where BLS "
                "suppresses it, base below 50,000)",
        "url": "https://www.bls.gov/cps/aa2022/cpsaat11.htm",
        "licence": "U.S. federal government work, public domain",
        "provenance": provenance("secondary", "https://www.bls.gov/cps/aa2022/cpsaat11.htm", (
            github("danyoungday/6998latentbias", "785175931611a6a3d08f7165367d64b6f0408160",
                   "data/cpsaat11.csv"),), (cps_path,)),
        "evidence": "secondary: CSV export of the BLS file in GitHub danyoungday/6998latentbias "
                    "data/cpsaat11.csv (commit 785175931611a6a3d08f7165367d64b6f0408160); the "
                    "group of each occupation is the row it is nested under (hierarchy from "
                    "pjoachims/dash-labor, same occupation list 2020-2022)",
        "why_chosen": "The newest detailed occupation x sex table found (2023 and 2024 editions "
                      "were not found). 362 of 565 detailed occupations have a published share.",
    })
    acs_path = international("usa_acs2018_C24010_state_sex_occupation.csv")
    acs = pd.read_csv(acs_path, dtype=str)
    leaves = acs[acs.sex.isin(["Male", "Female"]) & (acs.occupation_group != "All occupations")]
    deeper = {p.rsplit(" > ", 1)[0] for p in leaves.occupation_path if " > " in p}
    leaves = leaves[~leaves.occupation_path.isin(deeper)]
    leaves = leaves.assign(group=leaves.occupation_group.map(lambda g: ACS_TO_COMMON.get(g, g)),
                           value=leaves.estimate_persons.astype(int))
    table = leaves.groupby(["state", "sex", "group"], as_index=False)["value"].sum()
    unknown = set(table.group) - set(groups.values())
    if unknown:
        raise SystemExit(f"ACS groups without a CPS group: {unknown}")
    table["state"] = table.state.map(STATE_CODES)
    write("en_US", "acs_2018_state_sex_group", table.to_dict("records"), {
        "title": "Sex by occupation for the civilian employed population 16 years and over, by "
                 "state (ACS table C24010), leaves pooled to the 22 groups of CPS table 11",
        "publisher": "U.S. Census Bureau, American Community Survey 1-year estimates",
        "table_id": "ACS 2018 1-year, table C24010",
        "period": "2018",
        "population_frame": "civilian employed population 16+, 50 states, DC and Puerto Rico",
        "unit": "persons (estimates)",
        "url": "https://data.census.gov/table/ACSDT1Y2018.C24010",
        "licence": "U.S. federal government work, public domain",
        "provenance": provenance("secondary", "https://data.census.gov/table/ACSDT1Y2018.C24010", (
            github("gabrieljohndusing/NCNW-Project-Datasets",
                   "16371eb031660b5dbc5af9008cb96379b060dce2",
                   "acs-acs1-2018-GROUP_C24010_DATA.csv"),), (acs_path,)),
        "evidence": "secondary: API dump in GitHub gabrieljohndusing/NCNW-Project-Datasets "
                    "acs-acs1-2018-GROUP_C24010_DATA.csv (commit "
                    "16371eb031660b5dbc5af9008cb96379b060dce2); iaf pools 7 of the 25 ACS "
                    "leaves into 3 CPS groups (health practitioners, protective service, "
                    "transportation and material moving) and writes states as the release does "
                    "(two-letter codes)",
        "why_chosen": "The only state x sex x occupation table found (BLS OEWS state tables were "
                      "not found as text); 2018 is its newest year here.",
    })


STATE_CODES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR",
    "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
    "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA",
    "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
    "Puerto Rico": "PR",
}


def ncses_10998() -> None:
    """ACS 2021 employed adults by detailed occupation and bachelor's degree or not."""
    path = international("usa_ncses_table_10998.csv")
    data = pd.read_csv(path, dtype=str)
    parts = data.row_id.str.split("_", expand=True)
    cells = data.assign(row=parts[0], cell=parts[1]).pivot(index="row", columns="cell",
                                                           values="value")
    detailed = cells[~cells["1"].str.contains("-")]  # OCC ranges are the summary rows
    published = detailed["4"].str.isdigit() & detailed["5"].str.isdigit()
    suppressed = sorted(detailed[~published]["2"].str.strip())
    detailed = detailed[published]
    rows = [{"occupation": r["2"].strip(), "occ_code": r["1"].strip(), "education": education,
             "value": int(r[cell])}
            for _, r in detailed.sort_values("2").iterrows()
            for education, cell in (("no_bachelors", "4"), ("bachelors_or_higher", "5"))]
    write("en_US", "acs_2021_occupation_bachelors", rows, {
        "title": "Employed adults, by broad and detailed occupation and educational attainment: "
                 "2021 (Science and Engineering Indicators, Table SLBR-1)",
        "publisher": "National Center for Science and Engineering Statistics (NCSES), NSF, from "
                     "the Census Bureau's American Community Survey",
        "table_id": "NCSES table 10998 (SEI 2024 SLBR-1); ACS 2021 1-year PUMS",
        "period": "2021",
        "population_frame": "employed civilians aged 16-75 not enrolled in school; Census 2018 "
                            "occupation codes (OCC), 525 detailed occupations",
        "unit": "persons",
        "url": "https://ncses.nsf.gov/pubs/nsb20245/",
        "licence": "U.S. federal government work, public domain",
        "provenance": provenance("secondary", "https://ncses.nsf.gov/pubs/nsb20245/", (
            github("bq-org/ncses_stats_explorer_placeholder",
                   "1f879ab65ed260668840db406611ddc10e8455bc",
                   "output/tables/10998/data.csv"),), (path,)),
        "evidence": "secondary: GitHub bq-org/ncses_stats_explorer_placeholder @ "
                    "1f879ab65ed260668840db406611ddc10e8455bc output/tables/10998/data.csv, as "
                    "shared/reference-data/international/usa_ncses_table_10998.csv; not checked "
                    "against the NCSES site",
        "why_chosen": "The only detailed occupation x education table found for the US: the "
                      "card conditions occupation on education, so the two-way joint is at least "
                      "checkable (bachelor's degree or higher, or not).",
        "note": f"{len(suppressed)} detailed occupations with a suppressed cell ('s') are left "
                f"out: {', '.join(suppressed)}",
    })


def isco08_titles() -> None:
    """The ISCO-08 major groups' titles as ILOSTAT writes them (code_titles of en_US views)."""
    path = international("sgp_ilostat2024_isco08_major_by_sex.csv")
    data = pd.read_csv(path, dtype=str)
    codes = data[data.isco08_major_code.str.fullmatch(r"\d")].drop_duplicates("isco08_major_code")
    rows = [{"code": r.isco08_major_code, "title": r.isco08_major_group}
            for r in codes.sort_values("isco08_major_code").itertuples()]
    write("en_US", "isco08_major_titles", rows, {
        **ILOSTAT, "title": "ISCO-08 major groups: codes and titles",
        "table_id": "ISCO-08 (ILO, 2012), major groups, as ILOSTAT labels them",
        "period": "ISCO-08 (adopted 2008)", "population_frame": "classification (10 major "
        "groups; 0 armed forces, not in the US views)", "unit": "code list",
        "provenance": provenance("secondary", ILOSTAT["url"], (ILO_SEX_OCU,), (path,)),
        "why_chosen": "Labels the ISCO-08 views of the US, whose references carry codes only."})


def usa_isco08() -> None:
    """CPS 2022 detailed occupations with a published share of women, pooled into ISCO-08 major
    groups by cps_title_isco08 (women = employed x share)."""
    detailed = pd.read_csv(ROOT / "en_US" / "tables" / "cps_2022_pct_women_detailed.csv",
                           dtype=str, keep_default_na=False)
    path = ROOT / "en_US" / "crosswalks" / "cps_title_isco08.csv"
    isco = dict(pd.read_csv(path, dtype=str, keep_default_na=False)[["release_value", "all"]]
                .itertuples(index=False))
    cells = detailed[(detailed.value != "") & detailed.occupation.map(isco).ne("")]
    employed = pd.to_numeric(cells.total_employed)
    women = employed * pd.to_numeric(cells.value) / 100
    pooled = pd.DataFrame({"isco08_major": cells.occupation.map(isco), "Female": women,
                           "Male": employed - women}).groupby("isco08_major").sum()
    rows = [{"isco08_major": major, "sex": sex, "value": round(float(pooled.loc[major, sex]), 3)}
            for major in pooled.index for sex in ("Female", "Male")]
    left_out = detailed[~detailed.occupation.isin(cells.occupation)]
    write("en_US", "cps_2022_isco08_sex", rows, {
        "title": "Employed persons by ISCO-08 major group and sex, pooled from CPS table 11's "
                 "detailed occupations",
        "publisher": "U.S. Bureau of Labor Statistics, Current Population Survey (figures); "
                     "pooling by iaf",
        "table_id": "derived from BLS cpsaat11 2022 (cps_2022_pct_women_detailed) through "
                    "crosswalks/cps_title_isco08",
        "period": "2022 (annual averages)",
        "population_frame": "employed civilians 16+ in the detailed occupations whose share of "
                            "women BLS publishes and the BLS links place",
        "unit": "thousand persons (employed x percent women / 100, summed)",
        "url": "https://www.bls.gov/cps/aa2022/cpsaat11.htm",
        "licence": "U.S. federal government work, public domain",
        "evidence": "derived: the detailed figures are secondary (see "
                    "cps_2022_pct_women_detailed); the ISCO-08 group of each title is the "
                    "declared rule of cps_title_isco08",
        "why_chosen": "Maps every detailed occupation to ISCO-08 on its own (not its whole "
                      "SOC major group), so the release's occupations and the reference meet "
                      "at ISCO-08 major groups by the same rule.",
        "note": f"{len(cells)} of {len(detailed)} detailed occupations, "
                f"{employed.sum() / pd.to_numeric(detailed.total_employed).sum():.1%} of the "
                f"employed; left out: {len(left_out)} with no published share or no BLS link",
        "provenance": provenance("derived", inputs=(
            ROOT / "en_US" / "tables" / "cps_2022_pct_women_detailed.csv", path)),
    })


LFS_INDUSTRIES = ("製造業", "卸売業，小売業")  # both sexes published for these two only


def japan() -> None:
    """LFS 2024 employed by sex: the total and the industries with both sexes published."""
    path = international("jpn_lfs2024_industry_and_submajor_occupation_by_sex_partial.csv")
    data = pd.read_csv(path, dtype=str)
    sexes = {"male": "男", "female": "女"}
    cells = data[(data.survey == "LFS") & data.sex.isin(sexes) & (data.value_type == "published")
                 & (((data.dimension == "industry") & data.category_ja.isin(LFS_INDUSTRIES))
                    | (data.dimension == "total"))]
    rows = [{"industry": "総数" if r.dimension == "total" else r.category_ja,
             "sex": sexes[r.sex], "value": r.value_10k_persons, "source": r.source_id}
            for r in cells.itertuples()]
    write("ja_JP", "industry_sex_lfs_2024", rows, {
        "publisher": "Statistics Bureau of Japan (総務省統計局), quoted by the Japan Institute "
                     "for Labour Policy and Training (JILPT)",
        "table_id": "労働力調査（基本集計） 2024年平均, 長期時系列表5(1) 産業別就業者数",
        "title": "Employed persons by sex, all industries and the two JSIC Rev.13 divisions "
                 "whose figures for both sexes are published in the source (製造業, "
                 "卸売業，小売業)",
        "period": "2024 (annual average; released 2025-01-31)",
        "unit": "10,000 persons",
        "url": "https://www.jil.go.jp/kokunai/blt/backnumber/2025/05/c_01.html",
        "provenance": provenance("secondary", "https://www.stat.go.jp/data/roudou/", (
            {"url": "https://www.jil.go.jp/kokunai/blt/backnumber/2025/05/c_01.html"},), (path,)),
        "licence": "Government of Japan Standard Terms of Use (政府標準利用規約 2.0) for the "
                   "official figures, as e-Stat states; JILPT's page not re-verified",
        "evidence": "secondary: JILPT Business Labor Trend 2025-05 「産業別にみた就業者の状況」 "
                    "quoting the official release; as shared/reference-data/international/"
                    "jpn_lfs2024_industry_and_submajor_occupation_by_sex_partial.csv. Rows "
                    "derived there from a blog's totals (建設業 women, 医療，福祉 men) are not "
                    "copied: only published cells.",
        "population_frame": "employed persons 15+ (Labour Force Survey)",
        "why_chosen": "The release's occupation is an industry; these are the only published "
                      "industry x sex cells found for Japan. Together the two divisions hold "
                      "2,092 of 6,781 (30.9%) of the employed.",
    })


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    ilostat()
    insee_pcs()
    usa()
    japan()
    ncses_10998()
    isco08_titles()
    usa_isco08()


if __name__ == "__main__":
    main()
