"""Generate the Korean crosswalks in references/ko_KR/crosswalks/ (reviewed data files).

occupation_ksco7: the release's 2,120 occupation strings -> KSCO 7 5-digit codes: exact KSCO
  titles, titles equal after normalising the middle dot (∙ U+2219 -> · U+00B7: a glyph
  difference, not a mapping choice), and the military rule (장교 A01, 부사관 A02, 병사 A09).
  strict: `전직 X, 현재 구직중` (job-seekers) and `무직` are not employed.
  broad:  job-seekers counted as their former occupation X: a different frame, not a different
          mapping, so the manifest lists it under frame_variants.
Small crosswalks (marital status, education groups) are written from the tables below.

    python scripts/build_crosswalks_ko.py
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd

from iaf.catalogue import NOT_EMPLOYED, UNMAPPED
from iaf.checksums import sha256_file

ROOT = Path(__file__).resolve().parent.parent / "references" / "ko_KR"
SEEKER = re.compile(r"^전직 (.+), 현재 구직중$")
MILITARY = {"장교": "A01", "부사관": "A02", "병사": "A09"}
BRANCHES = ("육군", "해군", "공군", "해병대")
DOT = str.maketrans({"∙": "·"})


def write(crosswalk_id: str, column: str, rows: list[dict], variants: list[str],
          description: str, frame_variants: tuple[str, ...] = ()) -> None:
    path = ROOT / "crosswalks" / f"{crosswalk_id}.csv"
    path.parent.mkdir(exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["release_value", *variants, "note"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    manifest = {
        "id": crosswalk_id,
        "column": column,
        "variants": variants,
        **({"frame_variants": list(frame_variants)} if frame_variants else {}),
        "description": description,
        "generated_by": "scripts/build_crosswalks_ko.py",
        "sha256": sha256_file(path),
    }
    path.with_suffix(".manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.name}: {len(rows)} rows")


def military_code(title: str) -> str | None:
    branch, _, rank = title.partition(" ")
    return MILITARY.get(rank) if branch in BRANCHES else None


def occupation_row(value: str, exact: dict[str, str], normalised: dict[str, str]) -> dict:
    if value == "무직":
        return {"release_value": value, "strict": NOT_EMPLOYED, "broad": NOT_EMPLOYED,
                "note": "no occupation: not employed"}
    seeker = SEEKER.match(value)
    title = seeker.group(1) if seeker else value
    code = exact.get(title) or military_code(title) or normalised.get(title.translate(DOT))
    notes = []
    if military_code(title):
        notes.append("military rule: KSCO has no branch split; 장교->A01, 부사관->A02, 병사->A09 "
                     "(inference)")
    elif title not in exact and code:
        notes.append("the KSCO title after normalising the middle dot ∙ to · (a glyph variant)")
    elif code is None:
        notes.append("no KSCO 7 title")
    if seeker:
        notes.append("job-seeker: not employed (strict); counted as former occupation (broad)")
        return {"release_value": value, "strict": NOT_EMPLOYED, "broad": code or UNMAPPED,
                "note": "; ".join(notes)}
    return {"release_value": value, "strict": code or UNMAPPED, "broad": code or UNMAPPED,
            "note": "; ".join(notes) or "exact KSCO 7 title"}


def occupation() -> None:
    ksco = pd.read_csv(ROOT / "tables" / "ksco7_codes.csv", dtype=str, keep_default_na=False)
    titles = ksco[ksco.level == "5"]
    exact = dict(zip(titles.title, titles.code))
    normalised = {t.translate(DOT): c for t, c in zip(titles.title, titles.code)}
    values = pd.read_csv(ROOT / "values" / "occupation.csv", dtype=str, keep_default_na=False)
    rows = [occupation_row(v, exact, normalised) for v in values.value]
    write("occupation_ksco7", "occupation", rows, ["strict", "broad"],
          "Release occupation strings to KSCO 7 5-digit codes (A01/A02/A09 for the military): "
          "exact titles, middle-dot glyph variants, the military rule. strict = job-seekers "
          "not employed; broad = job-seekers as their former occupation (a frame variant).",
          frame_variants=("broad",))


def small() -> None:
    marital = {"미혼": "미혼", "배우자있음": "배우자있음", "사별": "사별·이혼", "이혼": "사별·이혼"}
    write("marital_status_3", "marital_status",
          [{"release_value": k, "all": v, "note": "the reference merges 사별 and 이혼"
            if v == "사별·이혼" else "same category"} for k, v in marital.items()],
          ["all"], "Release marital status to the 3 categories of KOSIS DT_1MR2060.")
    education = {"무학": "edu_middle_or_less", "초등학교": "edu_middle_or_less",
                 "중학교": "edu_middle_or_less", "고등학교": "edu_high_school",
                 "2~3년제 전문대학": "edu_college_or_more", "4년제 대학교": "edu_college_or_more",
                 "대학원": "edu_college_or_more"}
    write("education_llfs3", "education_level",
          [{"release_value": k, "all": v, "note": "LLFS 교육정도 3 groups: 중졸이하 / 고졸 / 대졸이상 "
            "(대졸이상 includes 2-3-year colleges)"} for k, v in education.items()],
          ["all"], "Release education level to the 3 education groups of the LLFS tables.")


if __name__ == "__main__":
    occupation()
    small()
