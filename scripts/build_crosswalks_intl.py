"""Generate the crosswalks of the non-Korean locales and the common-taxonomy (ISCO-08) pooling.

en_US occupation_cps_title / occupation_cps_group: the release's 567 snake_case occupations to
  the detailed occupations of BLS CPS table 11 (and their 22 groups).
  strict: the same words in the same order after one deterministic normalisation (lower case,
          'and' read as 'or', plurals made singular, as the release writes its titles);
  broad:  also the same set of words once 'or', 'all', 'other', 'of', 'the' are dropped.
en_SG, pt_BR: release labels to ISCO-08 major groups (SSOC and COD major groups are ISCO-08's).
fr_FR: release labels to the six active PCS groups.
en_IN (and the Hindi splits): the release's NCO-2004 titles to ISCO-08 major groups through the
  NCO-2015 concordance (whose division is the ISCO-08 major group), by title:
  strict: the same title after normalisation (case, '&' as 'and', punctuation), or the start of
          the title where the extraction truncated the concordance's title (at least 15
          characters); a title found in two divisions stays unmapped;
  broad:  also the same set of singular content words ('other', 'and', 'related' ... dropped),
          when every concordance title with that set sits in one division.
en_US cps_title_isco08 / occupation_isco08: each CPS detailed title to an ISCO-08 major group
  through its 2018 Census code (same title), the SOC 2018 detailed occupations that code covers,
  their SOC 2010 codes (O*NET crosswalk) and the BLS SOC-2010 to ISCO-08 links (see
  title_isco08 for the rule that splits a title whose links reach several major groups). The
  Census code list and the O*NET crosswalk are extracts shipped in references/en_US/sources/
  (checksums verified before they are read).
*_isco08_common: a taxonomy's groups pooled into ISCO-08 major groups, with 2 and 3 pooled
  because KSCO's major group 2 spans both; US groups by the BLS links of their SOC major group.

    python scripts/build_crosswalks_intl.py          # IAF_SHARED names the shared folder
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
from sources import REFERENCES, github, provenance, shared, source

from iaf.catalogue import NOT_EMPLOYED, UNMAPPED
from iaf.checksums import sha256_file

ROOT = REFERENCES
INDIA_SPLITS = ("en_IN", "hi_Deva_IN", "hi_Latn_IN")
NOT_WORKING_IN = {"No Occupation / Retired / Homemaker"}
KEEP_PLURAL = {
    "business", "news", "arts", "glass", "sales", "series", "press", "gas", "class", "bus",
    "chassis", "species", "canvas", "analysis", "process", "apparatus", "status", "us", "this",
    "as", "its", "his", "is", "services", "goods", "materials", "electronics", "mechanics",
    "physics", "economics", "mathematics", "statistics", "athletics", "communications",
    "operations", "systems", "relations", "resources", "affairs", "works", "arms", "clothes",
}
DROPPED = {"or", "all", "other", "of", "the", "and", "a", "an", "except", "including"}
NOT_WORKING_US = {"not_in_workforce", "no_occupation"}
COMMON = ("1", "2-3", "4", "5", "6", "7", "8", "9", "0")


def write(locale: str, crosswalk_id: str, column: str, rows: list[dict], variants: list[str],
          description: str, origin: dict | None = None) -> None:
    path = ROOT / locale / "crosswalks" / f"{crosswalk_id}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["release_value", *variants, "note"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    manifest = {"id": crosswalk_id, "column": column, "variants": variants,
                "description": description, "generated_by": "scripts/build_crosswalks_intl.py",
                **({"provenance": origin} if origin else {}), "sha256": sha256_file(path)}
    path.with_suffix(".manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {locale}/{path.name}: {len(rows)} rows")


def singular(word: str) -> str:
    if word in KEEP_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def words(title: str) -> list[str]:
    text = title.lower().replace("&", " and ").replace("_", " ")
    return ["or" if w == "and" else singular(w) for w in re.findall(r"[a-z0-9]+", text)]


def united_states() -> None:
    detailed = pd.read_csv(ROOT / "en_US" / "tables" / "cps_2022_pct_women_detailed.csv",
                           dtype=str, keep_default_na=False)
    group = dict(zip(detailed.occupation, detailed.group))
    strict = {"_".join(words(t)): t for t in detailed.occupation}
    broad = {frozenset(w for w in words(t) if w not in DROPPED): t for t in detailed.occupation}
    values = pd.read_csv(shared("releases", "en_US", "value_lists", "occupation.csv"),
                         dtype=str).value
    titles, groups = [], []
    for value in sorted(values):
        if value in NOT_WORKING_US:
            row = {"release_value": value, "strict": NOT_EMPLOYED, "broad": NOT_EMPLOYED,
                   "note": "not working"}
            titles.append(row)
            groups.append(row)
            continue
        exact = strict.get("_".join(words(value)))
        loose = exact or broad.get(frozenset(w for w in words(value) if w not in DROPPED))
        note = ("same words as the CPS title" if exact else
                "same set of words as the CPS title (broad only)" if loose else
                "no CPS 2022 title with these words")
        titles.append({"release_value": value, "strict": exact or UNMAPPED,
                       "broad": loose or UNMAPPED, "note": note})
        groups.append({"release_value": value, "strict": group.get(exact, UNMAPPED),
                       "broad": group.get(loose, UNMAPPED), "note": note})
    description = ("Release occupations to BLS CPS table 11 {}; strict = same words in the same "
                   "order after normalisation, broad = also the same set of words.")
    write("en_US", "occupation_cps_title", "occupation", titles, ["strict", "broad"],
          description.format("detailed occupations"))
    write("en_US", "occupation_cps_group", "occupation", groups, ["strict", "broad"],
          description.format("groups (22)"))
    pooled_groups(sorted(set(group.values())))
    usa_isco08(detailed, titles)


# CPS table 11 groups are SOC major groups by definition (Census 2018 occupation classification)
SOC_MAJOR = {
    "Management occupations": "11", "Business and financial operations occupations": "13",
    "Computer and mathematical occupations": "15",
    "Architecture and engineering occupations": "17",
    "Life, physical, and social science occupations": "19",
    "Community and social service occupations": "21", "Legal occupations": "23",
    "Education, training, and library occupations": "25",
    "Arts, design, entertainment, sports, and media occupations": "27",
    "Healthcare practitioners and technical occupations": "29",
    "Healthcare support occupations": "31", "Protective service occupations": "33",
    "Food preparation and serving related occupations": "35",
    "Building and grounds cleaning and maintenance occupations": "37",
    "Personal care and service occupations": "39", "Sales and related occupations": "41",
    "Office and administrative support occupations": "43",
    "Farming, fishing, and forestry occupations": "45",
    "Construction and extraction occupations": "47",
    "Installation, maintenance, and repair occupations": "49",
    "Production occupations": "51", "Transportation and material moving occupations": "53",
}
# where the links' unweighted modal group is not where the employment is: declared, with why
EMPLOYMENT_OVERRIDES = {
    "41": ("5", "the group's two largest detailed occupations, cashiers (41-2011) and retail "
                "salespersons (41-2031), 5.3M of its 14.3M employed in CPS 2022, link to ISCO "
                "5230 and 5223 only"),
}
IBS = github("eworx-org/iscoCrosswalks", "edd503a2108ff61cf89962b7b569a1d5b93eaf4b",
             "data-raw/stata_dset/onetsoc_to_isco_cws_ibs/soc10_isco08.dta")
BLS_LINKS = "https://www.bls.gov/soc/ISCO_SOC_Crosswalk.xls"


def international(name: str) -> Path:
    return shared("reference-data", "international", name)


def pooled_groups(groups: list[str]) -> None:
    """CPS groups to ISCO-08 major groups (2 and 3 pooled) by the BLS SOC-2010 to ISCO-08
    links: the common group most of the SOC major group's detailed links reach, unless the
    employment says otherwise (EMPLOYMENT_OVERRIDES)."""
    linkcounts = international("usa_soc2010_major_x_isco08_major_linkcounts.csv")
    counts = pd.read_csv(linkcounts, dtype={"soc_major": str}).set_index("soc_major")
    rows = []
    for g in groups:
        major = SOC_MAJOR[g]
        links = counts.loc[major].groupby(lambda c: "2-3" if c in ("2", "3") else c).sum()
        modal = str(links.idxmax())
        shown = ", ".join(f"{n} to ISCO {c}" for c, n in links.sort_values(ascending=False)
                          .items() if n)
        target, why = EMPLOYMENT_OVERRIDES.get(major, (modal, "the modal group"))
        rows.append({"release_value": g, "all": target,
                     "note": f"SOC major {major}; BLS links of its detailed occupations: {shown}; "
                             f"{why}"})
    write("en_US", "cps_group_isco08_common", "occupation", rows, ["all"],
          "CPS table 11 groups (SOC major groups) pooled into ISCO-08 major groups (2 and 3 "
          "pooled) by the BLS SOC-2010 to ISCO-08 links: the group most of the SOC major group's "
          "detailed links reach, unless its employment is elsewhere (declared per row). The "
          "links are unweighted and major-to-major pooling is lossy (SOC 51 links 75 times to "
          "ISCO 8 and 70 times to 7), so it serves only tables published by group (ACS by "
          "state); detailed titles are placed one by one in cps_title_isco08.",
          provenance("derived", BLS_LINKS, (IBS,), (linkcounts,)))


def soc2018_owners(census: pd.DataFrame, detailed: list[str]) -> dict[str, list[str]]:
    """Each 2018 Census code -> the SOC 2018 detailed occupations it covers: a detailed code is
    its own; a broad or minor group (trailing zeros) or a residual (X) takes the detailed codes
    under it that no more specific Census code takes (the longest matching prefix wins)."""
    prefixes = {r.census_code: r.soc2018.replace("-", "").rstrip("X").rstrip("0")
                for r in census.itertuples() if r.soc2018 != "none"}
    owners: dict[str, list[str]] = {}
    for code in detailed:
        digits = code.replace("-", "")
        length, owner = max((len(p), c) for c, p in prefixes.items() if digits.startswith(p))
        owners.setdefault(owner, []).append(code)
    return owners


# OEWS national employment of the SOC 2010 codes of titles whose links split across major
# groups, where the unweighted rule put most of a large title in the wrong group: each code's
# employment is split evenly over its linked unit groups (pages are BLS's own, stored copies)
OEWS = "https://blsmon1.bls.gov/oes/2018/may/oes259041.htm"
OEWS_2004 = ("https://webarchive.library.unt.edu/eot2008/20080923115952/http:/www.bls.gov/oes/"
             "2004/may/oes251191.htm")
OEWS_2002 = ("https://webharvest.gov/peth04/20041102123334/http://stats.bls.gov/oes/2002/"
             "oes_41Sa.htm")
EMPLOYMENT = {  # SOC 2010 code: (employment, where it was read)
    "25-9041": (1_331_560, f"OEWS May 2018, {OEWS}"),
    "25-1191": (111_730, f"OEWS May 2004 (the newest year found), {OEWS_2004}"),
    "41-4011": (371_580, f"OES 2002 national estimates, {OEWS_2002}"),
    "41-4012": (1_375_000, f"OES 2002 national estimates, {OEWS_2002}: at least 1,375,000 (the "
                           "stored copy cuts the figure after '1,375,'; more only adds to its "
                           "group)"),
}


def employment_group(soc10: set[str], units: dict[str, set[str]]) -> tuple[str, str] | None:
    """The major group most of a split title's employment links to, when EMPLOYMENT covers
    every one of its SOC 2010 codes; None otherwise."""
    if not soc10 or not soc10 <= set(EMPLOYMENT):
        return None
    weight: dict[str, float] = {}
    for code in sorted(soc10):
        linked = sorted(units.get(code, set()))
        for unit in linked:
            weight[unit[0]] = weight.get(unit[0], 0.0) + EMPLOYMENT[code][0] / len(linked)
    best = max(sorted(weight), key=lambda g: weight[g])
    shown = ", ".join(f"{g}: {weight[g]:,.0f}" for g in sorted(weight))
    sources = "; ".join(f"{c} {EMPLOYMENT[c][0]:,} ({EMPLOYMENT[c][1]})" for c in sorted(soc10))
    return best, (f"employment-weighted ({shown}; {weight[best] / sum(weight.values()):.0%} in "
                  f"{best}): {sources}")


def title_isco08(soc10: set[str], units: dict[str, set[str]], soc_major: str,
                 group_links: pd.DataFrame) -> tuple[str, str]:
    """A title's ISCO-08 major group and why: the major group of its SOC codes' links when
    there is one; else the group most of its OEWS employment links to, where declared
    (EMPLOYMENT); else the one most of its distinct ISCO-08 unit groups sit in, a tie going to
    the tied group its SOC major group links to most (the links carry no weights)."""
    linked = sorted(set().union(*(units.get(s, set()) for s in soc10)))
    if not linked:
        return UNMAPPED, f"SOC 2010 {', '.join(sorted(soc10))}: no BLS ISCO-08 link"
    counts = pd.Series([u[0] for u in linked]).value_counts()
    shown = ", ".join(f"{n} to ISCO {c}" for c, n in counts.sort_index().items())
    base = f"SOC 2010 {', '.join(sorted(soc10))}; links {shown}"
    if len(counts) == 1:
        return str(counts.index[0]), f"{base}; one major group"
    weighted = employment_group(soc10, units)
    if weighted:
        return weighted[0], f"{base}; {weighted[1]}"
    tied = sorted(counts[counts == counts.max()].index)
    if len(tied) == 1:
        return tied[0], f"{base}; most links"
    group = group_links.loc[soc_major, tied]
    best = sorted(group[group == group.max()].index)
    if len(best) > 1:
        return UNMAPPED, f"{base}; tied, and tied in SOC major {soc_major} too"
    return best[0], (f"{base}; tied, to the group SOC major {soc_major} links to most "
                     f"({group[best[0]]} of its links)")


def usa_isco08(detailed: pd.DataFrame, titles: list[dict]) -> None:
    """CPS detailed titles, and through them the release's occupations, to ISCO-08 major
    groups at the detailed level (title_isco08); the release's titles BLS publishes no share of
    women for are left out, because the pooled reference (cps_2022_isco08_sex) cannot hold
    them."""
    inputs = (source("en_US", "census2018_occupation_codes"),
              source("en_US", "soc2010_soc2018_onet"),
              international("usa_soc2010_to_isco08_ibs_crosswalk.csv"),
              international("usa_soc2010_major_x_isco08_major_linkcounts.csv"))
    census, soc, links = (pd.read_csv(path, dtype=str) for path in inputs[:3])
    group_links = pd.read_csv(inputs[3], dtype=str).set_index("soc_major").astype(int)
    owners = soc2018_owners(census, sorted(set(soc.soc2018)))
    to_2010 = soc.groupby("soc2018").soc2010.apply(set).to_dict()
    units = links.groupby("soc10_fmt").isco08.apply(set).to_dict()
    code_of = {title_key(t): c for t, c in zip(census.census_title, census.census_code)}
    rows, isco = [], {}
    for title in detailed.occupation:
        code = code_of[title_key(title)]
        soc10 = set().union(*(to_2010[s] for s in owners[code]))
        isco[title], why = title_isco08(soc10, units, owners[code][0][:2], group_links)
        rows.append({"release_value": title, "all": isco[title],
                     "note": f"Census 2018 {code}, SOC 2018 {', '.join(owners[code])}; {why}"})
    write("en_US", "cps_title_isco08", "occupation", rows, ["all"],
          "CPS table 11 detailed titles to ISCO-08 major groups: the 2018 Census code of the "
          "same title, the SOC 2018 detailed occupations it covers, their SOC 2010 codes (O*NET "
          "crosswalk) and the BLS SOC-2010 to ISCO-08 links; a title whose links reach several "
          "major groups goes where most of its distinct ISCO-08 unit groups are, a tie to the "
          "tied group its SOC major group links to most; where OEWS employment is declared "
          "for every SOC 2010 code of a split title, the group most of that employment links "
          "to (EMPLOYMENT).", provenance("derived", BLS_LINKS, (IBS,), inputs))
    published = set(detailed.occupation[detailed.value != ""])
    release = []
    for r in titles:
        row = {"release_value": r["release_value"], "note": r["note"]}
        for variant in ("strict", "broad"):
            title = r[variant]
            row[variant] = (title if title in (NOT_EMPLOYED, UNMAPPED) else
                            isco[title] if title in published else UNMAPPED)
        if r["broad"] not in published | {NOT_EMPLOYED, UNMAPPED}:
            row["note"] += "; CPS 2022 publishes no share of women for its title"
        release.append(row)
    write("en_US", "occupation_isco08", "occupation", release, ["strict", "broad"],
          "Release occupations to ISCO-08 major groups through their CPS titles "
          "(occupation_cps_title, strict or broad) and cps_title_isco08; titles whose share of "
          "women BLS does not publish are unmapped (the pooled reference leaves them out).")


def title_key(title: str) -> str:
    text = re.sub(r"[^a-z0-9]+", " ", title.lower().replace("&", " and "))
    return " ".join(text.split())


def content_words(title: str) -> frozenset[str]:
    return frozenset(singular(w) for w in title_key(title).split()
                     if w not in DROPPED | {"related", "worker", "workers", "n", "e", "c"})


def india() -> None:
    """The release's NCO-2004 titles to ISCO-08 major groups via the NCO-2015 concordance."""
    path = international("ind_nco2015_concordance_extract.csv")
    concordance = pd.read_csv(path, dtype=str).fillna("")
    by_title: dict[str, set[tuple[str, str]]] = {}
    by_words: dict[frozenset[str], set[str]] = {}
    for row in concordance.itertuples():
        by_title.setdefault(title_key(row.title), set()).add((row.nco2015_code, row.nco2004_code))
        by_words.setdefault(content_words(row.title), set()).add(row.nco2015_code[0])
    prefixes = sorted((k for k in by_title if len(k) >= 15), key=len, reverse=True)
    values = pd.read_csv(shared("releases", "en_IN", "value_lists", "occupation.csv"),
                         dtype=str).value
    rows = []
    for value in values:
        if value in NOT_WORKING_IN:
            rows.append({"release_value": value, "strict": NOT_EMPLOYED, "broad": NOT_EMPLOYED,
                         "note": "not working (the release's catch-all)"})
            continue
        key = title_key(value)
        found = by_title.get(key) or next((by_title[p] for p in prefixes
                                           if key.startswith(p + " ")), set())
        how = "same title" if key in by_title else "title truncated in the concordance"
        divisions = {code[0] for code, _ in found}
        if len(divisions) == 1:
            division = divisions.pop()
            codes = "; ".join(f"NCO-2015 {a}" + (f" (NCO-2004 {b})" if b else "")
                              for a, b in sorted(found))
            rows.append({"release_value": value, "strict": division, "broad": division,
                         "note": f"{how}: {codes}"})
            continue
        words = by_words.get(content_words(value), set())
        broad = next(iter(words)) if len(words) == 1 else UNMAPPED
        note = ("in two NCO-2015 divisions: " + ", ".join(sorted(c for c, _ in found))
                if found else "no NCO-2015 title of this wording")
        if broad:
            note += f"; broad: the same content words as NCO-2015 division {broad} titles"
        rows.append({"release_value": value, "strict": UNMAPPED, "broad": broad, "note": note})
    # NCO-2015 Volume I (DGE), as a machine extraction of the official table (3,453 rows)
    origin = provenance("secondary", "https://dge.gov.in/nat", (github(
        "rajiv-golait/nco-project", "7b4bcb9922dd5e67099be2fee989e2b4a5a3d10c",
        "backend/nco_data.json"),), (path,))
    for locale in INDIA_SPLITS:
        write(locale, "occupation_isco08", "occupation", rows, ["strict", "broad"],
              "The release's NCO-2004 occupation titles to ISCO-08 major groups: the NCO-2015 "
              "division of the same title (NCO-2015 divisions are ISCO-08 major groups). The "
              "Hindi splits take the same table: a title written otherwise is unmapped, and the "
              "footprint's mapped-share minimum decides.", origin)
        common(locale, "isco08_common", {str(i): ("2-3" if i in (2, 3) else str(i))
                                         for i in range(10)},
               "ISCO-08 major groups, 2 and 3 pooled.")


