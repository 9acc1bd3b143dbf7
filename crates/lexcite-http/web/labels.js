// Vietnamese labels, icons and small formatting helpers.

// Known verifier statuses. The list itself comes from the server's OpenAPI spec;
// a status missing here is shown with a neutral style and its raw name.
export const STATUS_INFO = {
  verified: { label: 'Đã xác minh', short: 'Đúng', icon: 'check' },
  document_not_found: { label: 'Không có văn bản', short: 'Không có VB', icon: 'doc-x' },
  unit_not_found: { label: 'Không có điều khoản', short: 'Không có ĐK', icon: 'x' },
  metadata_mismatch: { label: 'Sai thông tin văn bản', short: 'Sai thông tin', icon: 'neq' },
  content_mismatch: { label: 'Nội dung mâu thuẫn', short: 'Mâu thuẫn', icon: 'bang' },
  unsupported: { label: 'Chưa tìm thấy căn cứ', short: 'Cần kiểm tra', icon: 'question' },
  ambiguous: { label: 'Chưa rõ văn bản nào', short: 'Mơ hồ', icon: 'split' },
  not_checked: { label: 'Chưa kiểm tra được', short: 'Chưa kiểm tra', icon: 'dash' },
  outdated: { label: 'Hết hiệu lực', short: 'Hết hiệu lực', icon: 'clock' },
};

export const FALLBACK_STATUSES = Object.keys(STATUS_INFO);

export function statusInfo(status) {
  const known = STATUS_INFO[status];
  if (known) return { ...known, known: true, cls: `st-${status.replace(/_/g, '-')}` };
  return { label: status, short: status, icon: 'dot', known: false, cls: 'st-unknown' };
}

// Stroke paths on a 16×16 grid.
const ICON_PATHS = {
  check: ['M3 8.5l3.2 3.2L13 4.8'],
  'doc-x': ['M4 1.8h5.5L12.5 4.8v9.4H4z', 'M6.2 7.4l4 4M10.2 7.4l-4 4'],
  x: ['M4 4l8 8M12 4l-8 8'],
  neq: ['M3 6h10M3 10.5h10M10.5 2.5l-5 11'],
  bang: ['M8 2.2L14.6 13.8H1.4z', 'M8 6.4v3.6', 'M8 11.8v.4'],
  question: ['M5.6 5.8a2.5 2.5 0 1 1 3.4 2.3c-.7.3-1 .8-1 1.5v.6', 'M8 12.6v.4'],
  split: ['M8 14V8.5M8 8.5L3.5 3.5M8 8.5l4.5-5', 'M3.5 3.5h2.6M3.5 3.5v2.6M12.5 3.5H9.9M12.5 3.5v2.6'],
  dash: ['M3.5 8h9'],
  clock: ['M8 1.8a6.2 6.2 0 1 1 0 12.4A6.2 6.2 0 0 1 8 1.8z', 'M8 4.4V8l2.6 1.8'],
  dot: ['M8 5.5a2.5 2.5 0 1 1 0 5a2.5 2.5 0 1 1 0-5z'],
  copy: ['M5.5 5.5h7.5v8.5H5.5z', 'M3 10.5V2h7.5'],
};

const SVG_NS = 'http://www.w3.org/2000/svg';

export function icon(name, extraClass = '') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('class', `icon ${extraClass}`.trim());
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of ICON_PATHS[name] || ICON_PATHS.dot) {
    const p = document.createElementNS(SVG_NS, 'path');
    p.setAttribute('d', d);
    svg.appendChild(p);
  }
  return svg;
}

export const DOC_TYPES = {
  constitution: 'Hiến pháp', code: 'Bộ luật', law: 'Luật', ordinance: 'Pháp lệnh',
  joint_resolution: 'Nghị quyết liên tịch', resolution: 'Nghị quyết', decree: 'Nghị định',
  decision: 'Quyết định', joint_circular: 'Thông tư liên tịch', circular: 'Thông tư',
  directive: 'Chỉ thị', conclusion: 'Kết luận', regulation: 'Quy định', instruction: 'Hướng dẫn',
  notice: 'Thông báo', plan: 'Kế hoạch', order: 'Lệnh', consolidated_text: 'Văn bản hợp nhất',
  precedent: 'Án lệ', programme: 'Chương trình', dispatch: 'Công văn', other: 'Văn bản khác',
};

export const VALIDITY = {
  in_force: 'Còn hiệu lực',
  not_yet_in_force: 'Chưa có hiệu lực',
  amended: 'Còn hiệu lực, đã được sửa đổi',
  repealed: 'Đã bị bãi bỏ',
  expired: 'Hết hiệu lực',
  replaced: 'Đã bị thay thế',
};

export const ACT_KINDS = {
  amends: 'sửa đổi', repeals: 'bãi bỏ', replaces: 'thay thế', ends: 'chấm dứt hiệu lực',
  enters_into_force: 'quy định hiệu lực',
};

export const VERDICTS = {
  supported: { label: 'Đoạn ủng hộ khẳng định', cls: 'ev-supported' },
  contradicted: { label: 'Đoạn mâu thuẫn với khẳng định', cls: 'ev-contradicted' },
  not_found: { label: 'Đoạn gần nhất (không chứa khẳng định)', cls: 'ev-closest' },
};

export const MISMATCH_FIELDS = {
  issued: 'Ngày ban hành', issuer: 'Cơ quan ban hành', type: 'Loại văn bản', year: 'Năm',
  title: 'Tên văn bản',
};

export const SCOPE_ACTIONS = {
  verify: 'kiểm tra trích dẫn', ask: 'hỏi đáp', read: 'tra cứu văn bản',
  internal: 'xem văn bản nội bộ', restricted: 'xem văn bản mật',
};

export function docType(t) {
  return t ? (DOC_TYPES[t] || t) : '';
}

export function validityLabel(s) {
  return VALIDITY[s] || s;
}

// "2025-06-26" -> "26/06/2025"
export function date(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso || '');
}

// Server messages are English; say the common ones in Vietnamese, keep the rest as given.
export function errorText(message) {
  const m = String(message || '');
  let r;
  if ((r = /^(.+) has no (.+) \(it has (.+)\)$/.exec(m))) return `${r[1]} không có ${r[2]} (chỉ có ${r[3]}).`;
  if ((r = /^(.+) has no (.+)$/.exec(m))) return `${r[1]} không có ${r[2]}.`;
  if ((r = /^no document in the corpus is (.+)$/.exec(m))) return `Kho dữ liệu không có ${r[1]}.`;
  if ((r = /^no legal reference could be read in "(.*)"$/.exec(m))) return `Không đọc được trích dẫn pháp lý nào trong “${r[1]}”.`;
  if (/^the citation names no document/.test(m)) return 'Trích dẫn chưa nêu văn bản: hãy thêm số hiệu hoặc tên văn bản (ví dụ “Luật số 134/2025/QH15”).';
  if ((r = /^no unit with id "(.*)"$/.exec(m))) return `Không có điều khoản nào mang mã “${r[1]}”.`;
  return m;
}
