#!/usr/bin/env bash
# Annotated Word drafts open in LibreOffice: annotates the Nghị định 356 .docx fixture and a
# generated draft of ten references with `lexcite verify --annotate` on the indexed corpus,
# then has headless LibreOffice convert each to PDF (it must succeed) and to ODT, where every
# Word comment becomes an office:annotation: their count must equal the references + the
# summary comment, and the comments.xml count too.
#
#   scripts/docx_check.sh            (needs target/release/lexcite, an ingested data/index,
#                                     and Debian's libreoffice-writer)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LEXCITE_BIN:-target/release/lexcite}
command -v soffice >/dev/null || { echo "docx_check: soffice is needed (apt-get install libreoffice-writer-nogui)" >&2; exit 2; }
[ -x "$bin" ] || { echo "docx_check: $bin is missing (cargo build --release)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A draft of ten references, real, invented, outdated and misquoted, as an official gets it.
python3 - "$work/draft10.docx" <<'PY'
import sys
sys.path.insert(0, "scripts")
from small_docx import docx

paras = [
    "Căn cứ Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15;",
    "Căn cứ Nghị định số 13/2023/NĐ-CP ngày 17 tháng 4 năm 2023 của Chính phủ về bảo vệ dữ liệu cá nhân;",
    "Theo khoản 1 Điều 9 Luật Trí tuệ nhân tạo số 134/2025/QH15, hệ thống trí tuệ nhân tạo được phân loại theo mức độ rủi ro.",
    "Điều 99 Luật số 134/2025/QH15 quy định về xử phạt vi phạm hành chính.",
    "Nghị định số 845/2026/NĐ-CP hướng dẫn chi tiết việc đánh giá sự phù hợp.",
    "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị đặt mục tiêu kinh tế số đạt tối thiểu 30% GDP vào năm 2030.",
    "Theo Điều 25 Nghị định 13/2023/NĐ-CP, việc chuyển dữ liệu cá nhân ra nước ngoài phải lập hồ sơ đánh giá tác động.",
    "Luật An ninh mạng số 24/2018/QH14 quy định về bảo vệ hệ thống thông tin quan trọng về an ninh quốc gia.",
    "Nghị định 30/2020/NĐ-CP về công tác văn thư áp dụng đối với cơ quan, tổ chức nhà nước.",
    "Thông tư số 99/2099/TT-BTTTT quy định chi tiết về chữ ký số.",
]
with open(sys.argv[1], "wb") as f:
    f.write(docx(paras))
PY
cp tests/fixtures/docx/nghi_dinh_356_2025_ND_CP.docx "$work/nd356.docx"

status=0
for name in draft10 nd356; do
  started=$(date +%s.%N)
  "$bin" verify "$work/$name.docx" --annotate "$work/$name.lexcite.docx" --json --as-of 2026-06-01 > "$work/$name.json"
  refs=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['total'])" "$work/$name.json")
  in_xml=$(unzip -p "$work/$name.lexcite.docx" word/comments.xml | grep -o '<w:comment ' | wc -l)
  (cd "$work" && timeout 300 soffice --headless --convert-to pdf "$name.lexcite.docx" >/dev/null 2>&1) || true
  (cd "$work" && timeout 300 soffice --headless --convert-to odt "$name.lexcite.docx" >/dev/null 2>&1) || true
  pdf=no; [ -s "$work/$name.lexcite.pdf" ] && pdf=yes
  in_odt=$(unzip -p "$work/$name.lexcite.odt" content.xml 2>/dev/null | grep -o '<office:annotation[ >]' | wc -l || true)
  seconds=$(python3 -c "import time,sys; print(round(time.time()-float(sys.argv[1]),1))" "$started")
  echo "$name: $refs references; comments.xml $in_xml; LibreOffice PDF $pdf; comments LibreOffice reads $in_odt; ${seconds}s"
  python3 -c "import json,sys; print('  statuses:', {k:v for k,v in json.load(open(sys.argv[1]))['summary'].items() if v and k!='total'})" "$work/$name.json"
  if [ "$pdf" != yes ] || [ "$in_xml" -ne $((refs + 1)) ] || [ "$in_odt" -ne $((refs + 1)) ]; then
    echo "  FAILED: expected $((refs + 1)) comments (references + summary) and a PDF" >&2
    status=1
  fi
done
exit $status
