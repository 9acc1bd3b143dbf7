//! A large mixed text for verification benchmarks: prose from the corpus with a legal
//! reference about every 300 characters — real ones, invented ones, relative ones.

use std::path::Path;

/// Reference sentences put between the prose; `{}` is replaced by a counter so that no two
/// sentences are the same text.
const REFERENCES: &[&str] = &[
    "Theo khoản 1 Điều 9 Luật số 134/2025/QH15, việc này cần đánh giá lần {}.",
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, đơn vị {} triển khai.",
    "Điều 38 Luật Bảo vệ dữ liệu cá nhân quy định trách nhiệm (mục {}).",
    "Theo Điều 99 Luật số 134/2025/QH15, hồ sơ số {} được miễn.",
    "Nghị định số 45/2026/NĐ-CP hướng dẫn việc thứ {}.",
    "điểm a khoản 2 Điều 5 Nghị định 13/2023/NĐ-CP áp dụng cho trường hợp {}.",
    "tiểu mục 3 Mục II Chương trình ban hành kèm theo Nghị quyết số 71/NQ-CP, nhiệm vụ {}.",
    "Luật An ninh mạng 2018 tại Điều 26 yêu cầu lưu trữ dữ liệu {}.",
];

/// Raw texts of the corpus folder.
pub fn corpus_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 text"))
        .collect()
}

/// About `bytes` of text: corpus lines, with a reference sentence every ~300 characters.
pub fn mixed_text(bytes: usize) -> String {
    let lines: Vec<String> = corpus_texts()
        .iter()
        .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| l.chars().count() > 20)
        .collect();
    let mut out = String::with_capacity(bytes + 1024);
    let mut since = 0;
    let mut n = 0;
    'fill: loop {
        for line in &lines {
            for word in line.split(' ') {
                out.push_str(word);
                out.push(' ');
                since += word.chars().count() + 1;
                if since >= 300 {
                    out.push_str(&REFERENCES[n % REFERENCES.len()].replace("{}", &n.to_string()));
                    out.push(' ');
                    n += 1;
                    since = 0;
                }
                if out.len() >= bytes {
                    break 'fill;
                }
            }
            out.push('\n');
        }
    }
    out
}
