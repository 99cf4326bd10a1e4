"""Build references/ko_KR/tables/ from the gathered reference figures, with manifests.

Copies figures (never prose) from ``shared/reference-data/ko_KR`` into tidy CSVs, one per
reference table, and writes each manifest with the CSV's sha256. Re-run after changing a
source figure; the loader refuses a table whose bytes no longer match its manifest.

    python scripts/build_references_ko.py          # IAF_SHARED names the shared folder

Each manifest's structured provenance (PROVENANCE below) names where the figures were seen, at
full commits, and the shared files this build read, with their sha256.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd
from sources import REFERENCES, github, provenance, shared, shared_folder, shared_root

from iaf.catalogue.references import write_reference

RETRIEVED = "2026-11-28"  # date the figures were copied into iaf from the gathered folder
KOSIS_LICENCE = "KOSIS terms of use (KOGL); not verified for this table"
SEX = {"male": "남자", "female": "여자"}
BANDS_85 = ["85-89", "90-94", "95-99", "100이상"]


KOSIS = "https://kosis.kr"
EOPCHANG = github("eopchang/nemotron-personas-korea-audit",
                  "366dcdefcb7cde7faea0c8f95a1342a1c9f28545", "data/reference/kosis_reference.json")
CHA = "cha1367/ge"
ILO = github("open-numbers/ddf--ilo--ilostat", "c50d060595275a48961dbd0c5971eedea95ffad8",
             "datapoints/ddf--datapoints--emp_temp_sex_ocu_edu_nb--by--ref_area--sex--classif1--"
             "classif2--time/ddf--datapoints--emp_temp_sex_ocu_edu_nb--by--ref_area-kor--sex--"
             "classif1--classif2--time.csv")
GOMS_SEEN = github("Siegfriex/SBS_DSJA_5th_EDGE", "5ff6fe9c92d5e45d7a1a9a338c1d3b2fe42e2712",
                   "GOMS_012_취업자의_전공별_직업_분포2017_freq_share.xls")
ILO_AGE = github("open-numbers/ddf--ilo--ilostat", "c50d060595275a48961dbd0c5971eedea95ffad8",
                 "datapoints/ddf--datapoints--emp_temp_sex_age_ocu_nb--by--ref_area--sex--"
                 "classif1--classif2--time/ddf--datapoints--emp_temp_sex_age_ocu_nb--by--"
                 "ref_area-kor--sex--classif1--classif2--time.csv")
MOEL = github("aligator527/career-map", "1152ee15c8c232c8d59e52d3d6088b8dbd7fccbe",
              "web/public/data/kr/occ-1.json ... occ-9.json")
MND_NEWS = {"url": "https://sisamirae.com/news/article.html?no=275369"}
# table id -> (kind, the publisher's address, where seen, shared files read); a news article or
# a stored page is a url, a repository a full commit (the loader refuses a truncated one)
PROVENANCE: dict[str, tuple[str, str | None, tuple[dict, ...], tuple[str, ...]]] = {
    "pop_sex_age_2025": ("secondary", f"{KOSIS}/statHtml/statHtml.do?orgId=101&tblId=DT_1BPA001",
                         (github("miguelmendez04/ETL_CoreaDelSur",
                                 "9a5d2751dafce6edc9f97c4eaf204b1a565f3f43",
                                 "data/bronze/kosis/2026-10-01/poblacion_nacional_edad_sexo_"
                                 "2000_2072_medio.csv"),),
                         ("pop_age_sex_DT_1BPA001_2020_2025.csv",)),
    "province_registration_2024": ("secondary", f"{KOSIS} (행정안전부 주민등록인구현황)",
                                   (EOPCHANG,), ("marginals_from_audit_repo.csv",)),
    "marital_by_age_2024": ("secondary", f"{KOSIS}/statHtml/statHtml.do?orgId=101&tblId=DT_1MR2060",
                            (github("Choihello/synth-persona",
                                    "5a49daa962c9d92cc813544b544eaabb56f4dc09",
                                    "data/census/kr-2024.json"),),
                            ("marital_by_age_DT_1MR2060.csv",)),
    "education_census2020_25plus": ("secondary", f"{KOSIS} (2020 인구주택총조사 표본집계)",
                                    (EOPCHANG,), ("marginals_from_audit_repo.csv",)),
    "occ_major_sex_eaps_2025": ("secondary",
                                f"{KOSIS}/statHtml/statHtml.do?orgId=101&tblId=DT_1DA7E27S",
                                (github(CHA, "c590f9dbf9db77cc18906c9b72f21fa021a61e2a",
                                        "data/성별_직업별.csv"),),
                                ("occ_major_by_sex_EAPS_annual_2016_2025.csv",)),
    "occ_submajor_age_edu_llfs_2024h1": ("secondary", f"{KOSIS} (지역별고용조사)",
                                         (github(CHA, "3bf125ab366e2bf426c30a51410ed12ea1ddbd0e",
                                                 "data/직업별_학력별.csv"),),
                                         ("occ_submajor_by_age_edu_LLFS_2024H1.csv",
                                          "ksco/ksco_7th.csv")),
    "field_occupation_llfs_2024h1": ("secondary", "https://kostat.go.kr (2024년 상반기 지역별고용조사 "
                                     "취업자의 산업 및 직업별 특성)",
                                     ({"unrecorded": "a third-party Streamlit app's public "
                                                     "GitHub copy of the KOSTAT release; its "
                                                     "repository was not kept"},),
                                     ("field_of_study_x_occupation_LLFS_2024H1_top3.csv",)),
    "military_strength_2019_2023": ("secondary", "https://www.mnd.go.kr", (MND_NEWS,),
                                    ("military_strength_2017_2023.csv",)),
    "military_enlisted_share_men_20_24": ("derived", None, (MND_NEWS,),
                                          ("military_strength_2017_2023.csv",
                                           "pop_age_sex_DT_1BPA001_2020_2025.csv",
                                           "military_derived_active_duty_shares.csv")),
    "military_women_share": ("secondary", "https://mnd.go.kr/mnd_book/DefenseWhitePaper/2020/"
                             "01_2020_mnd_all/files/basic-html/page125.html",
                             ({"url": "https://mnd.go.kr/mnd_book/DefenseWhitePaper/2020/"
                                      "01_2020_mnd_all/files/basic-html/page125.html"},
                              {"url": "https://news.sbs.co.kr/amp/news.amp?news_id=N1003802772"}),
                             ("military_women.csv",)),
    "military_rules": ("secondary", "https://www.law.go.kr/법령/병역법",
                       ({"unrecorded": "verbatim mirror of law.go.kr in GitHub "
                                       "legalize-kr/legalize-kr, kr/병역법/법률.md and "
                                       "kr/군인사법/법률.md; its commit was not kept"},), ()),
    "ksco7_codes": ("secondary", "https://kssc.kostat.go.kr",
                    (github("club-paradiso/Visable", "42c47c62b0f812dab9c053004fb2cf18e0a972d2",
                            "data/sources/ksco7th_provided_text_2026-06-14.txt"),),
                    ("ksco/ksco_7th.csv",)),
    "occ_major_sex_edu_eaps_2024": ("secondary", "https://ilostat.ilo.org/data/", (ILO,),
                                    ("../three_way/kor_ilostat_eaps2024_occ_ksco_major_x_sex_x_"
                                     "edu.csv",)),
    "occ_major_sex_age_eaps_2024": ("secondary", "https://ilostat.ilo.org/data/", (ILO_AGE,),
                                    ("../three_way/kor_ilostat_eaps2024_occ_ksco_major_x_sex_x_"
                                     "age.csv",)),
    "occ_minor_sex_moel_2025": ("secondary", "https://kosis.kr/statHtml/statHtml.do?orgId=118&"
                                "tblId=DT_118N_PAYM41", (MOEL,),
                                ("../three_way/kor_moel_lcet2025_occ_minor_x_sex.csv",)),
    "goms_field_keco_2017_2019": ("secondary", "https://analysis.keis.or.kr/gomsSubject.do?"
                                  "goIndex=3-1", (GOMS_SEEN,),
                                  ("goms/kor_goms_major7_x_keco2018_major_2017_2019.csv",)),
    "goms_sex_keco_2017_2019": ("secondary", "https://analysis.keis.or.kr/gomsSubject.do?"
                                "goIndex=3-1", (GOMS_SEEN,),
                                ("goms/kor_goms_sex_x_keco2018_major_2017_2019.csv",)),
}


def read(shared: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(shared / "reference-data" / "ko_KR" / name, comment="#", dtype=str)


def write(out: Path, table_id: str, rows: list[dict], manifest: dict) -> None:
    kind, official, seen, names = PROVENANCE[table_id]
    inputs = tuple(shared("reference-data", "ko_KR", n).resolve() for n in names)
    write_reference(out / f"{table_id}.csv", rows,
                    {"id": table_id, "retrieved": RETRIEVED, **manifest,
                     "provenance": provenance(kind, official, seen, inputs)})
    print(f"wrote {table_id}.csv: {len(rows)} rows")


def pop_sex_age(shared: Path, out: Path) -> None:
    df = read(shared, "pop_age_sex_DT_1BPA001_2020_2025.csv")
    df = df[(df.year == "2025") & df.sex.isin(["male", "female"])]
    band = re.compile(r"^\d+-\d+$|^100이상$")
    rows = [
        {"sex": SEX[r.sex], "age_band": r.age_band_or_measure.replace("100이상", "100+"),
         "value": r.value}
        for r in df.itertuples()
        if band.match(r.age_band_or_measure)
    ]
    write(out, "pop_sex_age_2025", rows, {
        "title": "장래인구추계: 성 및 연령별 추계인구(5세별), 중위 추계 (Projected population by sex "
                 "and 5-year age, medium scenario)",
        "publisher": "Statistics Korea (KOSTAT), via KOSIS",
        "table_id": "KOSIS orgId=101 tblId=DT_1BPA001",
        "period": "2025 (mid-year, 1 July; 2022-based projection)",
        "population_frame": "total resident population incl. foreigners, all ages",
        "unit": "persons",
        "url": "https://kosis.kr/statHtml/statHtml.do?orgId=101&tblId=DT_1BPA001",
        "licence": KOSIS_LICENCE,
        "evidence": "secondary: verbatim KOSIS download in GitHub miguelmendez04/ETL_CoreaDelSur "
                    "data/bronze/kosis/2026-10-01/poblacion_nacional_edad_sexo_2000_2072_medio.csv "
                    "(commit 9a5d2751dafce6edc9f97c4eaf204b1a565f3f43)",
        "why_chosen": "Newest period with sex x 5-year age for adults. The release's frame is 19+; "
                      "this table cannot split 19-year-olds out of 15-19, so footprints align both "
                      "sides on ages 20+. The 2025 projection is closest to the release's age "
                      "structure among 2020-2025 (checked against the full release's age counts).",
    })


def province(shared: Path, out: Path) -> None:
    df = read(shared, "marginals_from_audit_repo.csv")
    df = df[df.variable == "province"]
    rows = [{"province": r.category, "value": r.value} for r in df.itertuples()]
    write(out, "province_registration_2024", rows, {
        "title": "주민등록인구현황 (resident registration population by province), shares of total",
        "publisher": "Ministry of the Interior and Safety, via KOSIS",
        "table_id": "KOSIS 주민등록인구현황 (행정안전부), 2024-12",
        "period": "2024-12",
        "population_frame": "registered residents, all ages (no adult-only province table found)",
        "unit": "proportion of total population",
        "url": "https://kosis.kr (행정안전부 주민등록인구현황)",
        "licence": KOSIS_LICENCE,
        "evidence": "secondary: eopchang/nemotron-personas-korea-audit "
                    "data/reference/kosis_reference.json (HEAD 99b064b); province labels as the "
                    "release writes them",
        "why_chosen": "Newest province split found. Frame is all ages while the release is 19+: "
                      "provinces with younger or older populations differ slightly; the "
                      "tolerance accounts for it.",
        "note": "Known defect: the 17 shares of the copy sum to 0.9898, so at least one is "
                "mis-transcribed (the copy carries no counts) and the comparison's normalising "
                "hides up to about 0.01 of TVD. The primary (행정안전부 주민등록인구현황 2024-12 on "
                "KOSIS or jumin.mois.go.kr) was searched for and not found in any public copy "
                "(code and page searches for the Dec 2024 province counts, a KOSIS provincial "
                "projection too large to transcribe); re-read it when a copy is found.",
    })


def marital_by_age(shared: Path, out: Path) -> None:
    df = read(shared, "marital_by_age_DT_1MR2060.csv")
    df = df[(df.unit == "persons") & (df.age_band != "15~19")]
    label = {"유배우(배우자있음)": "배우자있음"}
    rows = [
        {"age_band": r.age_band.replace("~", "-"),
         "marital_status": label.get(r.marital_status, r.marital_status), "value": r.value}
        for r in df.itertuples()
    ]
    write(out, "marital_by_age_2024", rows, {
        "title": "성, 연령 및 혼인상태별 인구 (population by age and marital status), national total",
        "publisher": "Statistics Korea (KOSTAT), via KOSIS",
        "table_id": "KOSIS orgId=101 tblId=DT_1MR2060",
        "period": "2024 (latest period in the extract)",
        "population_frame": "Korean nationals aged 18+ (the 15-19 row is zero and dropped here)",
        "unit": "persons",
        "url": "https://kosis.kr/statHtml/statHtml.do?orgId=101&tblId=DT_1MR2060",
        "licence": KOSIS_LICENCE,
        "evidence": "secondary: GitHub Choihello/synth-persona data/census/kr-2024.json "
                    "(commit 5a49daa962c9d92cc813544b544eaabb56f4dc09)",
        "why_chosen": "Newest marital table with age bands, so the release can be aligned on ages "
                      "20+ (the 2020 census 15+ marginal includes teenagers, who are all never "
                      "married). 사별 and 이혼 are merged in the extract; the footprint merges the "
                      "release's two categories the same way.",
    })


def education(shared: Path, out: Path) -> None:
    df = read(shared, "marginals_from_audit_repo.csv")
    df = df[df.variable == "education_level"]
    rows = [{"education_level": r.category, "value": r.value} for r in df.itertuples()]
    write(out, "education_census2020_25plus", rows, {
        "title": "2020 인구주택총조사 표본집계: 학력별 인구 (population by educational attainment)",
        "publisher": "Statistics Korea (KOSTAT)",
        "table_id": "2020 Population and Housing Census, sample (학력별 인구, 25세 이상)",
        "period": "2020-11-01",
        "population_frame": "population aged 25+",
        "unit": "proportion",
        "url": "https://kosis.kr (2020 인구주택총조사 표본집계)",
        "licence": KOSIS_LICENCE,
        "evidence": "secondary: eopchang/nemotron-personas-korea-audit "
                    "data/reference/kosis_reference.json (HEAD 99b064b)",
        "why_chosen": "The only complete 7-level attainment distribution found (the DT_1PM2003 "
                      "extract lacks 무학 and 초등). Its categories equal the release's. Frame 25+: "
                      "the footprint restricts the release to ages 25+.",
    })


def occ_major_by_sex(shared: Path, out: Path) -> None:
    df = read(shared, "occ_major_by_sex_EAPS_annual_2016_2025.csv")
    df = df[(df.year == "2025") & df.measure.isin(["male", "female"]) & (df.ksco_major != "total")]
    rows = [
        {"ksco_major": r.ksco_major, "title": r.occupation_ko, "sex": SEX[r.measure],
         "value": r.value}
        for r in df.itertuples()
    ]
    write(out, "occ_major_sex_eaps_2025", rows, {
        "title": "경제활동인구조사: 성/직업별 취업자 (employed persons by sex and KSCO major group), "
                 "annual average",
        "publisher": "Statistics Korea (KOSTAT), Economically Active Population Survey, via KOSIS",
        "table_id": "KOSIS orgId=101 tblId=DT_1DA7E27S",
        "period": "2025 (annual average)",
        "population_frame": "employed persons aged 15+, civilian non-institutional population "
                            "(armed forces excluded)",
        "unit": "thousand persons",
        "url": "https://kosis.kr/statHtml/statHtml.do?orgId=101&tblId=DT_1DA7E27S",
        "licence": KOSIS_LICENCE,
        "evidence": "secondary: verbatim KOSIS download in GitHub cha1367/ge data/성별_직업별.csv "
                    "(commit c590f9dbf9db77cc18906c9b72f21fa021a61e2a)",
        "why_chosen": "Newest annual occupation x sex table (KSCO 7 major groups). The annual "
                      "average smooths the half-year swings of the LLFS series.",
    })


def _norm(title: str) -> str:
    return re.sub(r"\s+", "", title.replace("∙", "·"))


def occ_submajor(shared: Path, out: Path) -> None:
    df = read(shared, "occ_submajor_by_age_edu_LLFS_2024H1.csv")
    ksco = read(shared, "ksco/ksco_7th.csv")
    codes = {_norm(t): c for t, c, lv in zip(ksco.title, ksco.code, ksco.level) if lv in "12"}
    rows = []
    for r in df[df.ksco_major != "0"].itertuples():
        level_code = codes.get(_norm(r.occupation_ko))
        if level_code is None or level_code[0] != r.ksco_major:
            raise SystemExit(f"LLFS title not in KSCO 7 levels 1-2: {r.occupation_ko}")
        value = r.value if isinstance(r.value, str) and r.value else "0"  # "-": no sample
        rows.append({"ksco": level_code, "title": r.occupation_ko, "measure": r.measure,
                     "value": value})
    write(out, "occ_submajor_age_edu_llfs_2024h1", rows, {
        "title": "지역별고용조사: 직업(중분류)별 취업자, 연령(5구간) 및 교육정도(3구간) (employed by KSCO "
                 "sub-major group, by age group and by education group)",
        "publisher": "Statistics Korea (KOSTAT), Local Area Labour Force Survey, via KOSIS",
        "table_id": "KOSIS orgId=101 지역별고용조사 직업(중분류)별 취업자 (tblId not recorded in the copy)",
        "period": "2024 H1 (April 2024 survey)",
        "population_frame": "employed persons aged 15+ (armed forces excluded); no sex breakdown",
        "unit": "thousand persons",
        "url": "https://kosis.kr (지역별고용조사)",
        "licence": KOSIS_LICENCE,
        "evidence": "secondary: verbatim KOSIS download in GitHub cha1367/ge data/직업별_학력별.csv "
                    "(commit 3bf125ab366e2bf426c30a51410ed12ea1ddbd0e). Column ksco: 1-digit codes "
                    "are major-group totals, 2-digit codes sub-majors (matched to KSCO 7 titles); the "
                    "3 cells KOSIS marks '-' (no sample) are written as 0",
        "why_chosen": "The only occupation x education and occupation x age table found at "
                      "sub-major level; 2024 H1 is the newest period transcribed.",
    })


def field_occupation(shared: Path, out: Path) -> None:
    df = read(shared, "field_of_study_x_occupation_LLFS_2024H1_top3.csv")
    majors = {"전문가 및 관련종사자": "2", "사무종사자": "3", "서비스종사자": "4", "판매종사자": "5",
              "농림어업숙련종사자": "6", "장치·기계조작 및 조립종사자": "8"}
    rows = []
    for r in df.itertuples():
        if r.measure == "employed_graduates":
            rows.append({"field": r.field_kostat_12, "bachelors_field": r.npk_field,
                         "ksco_major": "", "measure": "employed", "value": r.value})
        elif r.measure.startswith("rank"):
            major = majors[r.measure.split(":", 1)[1]]
            rows.append({"field": r.field_kostat_12, "bachelors_field": r.npk_field,
                         "ksco_major": major, "measure": "share_pct", "value": r.value})
    write(out, "field_occupation_llfs_2024h1", rows, {
        "title": "지역별고용조사 취업자의 산업 및 직업별 특성: 교육분류(전공)별 취업자와 직업 대분류 상위 "
                 "3개 구성비 (employed graduates by field of study and their top-3 KSCO major groups)",
        "publisher": "Statistics Korea (KOSTAT), Local Area Labour Force Survey",
        "table_id": "2024년 상반기 지역별고용조사 취업자의 산업 및 직업별 특성 (press release tables); "
                    "occupation cross-table id not found",
        "period": "2024 H1 (April 2024 survey)",
        "population_frame": "employed persons 15+ with 전문대졸 or higher (includes 2-3-year college "
                            "graduates)",
        "unit": "thousand persons (employed); percent of the field's employed graduates (share_pct)",
        "url": "https://kostat.go.kr (2024년 상반기 지역별고용조사 취업자의 산업 및 직업별 특성)",
        "licence": KOSIS_LICENCE,
        "evidence": "secondary: transcribed from a third-party Streamlit app copy of the KOSTAT "
                    "release, not verified against the release; fields sum to 14,979k = 대졸이상 "
                    "14,977k of the LLFS 2024H1 sub-major table (consistent)",
        "why_chosen": "The KEIS graduate survey (GOMS) field x occupation matrix was searched for "
                      "and not found in public copies. This is the best substitute: a partial "
                      "joint (top-3 cells per field only). bachelors_field is iaf's mapping of the "
                      "12 KOSTAT labels to the release's 10 (예술+인문학, 보건+복지 merged).",
    })


def military(shared: Path, out: Path) -> None:
    df = read(shared, "military_strength_2017_2023.csv")
    df = df[df["class"].isin(["장교", "부사관", "병"]) & df.year.isin([str(y) for y in range(2019, 2024)])]
    rows = [{"year": r.year, "class": r._2, "branch": r.branch, "value": r.value}
            for r in df.itertuples()]
    write(out, "military_strength_2019_2023", rows, {
        "title": "운영병력 (operating strength of the armed forces) by class and branch",
        "publisher": "Ministry of National Defense (data released to the National Assembly)",
        "table_id": "MND 운영병력 2019-2023 (released via 부승찬 의원)",
        "period": "2019-2023 (annual)",
        "population_frame": "active-duty military personnel (officers incl. warrant officers, NCOs, "
                            "enlisted)",
        "unit": "thousand persons",
        "url": "https://sisamirae.com/news/article.html?no=275369",
        "licence": "public government figures quoted by the press; reuse of figures only",
        "evidence": "secondary: news article quoting MND data",
        "why_chosen": "Only class x branch series found; gives the rank composition band "
                      "(2019-2023) and the enlisted strength for the enlisted-share band.",
    })
    pop = read(shared, "pop_age_sex_DT_1BPA001_2020_2025.csv")
    men = pop[(pop.sex == "male") & (pop.age_band_or_measure == "20-24")].set_index("year").value
    raw = read(shared, "military_derived_active_duty_shares.csv")
    raw = raw[raw.measure.str.startswith("병 strength")]
    rows = [{"year": r.year, "measure": "enlisted_per_men_20_24", "enlisted": r.numerator,
             "men_20_24": r.denominator, "value": r.ratio} for r in raw.itertuples()]
    for row in rows:  # the denominators are DT_1BPA001 figures; check the copy against ours
        if row["year"] in men.index and int(float(men[row["year"]])) != int(float(row["men_20_24"])):
            raise SystemExit(f"men 20-24 mismatch for {row['year']}")
    write(out, "military_enlisted_share_men_20_24", rows, {
        "title": "Enlisted strength (병, 운영병력) per man aged 20-24 (derived ratio)",
        "publisher": "iaf derivation from MND 운영병력 and KOSTAT DT_1BPA001",
        "table_id": "derived: MND 운영병력 병 / DT_1BPA001 men 20-24",
        "period": "2019-2023",
        "population_frame": "men aged 20-24, total resident population (incl. foreigners)",
        "unit": "ratio",
        "url": "https://sisamirae.com/news/article.html?no=275369 ; "
               "https://kosis.kr/statHtml/statHtml.do?orgId=101&tblId=DT_1BPA001",
        "licence": "derived from the two sources above",
        "evidence": "derived (not an official statistic): conscripts are almost all men aged "
                    "19-28 who mostly enlist at 20-22 for 18-21 months, so enlisted strength over "
                    "men 20-24 approximates the active-duty share of young men",
        "why_chosen": "No official share of young men on active duty exists; this ratio bounds it "
                      "from the two official series.",
    })
    women = read(shared, "military_women.csv")
    keep = women[women.measure.str.contains("female share")]
    rows = [{"reference_date": r.reference_date, "measure": r.measure, "value": r.value}
            for r in keep.itertuples() if r.value != "not found"]
    write(out, "military_women_share", rows, {
        "title": "Female share of military cadre (장교·부사관)",
        "publisher": "Ministry of National Defense (국방백서 2020; 국정감사 data 2016)",
        "table_id": "2020 국방백서 p.125; MND 국감자료 2016-06",
        "period": "2016-06, 2020-11, 2022 target",
        "population_frame": "active-duty officers (incl. warrant officers) and NCOs",
        "unit": "percent",
        "url": "https://mnd.go.kr/mnd_book/DefenseWhitePaper/2020/01_2020_mnd_all/files/basic-html/"
               "page125.html ; https://news.sbs.co.kr/amp/news.amp?news_id=N1003802772",
        "licence": "public government publication; reuse of figures only",
        "evidence": "primary (2020 white paper) and secondary (2016 press quoting MND)",
        "why_chosen": "Only official female shares of cadre found; 2023-2025 not found, so the "
                      "band runs from the 2016 value to the 2022 target.",
    })


def military_rules(out: Path) -> None:
    law_mil = "병역법 (Military Service Act), text in force 2026-10-02"
    law_per = "군인사법 (Military Personnel Management Act), amended 2023-06-20"
    rows = [
        {"rule": "enlisted_sex", "class": "병사", "constraint": "sex", "limit": "남자",
         "basis": f"{law_mil} 제3조①: men owe military service; women may serve on active duty "
                  "and in the reserve only by volunteering (지원). The article does not bar "
                  "women from enlisted service; volunteers are selected as officers and NCOs "
                  "only, in practice, so enlisted rows being men is the institution's practice "
                  "[inference], not the article's words"},
        {"rule": "enlisted_age", "class": "병사", "constraint": "min_age", "limit": "18",
         "basis": f"{law_mil} 제8조: men enter the reserve of liability (병역준비역) at 18; "
                  "cannot bind on a release of adults 19+ (the Korean release's ages start at "
                  "19), kept for releases that include 18-year-olds"},
        {"rule": "enlisted_age", "class": "병사", "constraint": "max_age", "limit": "30",
         "basis": f"{law_mil} 제16조 and 병역법 시행령: postponement of enlistment ends at 28 "
                  "at most, plus at most 21 months of service (calendar-year age, 제2조②) "
                  "[iaf's reading of the limits, an inference]"},
        {"rule": "officer_age", "class": "장교", "constraint": "min_age", "limit": "20",
         "basis": f"{law_per} 제15조①: 소위 appointed at 20 at the earliest"},
        {"rule": "officer_age", "class": "장교", "constraint": "max_age", "limit": "63",
         "basis": f"{law_per} 제8조①: highest age limit of any officer rank (대장 63)"},
        {"rule": "nco_age", "class": "부사관", "constraint": "min_age", "limit": "18",
         "basis": f"{law_per} 제15조①: NCOs appointed at 18 at the earliest"},
        {"rule": "nco_age", "class": "부사관", "constraint": "max_age", "limit": "55",
         "basis": f"{law_per} 제8조①: highest NCO age limit (원사 55)"},
    ]
    write(out, "military_rules", rows, {
        "title": "Hard constraints on who can be on active duty, by class",
        "publisher": "Republic of Korea statutes (법제처 국가법령정보센터)",
        "table_id": "병역법 제2조②, 제3조①, 제8조, 제16조; 군인사법 제8조①, 제15조①",
        "period": "law texts in force 2026",
        "population_frame": "active-duty military personnel",
        "unit": "rule (sex label or calendar-year age)",
        "url": "https://www.law.go.kr/법령/병역법 ; https://www.law.go.kr/법령/군인사법",
        "licence": "statutes are public domain in Korea (저작권법 제7조)",
        "evidence": "secondary: verbatim law mirror legalize-kr/legalize-kr kr/병역법/법률.md and "
                    "kr/군인사법/법률.md; 병역법 제3조① re-read 2026-12-01 in public copies of its "
                    "text; bounds are iaf's reading of those articles (see basis)",
    })


def ksco_codes(shared: Path, out: Path) -> None:
    df = read(shared, "ksco/ksco_7th.csv")
    rows = [{"code": r.code, "level": r.level, "title": r.title, "parent_code": r.parent_code
             if isinstance(r.parent_code, str) else ""} for r in df.itertuples()]
    write(out, "ksco7_codes", rows, {
        "title": "한국표준직업분류 제7차 (Korean Standard Classification of Occupations, 7th "
                 "revision): complete code list",
        "publisher": "Statistics Korea (KOSTAT), 통계청 고시 제2017-191호",
        "table_id": "KSCO 7 (in force 2018-01-01 to 2024-12-31)",
        "period": "2017 revision",
        "population_frame": "classification (10 major, 52 sub-major, 156 minor, 451 unit, "
                            "1,231 5-digit groups incl. armed forces A)",
        "unit": "code list",
        "url": "https://kssc.kostat.go.kr",
        "licence": "KOSTAT classification, public",
        "evidence": "secondary: GitHub club-paradiso/Visable "
                    "data/sources/ksco7th_provided_text_2026-06-14.txt (commit "
                    "42c47c62b0f812dab9c053004fb2cf18e0a972d2); known defects kept: duplicate "
                    "code 2722 (행정사), mixed middle dots (∙ vs ·), 39993 absent",
    })


THREE_WAY_EDUCATION = {  # ILO aggregates -> the LLFS education groups of the release's crosswalk
    "edu_aggregate_ltb": "edu_middle_or_less", "edu_aggregate_bas": "edu_middle_or_less",
    "edu_aggregate_int": "edu_high_school", "edu_aggregate_adv": "edu_college_or_more",
}


def occ_sex_education(shared: Path, out: Path) -> None:
    """EAPS 2024 KSCO major x sex x education, through ILOSTAT: the three-way table."""
    path = shared / "reference-data" / "three_way" / "kor_ilostat_eaps2024_occ_ksco_major_x_sex_x_edu.csv"
    df = pd.read_csv(path, comment="#", dtype=str)
    df = df[df.edu_code.isin(THREE_WAY_EDUCATION)]
    df = df.assign(value=pd.to_numeric(df.value_thousands).fillna(0.0),
                   education=df.edu_code.map(THREE_WAY_EDUCATION))
    grouped = df.groupby(["occ_code", "sex", "education"], sort=True)["value"].sum()
    rows = [{"ksco_major": occ, "sex": SEX[sex], "education": edu, "value": f"{v:.3f}"}
            for (occ, sex, edu), v in grouped.items()]
    write(out, "occ_major_sex_edu_eaps_2024", rows, {
        "retrieved": "2026-12-01",
        "title": "Employment by sex, occupation and education (ILO harmonised), Republic of "
                 "Korea: KSCO major group x sex x education (3 groups)",
        "publisher": "Statistics Korea (KOSTAT), Economically Active Population Survey; "
                     "re-published by the ILO (ILOSTAT)",
        "table_id": "ILOSTAT EMP_TEMP_SEX_OCU_EDU_NB (ref_area KOR)",
        "period": "2024 (annual average)",
        "population_frame": "employed persons aged 15+, civilian household population",
        "unit": "thousands of persons",
        "url": "https://ilostat.ilo.org/data/",
        "licence": "ILOSTAT terms of use (CC BY 4.0); not verified for this table",
        "evidence": "secondary: GitHub open-numbers/ddf--ilo--ilostat (commit "
                    "c50d060595275a48961dbd0c5971eedea95ffad8), the KOR datapoints of "
                    "emp_temp_sex_ocu_edu_nb, 2024 rows for the nine occupation codes, "
                    "transcribed in shared/reference-data/three_way (see its .source.md: codes "
                    "1-9 equal KOSTAT's KSCO major-group counts to the thousand, so they are "
                    "KSCO groups; absent rows are zeros here)",
        "why_chosen": "The only official three-way table of the release's occupation, sex and "
                      "education found: two-way tables cannot see whether sex and education act "
                      "on occupation together, which the card says is not modelled.",
        "transform": "ILO education aggregates pooled into the LLFS groups the release's "
                     "education crosswalk uses: less than basic + basic (ISCED x, 1-2) -> "
                     "edu_middle_or_less; intermediate (ISCED 3) -> edu_high_school; advanced "
                     "(ISCED 5-8) -> edu_college_or_more",
    })


def _three_way(name: str) -> pd.DataFrame:
    return pd.read_csv(shared("reference-data", "three_way", name), comment="#", dtype=str)


def occ_sex_age(shared: Path, out: Path) -> None:
    """EAPS 2024 KSCO major x sex x age (ILO's four bands), through ILOSTAT."""
    df = _three_way("kor_ilostat_eaps2024_occ_ksco_major_x_sex_x_age.csv")
    df = df.assign(value=pd.to_numeric(df.value_thousands).fillna(0.0))
    rows = [{"ksco_major": r.occ_code, "sex": SEX[r.sex], "age_band": r.age_band,
             "value": f"{r.value:.3f}"}
            for r in df.sort_values(["occ_code", "sex", "age_band"]).itertuples()]
    write(out, "occ_major_sex_age_eaps_2024", rows, {
        "retrieved": "2026-12-05",
        "title": "Employment by sex, age and occupation (ILO harmonised), Republic of Korea: "
                 "KSCO major group x sex x age (15-24, 25-54, 55-64, 65+)",
        "publisher": "Statistics Korea (KOSTAT), Economically Active Population Survey; "
                     "re-published by the ILO (ILOSTAT)",
        "table_id": "ILOSTAT EMP_TEMP_SEX_AGE_OCU_NB (ref_area KOR, classif1 age_aggregate)",
        "period": "2024 (annual average)",
        "population_frame": "employed persons aged 15+, civilian household population",
        "unit": "thousands of persons",
        "url": "https://ilostat.ilo.org/data/",
        "licence": "ILOSTAT terms of use (CC BY 4.0); not verified for this table",
        "evidence": "secondary: GitHub open-numbers/ddf--ilo--ilostat (commit "
                    "c50d060595275a48961dbd0c5971eedea95ffad8), the KOR datapoints of "
                    "emp_temp_sex_age_ocu_nb, 2024 rows of the nine occupation codes by ILO's "
                    "age aggregates, transcribed by hand in shared/reference-data/three_way "
                    "(its .source.md: summed over age the 18 sex x occupation totals equal "
                    "KOSTAT's EAPS 2024 KOSIS table to 0.5 thousand, so the codes are KSCO major "
                    "groups). Managers aged 15-24 have no 2024 row for either sex: zero here.",
        "why_chosen": "The only official three-way table of the release's occupation, sex and "
                      "age for all the employed (self-employed included): two-way tables cannot "
                      "see whether sex and age act on occupation together. MOEL's wage-worker "
                      "table (DT_118N_PAYM39, June 2025) is the second source: on three bands it "
                      "reproduces 0.989 of this table's interaction, this table 0.858 of its.",
        "transform": "none: ILO's age aggregates kept (the release's ages 19-24 fall in 15-24); "
                     "the ILO's not-classified occupations left out, as not transcribed",
    })


def occ_minor_sex_moel(shared: Path, out: Path) -> None:
    """MOEL LCET June 2025: wage workers by KSCO 7 leaf (3-digit, or 2-digit where MOEL
    publishes no 3-digit breakdown) and sex."""
    df = _three_way("kor_moel_lcet2025_occ_minor_x_sex.csv")
    rows = [{"ksco_leaf": r.ksco7_code, "title": r.title_ko, "sex": SEX[sex],
             "value": getattr(r, f"n_{sex}")}
            for r in df.sort_values("ksco7_code").itertuples() for sex in ("male", "female")]
    write(out, "occ_minor_sex_moel_2025", rows, {
        "retrieved": "2026-12-05",
        "title": "고용형태별근로실태조사: 직종(소분류)/성별 근로자수 (wage workers by KSCO 7 minor "
                 "group and sex), June 2025",
        "publisher": "Ministry of Employment and Labor (MOEL, 고용노동부), Survey on Labor "
                     "Conditions by Employment Type, via KOSIS",
        "table_id": "KOSIS orgId=118 tblId=DT_118N_PAYM41 (item 근로자수)",
        "period": "June 2025",
        "population_frame": "wage workers of establishments (employees); the self-employed, "
                            "unpaid family workers and soldiers are outside it",
        "unit": "persons (weighted)",
        "url": "https://kosis.kr/statHtml/statHtml.do?orgId=118&tblId=DT_118N_PAYM41",
        "licence": KOSIS_LICENCE,
        "evidence": "secondary: GitHub aligator527/career-map @ "
                    "1152ee15c8c232c8d59e52d3d6088b8dbd7fccbe, web/public/data/kr/occ-1.json to "
                    "occ-9.json (leaf codes only; cells under 900 weighted workers dropped "
                    "upstream), transcribed in shared/reference-data/three_way; a sex cell "
                    "under 900 is derived there as the total minus the other sex (+-2). Leaves "
                    "missing upstream (262, 391, 411, 722, 872 and others under 900) are absent.",
        "why_chosen": "The only official occupation x sex table found below the KSCO major "
                      "group for Korea (LLFS publishes sub-major x sex only in press quotes of "
                      "a few cells): it sees sex segregation inside a major group (nurses 92% "
                      "women, engineers 9-14%, both KSCO 2). Its frame is wage workers only.",
    })


GOMS_FIELDS = {"인문": "인문·예체능", "예체능": "인문·예체능", "사회": "사회", "교육": "교육",
               "공학": "공학", "자연": "자연", "의약": "의약"}
GOMS = {
    "publisher": "Korea Employment Information Service (KEIS, 한국고용정보원), Graduates "
                 "Occupational Mobility Survey (GOMS, 대졸자직업이동경로조사)",
    "url": "https://analysis.keis.or.kr/gomsSubject.do?goIndex=3-1",
    "licence": "KEIS 고용조사분석시스템 public statistics; reuse of figures only (not verified)",
    "unit": "persons (weighted frequency)",
    "period": "GOMS editions 2017-2019 (graduating cohorts Aug 2016/Feb 2017 to Aug 2018/Feb "
              "2019, each surveyed about 18-24 months after graduation)",
    "population_frame": "employed graduates of 2-3-year colleges, 4-year universities and "
                        "education colleges, pooled, about 18-24 months after graduation",
}


def _goms(shared: Path, name: str, by: str) -> pd.DataFrame:
    df = read(shared, f"goms/{name}")
    return df[(df[by] != "전체") & (df.occupation_keco2018_major != "전체")]


def goms_field_occupation(shared: Path, out: Path) -> None:
    df = _goms(shared, "kor_goms_major7_x_keco2018_major_2017_2019.csv", "major_field_7")
    df = df.assign(field=df.major_field_7.map(GOMS_FIELDS),
                   value=pd.to_numeric(df.weighted_frequency))
    pooled = df.groupby(["goms_year_label", "field", "occupation_keco2018_major"],
                        as_index=False)["value"].sum()
    rows = [{"edition": r.goms_year_label, "field": r.field,
             "keco_major": r.occupation_keco2018_major, "value": int(r.value)}
            for r in pooled.itertuples()]
    write(out, "goms_field_keco_2017_2019", rows, {
        **GOMS,
        "title": "취업자의 전공별 직업 분포(2017~): employed graduates by field (7 계열, 인문 and "
                 "예체능 pooled here into 6 groups [calc]) and KECO-2018 major group",
        "table_id": "KEIS 고용조사분석시스템 주제별 통계 > 현재 일자리 > 취업자의 전공별 직업 분포(2017~) "
                    "(GOMS_012)",
        "evidence": "secondary: the official export committed by a third party, GitHub "
                    "Siegfriex/SBS_DSJA_5th_EDGE @ 5ff6fe9c92d5e45d7a1a9a338c1d3b2fe42e2712 "
                    "(GOMS_012_취업자의_전공별_직업_분포2017_freq_share.xls), as shared/"
                    "reference-data/ko_KR/goms/kor_goms_major7_x_keco2018_major_2017_2019.csv; "
                    "weighted frequencies copied, 인문 + 예체능 summed by iaf",
        "why_chosen": "The KEIS graduate universe the published audit judged major x occupation "
                      "against. 인문 and 예체능 are pooled because the release's 예술·인문 field "
                      "spans both.",
    })


def goms_sex_occupation(shared: Path, out: Path) -> None:
    df = _goms(shared, "kor_goms_sex_x_keco2018_major_2017_2019.csv", "sex")
    rows = [{"edition": r.goms_year_label, "keco_major": r.occupation_keco2018_major,
             "sex": r.sex, "value": int(r.weighted_frequency)} for r in df.itertuples()]
    write(out, "goms_sex_keco_2017_2019", rows, {
        **GOMS,
        "title": "취업자의 성별 직업 분포(2017~): employed graduates by sex and KECO-2018 major group",
        "table_id": "KEIS 고용조사분석시스템 주제별 통계 > 현재 일자리 > 취업자의 성별 직업 분포(2017~)",
        "evidence": "secondary: the official export committed by a third party, GitHub "
                    "Siegfriex/SBS_DSJA_5th_EDGE @ 5ff6fe9c92d5e45d7a1a9a338c1d3b2fe42e2712, as "
                    "shared/reference-data/ko_KR/goms/kor_goms_sex_x_keco2018_major_2017_2019.csv "
                    "(weighted frequencies copied)",
        "why_chosen": "Female shares by occupation among young graduates, in KECO groups that "
                      "split the KSCO major groups (nurses and engineers are both KSCO 2): a "
                      "young-graduate view beside the population-wide EAPS one.",
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=shared_folder, default=str(shared_root()))
    parser.add_argument("--out", type=Path, default=REFERENCES / "ko_KR" / "tables")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for build in (pop_sex_age, province, marital_by_age, education, occ_major_by_sex,
                  occ_submajor, field_occupation, military, ksco_codes, occ_sex_education,
                  occ_sex_age, occ_minor_sex_moel, goms_field_occupation, goms_sex_occupation):
        build(args.shared, args.out)
    military_rules(args.out)


if __name__ == "__main__":
    main()
