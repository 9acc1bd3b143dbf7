// Pieces shared by the views: status badges, documents, validity, unit texts, errors.

import { el, withRanges } from './dom.js';
import { statusInfo, icon, docType, validityLabel, date, ACT_KINDS, SCOPE_ACTIONS, errorText } from './labels.js';

export function statusBadge(status, { count, long = true } = {}) {
  const info = statusInfo(status);
  return el('span', { class: `badge ${info.cls}`, title: info.known ? info.label : `Trạng thái: ${status}` },
    icon(info.icon),
    el('span', { class: 'badge-text', text: long ? info.label : info.short }),
    count !== undefined ? el('span', { class: 'badge-count', text: String(count) }) : null);
}

export function validityBadge(v) {
  if (!v || !v.status) return null;
  const cls = ['in_force', 'amended'].includes(v.status) ? 'vb-ok'
    : v.status === 'not_yet_in_force' ? 'vb-future' : 'vb-ended';
  return el('span', { class: `validity ${cls}` }, validityLabel(v.status));
}

// The lines that say where a document or unit stands and what changed it.
export function validityLines(v) {
  if (!v || !v.status) return [];
  const rows = [['Hiệu lực', validityLabel(v.status) + (v.as_of ? ` (tại ngày ${date(v.as_of)})` : '')]];
  if (v.effective) rows.push(['Có hiệu lực từ', date(v.effective)]);
  if (v.since) rows.push(['Kể từ', date(v.since)]);
  if (v.by) {
    const kind = ACT_KINDS[v.by.kind] ? ` (${ACT_KINDS[v.by.kind]})` : '';
    rows.push(['Theo', `${v.by.citation || v.by.document}${kind}${v.by.date ? `, ngày ${date(v.by.date)}` : ''}`]);
  }
  if (Array.isArray(v.amendments) && v.amendments.length) {
    rows.push(['Các lần thay đổi', v.amendments.map((a) => `${a.citation} (${date(a.date)})`).join('; ')]);
  }
  return rows;
}

export function defList(rows, cls = 'facts') {
  const dl = el('dl', { class: cls });
  for (const [k, v] of rows) {
    if (v === undefined || v === null || v === '') continue;
    dl.append(el('dt', { text: k }), el('dd', {}, v));
  }
  return dl;
}

export function documentFacts(doc, validity) {
  const rows = [];
  if (doc) {
    rows.push(['Văn bản', doc.name]);
    if (doc.number) rows.push(['Số hiệu', doc.number]);
    if (doc.type) rows.push(['Loại', docType(doc.type)]);
    if (doc.title) rows.push(['Trích yếu', doc.title]);
    if (doc.issuer) rows.push(['Cơ quan ban hành', doc.issuer]);
    if (doc.issued) rows.push(['Ngày ban hành', date(doc.issued)]);
  }
  rows.push(...validityLines(validity));
  return defList(rows);
}

// A unit's text with one character range marked (evidence, a quote).
export function unitText(text, range, cls, label, name = 'Nội dung điều khoản') {
  const box = el('div', { class: 'unit-text', tabindex: '0', role: 'region', 'aria-label': name });
  if (range && Number.isInteger(range.start) && Number.isInteger(range.end) && range.end > range.start) {
    box.append(...withRanges(text, [range], (slice) => el('mark', { class: `ev ${cls}` },
      el('span', { class: 'sr-only', text: `[${label}: ` }), slice, el('span', { class: 'sr-only', text: ']' }))));
  } else {
    box.textContent = text;
  }
  return box;
}

// What a failed call means for the person using the page.
export function describeError(err, action) {
  if (!err) return '';
  if (err.name === 'AbortError') return 'Đã dừng.';
  switch (err.status) {
    case 0: return 'Không kết nối được với máy chủ lexcite. Hãy kiểm tra mạng rồi thử lại.';
    case 401: return 'Khoá API không hợp lệ hoặc đã bị thu hồi. Hãy nhập một khoá hợp lệ.';
    case 403: {
      const scope = err.scope;
      const what = SCOPE_ACTIONS[scope] || action || 'thực hiện thao tác này';
      return scope
        ? `Khoá này không có quyền “${scope}” nên không thể ${what}. Hãy dùng khoá được cấp quyền “${scope}”.`
        : `Khoá này không có quyền ${what}. Hãy dùng khoá được cấp quyền phù hợp.`;
    }
    case 404: return `Không tìm thấy: ${errorText(err.message)}`;
    case 408: return 'Gửi dữ liệu quá chậm, máy chủ đã ngắt. Hãy thử lại.';
    case 413: return 'Tệp hoặc văn bản quá lớn so với giới hạn của máy chủ.';
    case 415: return `Định dạng không được hỗ trợ: ${errorText(err.message)}`;
    case 429: return `Quá nhiều yêu cầu cùng lúc. Hãy thử lại sau${err.retryAfter ? ` ${err.retryAfter} giây` : ' ít phút'}.`;
    case 503: return `Máy chủ chưa sẵn sàng (đang nạp dữ liệu hoặc mô hình). Hãy thử lại sau ít phút. ${errorText(err.message)}`.trim();
    default:
      if (err.status >= 400 && err.status < 500) return `Yêu cầu không hợp lệ: ${errorText(err.message)}`;
      return `Máy chủ gặp lỗi (${err.status}). ${errorText(err.message)}`.trim();
  }
}
