"""The education_level values of the India and Singapore releases and their ILO aggregate level.

One declaration read by two builds: build_schemas_intl writes each locale's known values
(values/education_level.csv), build_crosswalks_education the crosswalk to ILOSTAT's aggregate
education levels (EMP_TEMP_SEX_OCU_EDU_NB: less than basic, basic, intermediate, advanced).

Where the values were seen (third-party code that copies them from the releases; no value
count was published):
- India: an NVIDIA source file (SPDX NVIDIA; "Values sourced from actual Nemotron-Personas
  datasets"), GitHub index id 70214367160, whose English list has nine values and whose
  romanised list (hi_Latn_IN) ten: the English Non-technical diploma was not seen, so it is not
  listed (a release value the crosswalk lacks leaves the frame). The Devanagari split's values
  were not found.
- Singapore: two independent scripts that map the release's values, GitHub index ids
  54182222761 ("NVIDIA education -> our 7 categories") and 68589097293 ("Raw Nemotron level").
"""

from __future__ import annotations

LTB, BAS, INT, ADV = "less_than_basic", "basic", "intermediate", "advanced"
NON_TECHNICAL = "Non-technical diploma or certificate not equal to degree"  # not seen in English

# ILO maps PLFS levels to ISCED-97 (ltb = 0 + x, bas = 1-2, int = 3-4, adv = 5-6). Its ISCED-97
# detail (same file, employed women 2024) puts 24.6% at level 2 and 6.8% at level 3 [calc]: a
# level 3 that small holds higher secondary alone, so Matric/Secondary (class X) is read as
# level 2 (basic) [inference]; the variant matric_intermediate reads it as level 3.
PLFS = {  # release value: (strict, matric_intermediate, why)
    "Illiterate": (LTB, LTB, "not literate: ISCED-97 x"),
    "Literate without education level": (LTB, LTB, "no formal schooling: ISCED-97 0 or x"),
    "Below Primary": (LTB, LTB, "primary not completed: ISCED-97 0"),
    "Primary": (BAS, BAS, "primary (classes I-V): ISCED-97 1"),
    "Middle": (BAS, BAS, "upper primary (classes VI-VIII): ISCED-97 2"),
    "Matric/Secondary": (BAS, INT, "secondary (class X): ISCED-97 2 [inference, see above]; "
                                   "the variant reads it as 3"),
    "Higher Secondary/Intermediate Pre-University/Senior Secondary":
        (INT, INT, "higher secondary (class XII): ISCED-97 3"),
    "Technical diploma or certificate not equal to degree":
        (INT, INT, "diploma or certificate below a degree: ISCED-97 4 (level 4 holds 0.8% of "
                   "employed women, the size of diploma holders)"),
    NON_TECHNICAL: (INT, INT, "non-technical diploma or certificate below a degree: ISCED-97 4, "
                              "as the technical one"),
    "Graduate & above": (ADV, ADV, "graduate, postgraduate: ISCED-97 5-6"),
}
# the romanised split writes the same nine levels (and the non-technical diploma) in Hindi
ROMANISED = {
    "Ashikshit": "Illiterate",
    "Shiksha Star Ke Bina Sakshar": "Literate without education level",
    "Prathamik Se Neeche": "Below Primary",
    "Prathamik": "Primary",
    "Middle School": "Middle",
    "Matric/Secondary": "Matric/Secondary",
    "Uchchtar Madhyamik/Intermediate Pre-University/Senior Madhyamik":
        "Higher Secondary/Intermediate Pre-University/Senior Secondary",
    "Takneeki Diploma Ya Pramanpatra Jo Degree Ke Barabar Nahi Hai":
        "Technical diploma or certificate not equal to degree",
    "Gair-Takniki Diploma Ya Pramanpatra Jo Degree Ke Barabar Nahin Hai": NON_TECHNICAL,
    "Snatak Aur Usse Upar": "Graduate & above",
}
# ILO's Singapore aggregates are MOM's qualification groups: in 2023 ILOSTAT's employed are
# 12.3% less than basic, 13.5% basic, 11.4% intermediate, 62.8% advanced [calc], MOM's resident
# labour force 12.2% below secondary, 13.6% secondary, 11.4% post-secondary (non-tertiary),
# 20.4% diploma and professional qualification + 42.4% degree (Summary Table: Labour Force,
# stats.mom.gov.sg, released 31/1/2024) [primary]
MOM = {  # release value: (target, MOM group)
    "No Qualification": (LTB, "below secondary"),
    "Primary": (LTB, "below secondary"),
    "Lower Secondary": (LTB, "below secondary"),
    "Secondary": (BAS, "secondary"),
    "Post Secondary (Non-Tertiary)": (INT, "post-secondary (non-tertiary)"),
    "Polytechnic": (ADV, "diploma and professional qualification"),
    "Other Diploma": (ADV, "diploma and professional qualification"),
    "University": (ADV, "degree"),
}
KNOWN = {"en_IN": [v for v in PLFS if v != NON_TECHNICAL], "hi_Latn_IN": list(ROMANISED),
         "en_SG": list(MOM)}
