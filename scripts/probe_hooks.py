"""Values for the two string formats of lexcite's spec that a JSON schema cannot state:
`document-number` (a Vietnamese document number) and `citation` (a legal reference as
Vietnamese writes it). scripts/probe.sh loads this module, so that schemathesis sends such
values where the spec asks for them: real and invented numbers, citations of units that
exist and of units or documents that do not (answered 404, which the spec lists)."""

import schemathesis
from hypothesis import strategies as st
from small_docx import docx

SYMBOLS = ["QH15", "QH14", "NĐ-CP", "ND-CP", "NQ-CP", "QĐ-TTg", "TT-BTC", "NQ-UBTVQH15"]

numbers = st.one_of(
    st.builds(
        lambda n, y, s: f"{n}/{y}/{s}",
        st.integers(1, 999),
        st.integers(1990, 2030),
        st.sampled_from(SYMBOLS),
    ),
    st.builds(lambda n, s: f"{n}-{s}", st.integers(1, 200), st.sampled_from(["NQ/TW", "CT/TW", "KL/TW"])),
    st.builds(lambda n: f"{n}/NQ-CP", st.integers(1, 400)),
    st.sampled_from(["57-NQ/TW", "134/2025/QH15", "13/2023/NĐ-CP", "số 91/2025/QH15"]),
)

DOCUMENTS = [
    "Luật số 134/2025/QH15",
    "Luật Bảo vệ dữ liệu cá nhân",
    "Nghị định 13/2023/NĐ-CP",
    "Luật An ninh mạng",
    "Luật số 999/2099/QH15",
]

citations = st.one_of(
    st.builds(
        lambda unit, n, doc: f"{unit} {n} {doc}",
        st.sampled_from(["Điều", "khoản 1 Điều", "điểm a khoản 2 Điều"]),
        st.integers(1, 120),
        st.sampled_from(DOCUMENTS),
    ),
    st.builds(
        lambda item: f"Mục {item} Nghị quyết 57-NQ/TW",
        st.sampled_from(["I", "II", "III", "IV", "V", "IX"]),
    ),
    st.sampled_from(DOCUMENTS),
)

schemathesis.openapi.format("document-number", numbers)
schemathesis.openapi.format("citation", citations)


# The `draft` format: a file a person would hand in — a Word draft with references, real and
# invented. (Files the readers refuse are the API tests' business: their 4xx are not
# "valid data rejected".)
drafts = st.builds(
    lambda cite, claim: docx([f"Theo {cite}, {claim}.", "Căn cứ Luật An ninh mạng số 24/2018/QH14;"]),
    citations,
    st.sampled_from(
        [
            "dữ liệu cá nhân phải được bảo vệ",
            "hệ thống trí tuệ nhân tạo rủi ro cao phải được đánh giá",
            "kinh phí cho nghiên cứu phát triển đạt 2% GDP",
        ]
    ),
)

schemathesis.openapi.format("draft", drafts)
