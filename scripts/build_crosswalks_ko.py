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


KECO = {  # KECO-2018 (한국고용직업분류 2018) major groups, as GOMS labels them
    "0": "경영·사무·금융·보험직", "1": "연구직 및 공학 기술직",
    "2": "교육·법률·사회복지·경찰·소방직 및 군인", "3": "보건·의료직",
    "4": "예술·디자인·방송·스포츠직", "5": "미용·여행·숙박·음식·경비·청소직",
    "6": "영업·판매·운전·운송직", "7": "건설·채굴직", "8": "설치·정비·생산직", "9": "농림어업직",
}
# KSCO 7 code prefix -> (strict KECO major, broad KECO major, why). The longest prefix decides.
# No official KSCO-KECO linkage table was found: iaf's reading of the two classifications,
# checked unit group by unit group (KSCO 7 4-digit) against the titles of KECO-2018's 136 minor
# groups (소분류; shared/reference-data/ko_KR/goms/keco2018_minor_groups.csv). broad differs only
# where those titles leave a KSCO unit group between two KECO groups.
KSCO_KECO = {
    "1": ("0", "0", "managers: KECO 011-016 관리자 (every field's managers are in 0)"),
    "21": ("1", "1", "science researchers and testers: KECO 110, 121, 122"),
    "22": ("1", "1", "ICT professionals: KECO 131-135"),
    "225": ("1", "1", "broadcast and telecom equipment technicians: KECO 136 통신·방송송출 장비 기사"),
    "23": ("1", "1", "engineering professionals and technicians: KECO 140, 151-159"),
    "238": ("6", "6", "pilots, ship officers, air traffic controllers: KECO 621 항공기·선박·철도 "
                      "조종사 및 관제사"),
    "24": ("3", "3", "health professionals: KECO 301-307 보건·의료직"),
    "247": ("2", "2", "social welfare: KECO 231 사회복지사 및 상담사, 232 보육교사 및 기타 "
                      "사회복지 종사자"),
    "248": ("2", "2", "religion: KECO 233 성직자 및 기타 종교 종사자"),
    "25": ("2", "2", "education professionals and instructors: KECO 211-215"),
    "261": ("2", "2", "legal professionals: KECO 221 법률 전문가"),
    "262": ("0", "0", "administration professionals: KECO 021 정부·공공행정 전문가"),
    "27": ("0", "0", "business and finance professionals: KECO 022-024, 031"),
    "274": ("6", "6", "overseas and technical sales, brokers, real estate: KECO 611 부동산 "
                      "컨설턴트 및 중개인, 612 영업원 및 상품중개인"),
    "2741": ("0", "0", "appraisers: KECO 023 회계·세무·감정 전문가"),
    "28": ("4", "4", "culture, arts, media, sports: KECO 411-417, 420 (413 학예사·사서·기록물관리사 "
                     "included)"),
    "287": ("5", "5", "head chefs and culinary researchers: KECO 531 주방장 및 조리사"),
    "3": ("0", "0", "clerks: KECO 025-029 사무원, 032 금융·보험 사무원"),
    "3301": ("2", "2", "legal clerks: KECO 222 법률 사무원"),
    "3921": ("5", "5", "travel clerks: KECO 521 여행 서비스원"),
    "411": ("2", "2", "police, fire, prison: KECO 240 경찰관, 소방관 및 교도관"),
    "412": ("5", "5", "security and guards: KECO 541 경호·보안 종사자, 542 경비원"),
    "42": ("5", "5", "care, beauty, wedding and funeral services: KECO 511, 512, 550, 561, 562"),
    "4212": ("5", "2", "childcare and teacher aides: KECO 550 돌봄 서비스 종사자, or 215 기타 교육 "
                       "종사자 / 232 보육교사 및 기타 사회복지 종사자"),
    "43": ("5", "5", "cabin crew, leisure and lodging service workers: KECO 521-524"),
    "44": ("5", "5", "cooks and food service: KECO 531, 532"),
    "5": ("6", "6", "sales: KECO 611-617 영업·판매직"),
    "5103": ("0", "0", "insurance agents and investment solicitors: KECO 033 금융·보험 영업원"),
    "5104": ("0", "0", "loan and credit-card solicitors: KECO 033 금융·보험 영업원"),
    "6": ("9", "9", "agriculture, forestry, fishery: KECO 901-905 농림어업직"),
    "7": ("8", "8", "craft and related trades: KECO 811-885 설치·정비·생산직 (831 전기공 included)"),
    "78": ("7", "7", "construction and mining trades: KECO 701, 702, 705"),
    "792": ("7", "7", "plumbers: KECO 703 배관공"),
    "7991": ("5", "5", "drain cleaners and pest controllers: KECO 561 청소·방역 및 가사 서비스원"),
    "8": ("8", "8", "plant and machine operators: KECO 8 설치·정비·생산직"),
    "87": ("6", "6", "drivers, train crew and materials-handling operators: KECO 621-624"),
    "875": ("7", "7", "construction and mining machine operators: KECO 704 건설·채굴 기계 운전원"),
    "91": ("7", "7", "construction and mining labourers: KECO 706 건설·채굴 단순 종사자"),
    "92": ("6", "6", "mail, parcel and food delivery: KECO 624 택배원 및 기타 운송 종사자"),
    "921": ("6", "8", "loading labourers: KECO 624 기타 운송 종사자, or 890 제조 단순 종사자"),
    "93": ("8", "8", "manufacturing labourers: KECO 890 제조 단순 종사자"),
    "94": ("5", "5", "cleaning, building and ticket labourers: KECO 542, 561, 562"),
    "95": ("5", "5", "domestic, childminding and kitchen labourers: KECO 532, 550, 561"),
    "953": ("6", "6", "sales labourers: KECO 617 판촉 및 기타 판매 단순 종사자"),
    "991": ("9", "9", "agriculture, forestry, fishery labourers: KECO 905 농림어업 단순 종사자"),
    "992": ("5", "5", "meter readers and parking attendants: KECO 562 검침·주차관리 및 기타 "
                      "서비스 단순 종사자"),
    "999": ("5", "5", "other service labourers: KECO 561, 562"),
    "A": ("2", "2", "military: KECO 250 군인"),
}