JSIC_DIVISIONS = {  # JSIC Rev.13 大分類 of each industry the ja_JP release names
    "A 農業，林業": "農業 林業",
    "B 漁業": "漁業",
    "C 鉱業，採石業，砂利採取業": "鉱業 採石業 砂利採取業",
    "D 建設業": "建設業",
    "E 製造業": "たばこ製造業 はん用機械器具製造業 ゴム製品製造業 デバイス機器製造業 パルプ製造業 "
                "プラスチック製品製造業 化学工業 印刷業 土石製品製造業 家具製造業 建具製造業 "
                "情報通信機械器具製造業 木製品製造業 業務用機械器具製造業 生産用機械器具製造業 "
                "窯業 紙加工品製造業 紙製造業 繊維工業 製本業 製版業 輸送用機械器具製造業 "
                "金属製品製造業 鉄鋼業 電子回路製造業 電子部品製造業 電気機械器具製造業 "
                "非鉄金属製造業 食料品製造業 飲料製造業 飼料製造業",
    "F 電気・ガス・熱供給・水道業": "ガス業 水道業 電気業",
    "G 情報通信業": "インターネットサービス業 情報サービス業 放送業 映像・音声・文字情報制作業 "
                    "通信業",
    "H 運輸業，郵便業": "運輸業 郵便業",
    "I 卸売業，小売業": "卸売業 小売業",
    "J 金融業，保険業": "保険業 金融業",
    "K 不動産業，物品賃貸業": "リース業 不動産業",
    "L 学術研究，専門・技術サービス業": "デザイン 会計 学術機関 広告業 法務 研究開発機関 税務 "
                                     "経営コンサルタント",
    "M 宿泊業，飲食サービス業": "宿泊業 飲食サービス業",
    "N 生活関連サービス業，娯楽業": "カラオケボックス クリーニング業 テーマパーク ボウリング場 "
                                   "冠婚葬祭業 旅行業 映画館 理容業 美容業 遊技場",
    "O 教育，学習支援業": "中学校 学習塾 小学校 専門学校 幼稚園 教育支援施設 高等学校",
    "P 医療，福祉": "介護福祉業 助産 歯科 病院 看護 診療所",
    "Q 複合サービス事業": "農協 郵便局",
    "R サービス業（他に分類されないもの）": "コールセンター業 労働者派遣業 宗教 廃棄物処理業 建物管理業 "
                                         "政治・経済・文化団体 機械等修理業 職業支援施設 "
                                         "職業紹介業 自動車整備業 警備業",
    "S 公務（他に分類されるものを除く）": "国家公務員 地方公務員",
}
NOT_WORKING_JP = ("(現在は引退)", "(現在は離職)")


