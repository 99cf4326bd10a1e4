"""Generate the crosswalks of the non-Korean locales and the common-taxonomy (ISCO-08) pooling.

en_US occupation_cps_title / occupation_cps_group: the release's 567 snake_case occupations to
  the detailed occupations of BLS CPS table 11 (and their 22 groups).
  strict: the same words in the same order after one deterministic normalisation (lower case,
          'and' read as 'or', plurals made singular, as the release writes its titles);
  broad:  also the same set of words once 'or', 'all', 'other', 'of', 'the' are dropped.
en_SG, pt_BR: release labels to ISCO-08 major groups (SSOC and COD major groups are ISCO-08's).
fr_FR: release labels to the six active PCS groups.
*_isco08_common: a taxonomy's groups pooled into ISCO-08 major groups, with 2 and 3 pooled
  because KSCO's major group 2 spans both; US groups by iaf's reading (inference).

    python scripts/build_crosswalks_intl.py
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd

from iaf.catalogue import NOT_EMPLOYED, UNMAPPED
from iaf.checksums import sha256_file

ROOT = Path(__file__).resolve().parent.parent / "references"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "releases"
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
          description: str) -> None:
    path = ROOT / locale / "crosswalks" / f"{crosswalk_id}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["release_value", *variants, "note"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    manifest = {"id": crosswalk_id, "column": column, "variants": variants,
                "description": description, "generated_by": "scripts/build_crosswalks_intl.py",
                "sha256": sha256_file(path)}
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
    values = pd.read_csv(SHARED / "en_US" / "value_lists" / "occupation.csv", dtype=str).value
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
    pooled = {  # CPS table 11 groups -> ISCO-08 major groups (inference, see the notes)
        "Management occupations": "1",
        "Office and administrative support occupations": "4",
        "Healthcare support occupations": "5", "Protective service occupations": "5",
        "Food preparation and serving related occupations": "5",
        "Personal care and service occupations": "5", "Sales and related occupations": "5",
        "Building and grounds cleaning and maintenance occupations": "9",
        "Farming, fishing, and forestry occupations": "6",
        "Construction and extraction occupations": "7",
        "Installation, maintenance, and repair occupations": "7",
        "Production occupations": "8", "Transportation and material moving occupations": "8",
    }
    rows = [{"release_value": g, "all": pooled.get(g, "2-3"),
             "note": "inference: the ISCO-08 major group most of the group's workers fall in"}
            for g in sorted(set(group.values()))]
    write("en_US", "cps_group_isco08_common", "occupation", rows, ["all"],
          "CPS table 11 groups pooled into ISCO-08 major groups (2 and 3 pooled); iaf's "
          "inference, not the BLS SOC-ISCO crosswalk, which was not available.")


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