def keco_rule(code: str) -> tuple[str, str, str, str]:
    prefix = max((p for p in KSCO_KECO if code.startswith(p)), key=len)
    return (prefix, *KSCO_KECO[prefix])


def keco() -> None:
    """The release's occupations to KECO-2018 major groups, through KSCO 7 and the rules
    above; and bachelors_field to the GOMS field groups."""
    write("ksco7_keco2018_rules", "ksco_prefix",
          [{"release_value": p, "strict": KECO[a], "broad": KECO[b], "note": why}
           for p, (a, b, why) in sorted(KSCO_KECO.items())], ["strict", "broad"],
          "KSCO 7 code prefixes to KECO-2018 major groups (the longest prefix decides): iaf's "
          "reading of the classifications' definitions, no official linkage table being found. "
          "Used to build occupation_keco2018; reviewable here rule by rule.")
    ksco = pd.read_csv(ROOT / "crosswalks" / "occupation_ksco7.csv", dtype=str,
                       keep_default_na=False)
    rows = []
    for r in ksco.itertuples():
        out = {"release_value": r.release_value}
        for variant, code in (("strict", r.strict), ("broad", r.strict), ("jobseekers", r.broad)):
            if code in (NOT_EMPLOYED, ""):
                out[variant] = code
                continue
            prefix, strict, broad, _ = keco_rule(code)
            out[variant] = KECO[broad if variant == "broad" else strict]
        prefix, _, _, why = keco_rule(r.strict) if r.strict not in (NOT_EMPLOYED, "") else \
            ("", "", "", r.note)
        out["note"] = f"KSCO {r.strict} (rule {prefix}: {why})" if prefix else why
        rows.append(out)
    write("occupation_keco2018", "occupation", rows, ["strict", "broad", "jobseekers"],
          "Release occupation strings to KECO-2018 major groups: occupation_ksco7 (strict; "
          "jobseekers: its broad frame variant, job-seekers as their former occupation) then "
          "ksco7_keco2018_rules (strict; broad: the rules' alternatives where a KSCO group "
          "splits across KECO groups).", frame_variants=("jobseekers",))
    fields = {"교육": ("교육", "교육", "1:1, KSCED 01 = 교육계열"),
              "예술·인문": ("인문·예체능", "인문·예체능", "KSCED 02 spans 인문 and 예체능 (arts): "
                        "GOMS's two are pooled"),
              "사회과학·언론": ("사회", "사회", "KSCED 03 is part of 사회계열"),
              "경영·행정·법": ("사회", "사회", "KSCED 04 (business, law) is part of 사회계열"),
              "자연과학·수학": ("자연", "자연", "KSCED 05 is part of 자연계열"),
              "정보통신기술": ("공학", "공학", "KSCED 06 (computing) is part of 공학계열"),
              "공학·제조·건설": ("공학", "공학", "KSCED 07 is most of 공학계열"),
              "농림어업·수의학": ("자연", "자연", "KSCED 08: agriculture and fisheries are "
                           "자연계열 (veterinary, 의약, is the smaller part)"),
              "보건·복지": ("의약", "의약", "KSCED 09: health is 의약계열 (social welfare, "
                       "사회계열, the smaller part)"),
              "서비스": ("인문·예체능", "사회", "KSCED 10 (sport, tourism, cooking, beauty, "
                      "security): 예체능 (sport) or 사회 (tourism, security); a variant"),
              "해당없음": (NOT_EMPLOYED, NOT_EMPLOYED, "no 4-year degree: outside the frame")}
    degrees = {"2~3년제 전문대학": "2-3-year college", "4년제 대학교": "4-year university"}
    levels = pd.read_csv(ROOT / "values" / "education_level.csv", dtype=str).value
    write("education_goms", "education_level",
          [{"release_value": v, "all": "graduate" if v in degrees else NOT_EMPLOYED,
            "note": f"{degrees[v]}: in GOMS's frame" if v in degrees else
            "outside GOMS's frame (graduate school is surveyed separately, or no degree)"}
           for v in levels], ["all"],
          "education_level to GOMS's frame: graduates of 2-3-year colleges and 4-year "
          "universities; everyone else leaves the frame.")
    write("field_goms6", "bachelors_field",
          [{"release_value": k, "strict": a, "service_social": b, "note": why}
           for k, (a, b, why) in fields.items()], ["strict", "service_social"],
          "bachelors_field (KSCED broad fields) to GOMS's 7 계열 with 인문 and 예체능 pooled "
          "(6 groups): no official concordance was found (shared/reference-data/ko_KR/"
          "field_crosswalk_NPK_KSCED_KEDI7.csv is an indicative many-to-many bridge). "
          "service_social moves 서비스 to 사회.")