def japan() -> None:
    """The ja_JP release's occupation strings (industry, firm size, owner, retired/left) to
    their JSIC Rev.13 division; retired, left and students leave the employed frame."""
    division = {industry: name.split(" ", 1)[1] for name, industries in JSIC_DIVISIONS.items()
                for industry in industries.split()}
    values = pd.read_csv(ROOT / "ja_JP" / "values" / "occupation.csv", dtype=str).value
    rows = []
    for value in values:
        industry = value.split(" ")[0]
        if value.endswith(NOT_WORKING_JP) or industry == "学生":
            rows.append({"release_value": value, "all": NOT_EMPLOYED,
                         "note": "not working: retired, left the job, or a student"})
        else:
            rows.append({"release_value": value, "all": division[industry],
                         "note": f"industry {industry}: JSIC Rev.13 division {division[industry]}"})
    write("ja_JP", "occupation_jsic", "occupation", rows, ["all"],
          "The release's occupation strings (industry + firm size + owner) to JSIC Rev.13 "
          "divisions (大分類) by the industry named first; firm size and 経営 do not change the "
          "division; (現在は引退), (現在は離職) and 学生 are not employed. Public servants "
          "(国家公務員, 地方公務員) are placed in S 公務: the LFS classifies each person by "
          "the establishment's industry, so some public servants (teachers at public schools, "
          "staff of public hospitals) sit in other divisions there; neither compared division "
          "(製造業, 卸売業，小売業) employs civil servants, so this reading moves no row into or "
          "out of a compared cell.")


