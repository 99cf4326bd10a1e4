"""Generate the education crosswalks of India and Singapore: the release's education_level
values to ILOSTAT's aggregate education levels (scripts/education.py declares both and why).

education_ilo (en_IN, hi_Latn_IN): strict reads Matric/Secondary as basic (ISCED-97 2), the
  variant matric_intermediate as intermediate (3); verdicts are reported per variant.
education_ilo (en_SG): one reading, calibrated on MOM's own qualification groups.

    python scripts/build_crosswalks_education.py
"""

from __future__ import annotations

import csv
import json

from education import KNOWN, MOM, PLFS, ROMANISED
from sources import REFERENCES

from iaf.checksums import sha256_file

SOURCES = ("GitHub index ids 70214367160 (India: an NVIDIA source file listing the release's "
           "values)", "54182222761 and 68589097293 (Singapore: two scripts mapping the release's "
           "values)")


def write(locale: str, rows: list[dict], variants: list[str], description: str) -> None:
    path = REFERENCES / locale / "crosswalks" / "education_ilo.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["release_value", *variants, "note"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    manifest = {"id": "education_ilo", "column": "education_level", "variants": variants,
                "description": description, "values_seen_in": "; ".join(SOURCES),
                "generated_by": "scripts/build_crosswalks_education.py",
                "sha256": sha256_file(path)}
    path.with_suffix(".manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {locale}/{path.name}: {len(rows)} rows")


def india() -> None:
    description = ("education_level (Census-2011 levels, as the release writes them) to "
                   "ILOSTAT's aggregate levels of PLFS (ISCED-97: less than basic 0 + x, basic "
                   "1-2, intermediate 3-4, advanced 5-6). strict: Matric/Secondary is basic; "
                   "matric_intermediate: it is intermediate.")
    variants = ["strict", "matric_intermediate"]
    rows = [{"release_value": v, "strict": a, "matric_intermediate": b, "note": why}
            for v, (a, b, why) in PLFS.items() if v in KNOWN["en_IN"]]
    write("en_IN", rows, variants, description)
    romanised = [{"release_value": v, "strict": PLFS[e][0], "matric_intermediate": PLFS[e][1],
                  "note": f"romanised '{e}': {PLFS[e][2]}"} for v, e in ROMANISED.items()]
    write("hi_Latn_IN", romanised, variants, description.replace(
        "as the release writes them", "romanised Hindi, as the hi_Latn_IN split writes them"))


def singapore() -> None:
    rows = [{"release_value": v, "all": target, "note": f"MOM {group}: ILO {target}"}
            for v, (target, group) in MOM.items()]
    write("en_SG", rows, ["all"], "education_level (Singapore's qualification groups) to "
          "ILOSTAT's aggregate levels of the Labour Force Survey, which are MOM's groups: below "
          "secondary = less than basic, secondary = basic, post-secondary (non-tertiary) = "
          "intermediate, diploma and professional qualification + degree = advanced (their "
          "2023 shares agree within 0.1 point, see scripts/education.py).")


if __name__ == "__main__":
    india()
    singapore()