def moel_leaf() -> None:
    """The release's occupations to the leaves MOEL publishes by sex (DT_118N_PAYM41): KSCO 7's
    own hierarchy, each 5-digit code to its 3-digit minor group, or to its 2-digit sub-major
    where MOEL publishes no 3-digit breakdown (11-15, 61-63). No mapping choice is made."""
    leaves = set(pd.read_csv(ROOT / "tables" / "occ_minor_sex_moel_2025.csv", dtype=str).ksco_leaf)
    ksco = pd.read_csv(ROOT / "crosswalks" / "occupation_ksco7.csv", dtype=str,
                       keep_default_na=False)

    def leaf(code: str) -> tuple[str, str]:
        if code in (NOT_EMPLOYED, UNMAPPED):
            return code, ""
        if code.startswith("A"):
            return code, "armed forces: outside MOEL's frame"
        for prefix in (code[:3], code[:2]):
            if prefix in leaves:
                return prefix, f"KSCO {code} in MOEL leaf {prefix}"
        return code[:3], f"KSCO {code}: a minor group MOEL does not publish (under 900 " \
                         "workers, or outside its frame)"

    rows = []
    for r in ksco.itertuples():
        (strict, _), (broad, why) = leaf(r.strict), leaf(r.broad)
        rows.append({"release_value": r.release_value, "strict": strict, "broad": broad,
                     "note": why or r.note})
    write("occupation_moel_leaf", "occupation", rows, ["strict", "broad"],
          "Release occupation strings to the KSCO 7 leaves MOEL publishes by sex (3-digit minor "
          "groups; 2-digit sub-majors 11-15 and 61-63), through occupation_ksco7 and KSCO's own "
          "hierarchy (a code's leading digits). strict/broad as occupation_ksco7.",
          frame_variants=("broad",))


if __name__ == "__main__":
    occupation()
    small()
    keco()
    moel_leaf()