def usa_education() -> None:
    """en_US occupations to the ACS 2021 detailed occupations of NCSES table 10998 (through the
    CPS titles they already map to), and education_level to bachelor's or not."""
    cps = pd.read_csv(ROOT / "en_US" / "crosswalks" / "occupation_cps_title.csv", dtype=str,
                      keep_default_na=False)
    acs = sorted(set(pd.read_csv(ROOT / "en_US" / "tables" / "acs_2021_occupation_bachelors.csv",
                                 dtype=str).occupation))
    exact = {title_key(t): t for t in acs}
    rows = []
    for r in cps.itertuples():
        if r.strict in (NOT_EMPLOYED, UNMAPPED):
            rows.append({"release_value": r.release_value, "strict": r.strict, "broad": r.strict,
                         "note": r.note})
            continue
        key = title_key(r.strict)
        pooled = [t for t in acs if title_key(t).startswith(key + " ")]
        strict = exact.get(key, UNMAPPED)
        broad = strict or (pooled[0] if len(pooled) == 1 else UNMAPPED)
        note = (f"CPS '{r.strict}' is the ACS title" if strict else
                f"CPS '{r.strict}' pooled in ACS '{broad}'" if broad else
                f"CPS '{r.strict}' has no ACS 2021 row of that title (pooled otherwise, or "
                "suppressed)")
        rows.append({"release_value": r.release_value, "strict": strict, "broad": broad,
                     "note": note})
    write("en_US", "occupation_acs_title", "occupation", rows, ["strict", "broad"],
          "Release occupations to the detailed ACS 2021 occupations of NCSES table 10998 "
          "through occupation_cps_title (strict): the same title after normalisation; broad: "
          "also the one ACS title that starts with the CPS title (e.g. 'Chief executives' in "
          "'Chief executives and legislators').")
    bachelors = {"bachelors", "graduate"}
    values = pd.read_csv(ROOT / "en_US" / "values" / "education_level.csv", dtype=str).value
    write("en_US", "education_bachelors", "education_level",
          [{"release_value": v, "all": "bachelors_or_higher" if v in bachelors else
            "no_bachelors", "note": "bachelor's degree or higher" if v in bachelors else
            "below a bachelor's degree"} for v in values], ["all"],
          "education_level to NCSES's two attainment groups (bachelor's degree or higher, or "
          "not).")


def labelled(locale: str, crosswalk_id: str, mapping: dict[str, str], description: str) -> None:
    rows = [{"release_value": k, "all": v,
             "note": "not working" if v == NOT_EMPLOYED else "same group by definition"}
            for k, v in mapping.items()]
    write(locale, crosswalk_id, "occupation", rows, ["all"], description)


def common(locale: str, crosswalk_id: str, codes: dict[str, str], description: str) -> None:
    rows = [{"release_value": k, "all": v, "note": "ISCO-08 major group, 2 and 3 pooled"}
            for k, v in codes.items()]
    write(locale, crosswalk_id, "occupation", rows, ["all"], description)


def main() -> None:
    united_states()
    usa_education()
    india()
    japan()
    isco = {str(i): ("2-3" if i in (2, 3) else str(i)) for i in range(10)} | {"X": "X"}
    labelled("en_SG", "occupation_isco08", {
        "Senior Official or Manager": "1", "Professional": "2",
        "Associate Professional or Technician": "3", "Clerical Worker": "4",
        "Service or Sales Worker": "5", "Agricultural or Fishery Worker": "6",
        "Production Craftsman or Related Worker": "7",
        "Plant or Machine Operator or Assembler": "8",
        "Cleaner, Labourer or Related Worker": "9",
        "National Service": NOT_EMPLOYED,  # full-time national servicemen: outside MOM's frame
        "Retired": NOT_EMPLOYED, "Homemaker": NOT_EMPLOYED, "Unemployed": NOT_EMPLOYED,
        "Student": NOT_EMPLOYED,
    }, "Release occupation categories (SSOC major groups, which follow ISCO-08) to ISCO-08.")
    common("en_SG", "isco08_common", isco, "ISCO-08 major groups, 2 and 3 pooled.")
    common("en_US", "isco08_common", isco, "ISCO-08 major groups, 2 and 3 pooled.")
    labelled("pt_BR", "occupation_isco08", {
        "Diretor ou gerente": "1", "Profissional das ciências ou intelectual": "2",
        "Técnico ou profissional de nível médio": "3",
        "Trabalhador de apoio administrativo": "4",
        "Trabalhador dos serviços, vendedor do comércio ou mercado": "5",
        "Trabalhador qualificado da agropecuária, florestal, da caça ou da pesca": "6",
        "Trabalhador qualificado, operário ou artesão da construção, das artes mecânicas ou de "
        "outro ofício": "7",
        "Operador de instalação ou máquina ou montador": "8", "Ocupação elementar": "9",
        "Membro das forças armadas, policial ou bombeiro militar": "0",
        "Ocupação mal definida": "X",
    }, "Release occupations (IBGE COD major groups, which are ISCO-08's) to ISCO-08.")
    common("pt_BR", "isco08_common", isco, "ISCO-08 major groups, 2 and 3 pooled.")
    labelled("fr_FR", "occupation_pcs", {
        v: v for v in ("Agriculteurs exploitants",
                       "Cadres et professions intellectuelles supérieures",
                       "Professions intermédiaires", "Employés", "Ouvriers")
    } | {"Artisans, commerçants, chefs d'entreprise": "Artisans, commerçants et chefs "
         "d'entreprise", "Retraités": NOT_EMPLOYED,
         "Autres sans activité professionnelle": NOT_EMPLOYED},
        "Release PCS groups to the six active PCS groups of INSEE's employment tables.")
    ksco_common = {"1": "1", "2": "2-3", "3": "4", "4": "5", "5": "5", "6": "6", "7": "7",
                   "8": "8", "9": "9", "A": "0"}
    llfs = pd.read_csv(ROOT / "ko_KR" / "tables" / "occ_submajor_age_edu_llfs_2024h1.csv",
                       dtype=str)
    common("ko_KR", "ksco7_submajor_isco08_common",
           {code: ksco_common[code[0]] for code in sorted(set(llfs.ksco)) if len(code) == 2},
           "KSCO 7 sub-major groups pooled into ISCO-08 major groups through their KSCO major "
           "group (see ksco7_major_isco08_common).")
    common("ko_KR", "ksco7_major_isco08_common", {
        "1": "1", "2": "2-3", "3": "4", "4": "5", "5": "5", "6": "6", "7": "7", "8": "8",
        "9": "9", "A": "0"}, "KSCO 7 major groups pooled into ISCO-08 major groups: KSCO 2 "
        "(professionals and related workers) spans ISCO 2 and 3, KSCO 4 and 5 (service, sales) "
        "are ISCO 5.")


if __name__ == "__main__":
    main()
