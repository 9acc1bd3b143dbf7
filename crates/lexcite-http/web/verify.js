// "Kiểm tra trích dẫn": a pasted text or an uploaded file, every reference marked by status,
// a filter, next/previous navigation and the detail panel with the cited unit's text.

import { call, callJson } from './api.js';
import { el, clear, chars, message } from './dom.js';
import { statusInfo, icon, VERDICTS, MISMATCH_FIELDS, date } from './labels.js';
import { statusBadge, documentFacts, defList, unitText, validityBadge, describeError } from './render.js';

const CLAIM_KINDS = {
  date: 'ngày tháng', figure: 'số liệu', body: 'cơ quan thực hiện', negation: 'phủ định, cấm hoặc bắt buộc',
  subject: 'phạm vi điều chỉnh', statement: 'nội dung',
};

const $ = (id) => document.getElementById(id);

export function initVerify({ statuses, isActive }) {
  const form = $('verify-form');
  const textArea = $('verify-text');
  const fileInput = $('verify-file');
  const fileName = $('verify-file-name');
  const fileSubmit = $('verify-file-submit');
  const asOf = $('verify-asof');
  const msg = $('verify-message');
  const result = $('verify-result');
  const doc = $('verify-doc');
  const chipsBox = $('status-chips');
  const total = $('verify-total');
  const pos = $('ref-pos');
  const detail = $('verify-detail');
  const annotateBtn = $('annotate-btn');
  const dropzone = $('dropzone');

  const state = { refs: [], marks: [], current: -1, hidden: new Set(), file: null, shownFile: null, busy: false };
  const unitCache = new Map();
  let detailToken = 0;

  const asOfValue = () => (asOf.value && /^\d{4}-\d{2}-\d{2}$/.test(asOf.value) ? asOf.value : '');

  function setBusy(on, text) {
    state.busy = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    $('verify-submit').disabled = on;
    fileSubmit.disabled = on;
    if (text !== undefined) message(msg, text, on ? 'busy' : '');
  }

  async function verifyText() {
    const text = textArea.value;
    if (!text.trim()) {
      message(msg, 'Hãy dán văn bản cần kiểm tra, hoặc chọn một tệp.', 'error');
      textArea.focus();
      return;
    }
    setBusy(true, 'Đang kiểm tra các trích dẫn…');
    const t0 = performance.now();
    try {
      const body = { text };
      if (asOfValue()) body.as_of = asOfValue();
      const report = await callJson('/v1/citations/verify', { method: 'POST', json: body });
      state.shownFile = null;
      show(text, report, t0);
    } catch (err) {
      message(msg, describeError(err, 'kiểm tra trích dẫn'), 'error');
    } finally {
      setBusy(false);
    }
  }

  async function verifyFile(file) {
    if (!file) return;
    setBusy(true, `Đang đọc và kiểm tra tệp “${file.name}”…`);
    const t0 = performance.now();
    try {
      const fd = new FormData();
      fd.append('file', file, file.name);
      if (asOfValue()) fd.append('as_of', asOfValue());
      const report = await callJson('/v1/citations/verify', { method: 'POST', form: fd });
      if (typeof report.text !== 'string') {
        throw Object.assign(new Error('no text'), { status: 500, message: 'Máy chủ không trả về văn bản trích từ tệp.' });
      }
      state.shownFile = file;
      show(report.text, report, t0, file);
    } catch (err) {
      message(msg, describeError(err, 'kiểm tra trích dẫn'), 'error');
    } finally {
      setBusy(false);
    }
  }

  function isDocx(file, report) {
    return report?.format === 'docx' || /\.docx$/i.test(file?.name || '');
  }

  function show(text, report, t0, file) {
    const refs = Array.isArray(report.references) ? report.references : [];
    state.refs = refs;
    state.current = -1;
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    const n = refs.length;
    message(msg, n
      ? `Đã kiểm tra ${n} trích dẫn${file ? ` trong tệp “${file.name}”` : ''} (${secs} giây).`
      : `Không tìm thấy trích dẫn pháp lý nào${file ? ` trong tệp “${file.name}”` : ''}.`, n ? 'ok' : '');
    renderChips(report.summary || {}, refs);
    renderDoc(text, refs);
    annotateBtn.hidden = !(file && isDocx(file, report));
    result.hidden = false;
    resetDetail();
    updatePos();
  }

  function statusList(refs) {
    const list = [...statuses()];
    for (const r of refs) if (!list.includes(r.status)) list.push(r.status);
    return list;
  }

  function renderChips(summary, refs) {
    clear(chipsBox);
    const counts = {};
    for (const r of refs) counts[r.status] = (counts[r.status] || 0) + 1;
    total.textContent = `(tổng ${summary.total ?? refs.length} trích dẫn)`;
    for (const s of statusList(refs)) {
      const count = Number.isInteger(summary[s]) ? summary[s] : (counts[s] || 0);
      const id = `filter-${s.replace(/[^a-z0-9_-]/gi, '_')}`;
      const input = el('input', { type: 'checkbox', id, value: s, class: 'chip-input', dataset: { status: s } });
      input.checked = !state.hidden.has(s);
      input.disabled = count === 0;
      input.addEventListener('change', () => {
        if (input.checked) state.hidden.delete(s); else state.hidden.add(s);
        applyFilter();
      });
      const info = statusInfo(s);
      const label = el('label', { for: id, class: `chip ${info.cls}${count === 0 ? ' chip-empty' : ''}`, dataset: { status: s } },
        icon(info.icon), el('span', { class: 'chip-text', text: info.label }),
        el('span', { class: 'chip-count', dataset: { count: String(count) }, text: String(count) }));
      chipsBox.append(el('span', { class: `chip-wrap${count === 0 ? ' chip-wrap-empty' : ''}` }, input, label));
    }
  }

  function renderDoc(text, refs) {
    clear(doc);
    state.marks = [];
    const cs = chars(text);
    const order = refs.map((r, i) => ({ r, i })).sort((a, b) => a.r.start - b.r.start || a.r.end - b.r.end);
    let p = 0;
    const frag = document.createDocumentFragment();
    for (const { r, i } of order) {
      const start = Math.max(p, Math.min(r.start, cs.length));
      const end = Math.max(start, Math.min(r.end, cs.length));
      if (start > p) frag.append(cs.slice(p, start).join(''));
      const info = statusInfo(r.status);
      const mark = el('mark', {
        class: `ref ${info.cls}`, role: 'button', tabindex: '0',
        dataset: { status: r.status, index: String(i) },
        'aria-label': `${info.label}: ${r.text || cs.slice(start, end).join('')}`,
      }, icon(info.icon, 'ref-icon'), el('span', { class: 'ref-text', text: cs.slice(start, end).join('') }));
      mark.addEventListener('click', () => select(i, false));
      mark.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(i, false); }
      });
      state.marks[i] = mark;
      frag.append(mark);
      p = end;
    }
    if (p < cs.length) frag.append(cs.slice(p).join(''));
    doc.append(frag);
    applyFilter();
  }

  function applyFilter() {
    state.marks.forEach((m, i) => {
      if (!m) return;
      const off = state.hidden.has(state.refs[i].status);
      m.classList.toggle('ref-off', off);
      m.tabIndex = off ? -1 : 0;
      if (off) m.removeAttribute('role'); else m.setAttribute('role', 'button');
    });
    updatePos();
  }

  const visible = () => state.refs.map((r, i) => ({ r, i }))
    .filter(({ r, i }) => state.marks[i] && !state.hidden.has(r.status))
    .sort((a, b) => a.r.start - b.r.start)
    .map(({ i }) => i);

  function updatePos() {
    const v = visible();
    const at = v.indexOf(state.current);
    pos.textContent = v.length ? `${at >= 0 ? at + 1 : '–'} / ${v.length}` : '0 / 0';
    $('ref-prev').disabled = v.length === 0;
    $('ref-next').disabled = v.length === 0;
  }

  function step(dir) {
    const v = visible();
    if (!v.length) return;
    const at = v.indexOf(state.current);
    const next = at < 0 ? (dir > 0 ? 0 : v.length - 1) : (at + dir + v.length) % v.length;
    select(v[next], true);
  }

  function select(i, fromKeys) {
    const m = state.marks[i];
    if (!m) return;
    state.marks.forEach((x) => x && x.removeAttribute('aria-current'));
    m.setAttribute('aria-current', 'true');
    state.current = i;
    updatePos();
    if (fromKeys) m.focus({ preventScroll: true });
    m.scrollIntoView({ block: 'nearest', behavior: 'auto' });
    renderDetail(state.refs[i]);
  }

  function resetDetail() {
    clear(detail).append(el('p', { class: 'hint', text: state.refs.length
      ? 'Chọn một trích dẫn được đánh dấu (hoặc nhấn j / k) để xem trạng thái, giải thích và nội dung điều khoản được dẫn.'
      : 'Chưa có trích dẫn nào để xem.' }));
  }

  function section(title, ...children) {
    return el('section', { class: 'detail-section' }, el('h3', { text: title }), ...children);
  }

  function renderDetail(ref) {
    const token = ++detailToken;
    const ev = ref.evidence;
    const units = Array.isArray(ref.units) ? ref.units : [];
    clear(detail);
    detail.append(el('div', { class: 'detail-head' }, statusBadge(ref.status)));
    detail.append(el('p', { class: 'explanation', text: ref.explanation || '' }));
    detail.append(section('Trích dẫn trong văn bản', el('p', { class: 'quoted', text: ref.text }),
      ref.document_from_context ? el('p', { class: 'hint', text: 'Trích dẫn này không tự nêu văn bản; lexcite hiểu là văn bản được nhắc đến ngay trước đó.' }) : null));

    if (Array.isArray(ref.mismatches) && ref.mismatches.length) {
      const table = el('table', { class: 'mini-table' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Thông tin' }), el('th', { scope: 'col', text: 'Văn bản viết' }), el('th', { scope: 'col', text: 'Kho dữ liệu có' }))),
        el('tbody', {}, ref.mismatches.map((m) => el('tr', {},
          el('td', { text: MISMATCH_FIELDS[m.field] || m.field }), el('td', { text: m.stated }), el('td', { text: m.corpus })))));
      detail.append(section('Thông tin không khớp', table));
    }
    if (Array.isArray(ref.candidates) && ref.candidates.length) {
      detail.append(section('Có thể là', el('ul', { class: 'plain-list' }, ref.candidates.map((c) => el('li', { text: c })))));
    }
    if (ref.number) {
      const nc = ref.number;
      const rows = [['Số hiệu', nc.number], ['Đúng thể thức', nc.valid_form ? 'Có' : 'Không']];
      if (nc.problem) rows.push(['Vấn đề', nc.problem]);
      if (nc.in_registry !== undefined && nc.in_registry !== null) rows.push(['Có trong danh mục văn bản', nc.in_registry ? 'Có' : 'Không']);
      detail.append(section('Số hiệu văn bản', defList(rows),
        Array.isArray(nc.registry) && nc.registry.length
          ? el('ul', { class: 'plain-list' }, nc.registry.map((e) =>
            el('li', { text: `${e.type} ${e.number} — ${e.issuer}${e.issued ? `, ${date(e.issued)}` : ''}: ${e.title}` })))
          : null));
    }
    if (ref.claim && ref.claim.text) {
      const kinds = (ref.claim.kinds || []).map((k) => CLAIM_KINDS[k] || k).join(', ');
      detail.append(section('Nội dung khẳng định', el('p', { class: 'claim', text: ref.claim.text }),
        kinds ? el('p', { class: 'hint', text: `Loại khẳng định: ${kinds}` }) : null));
    }

    // The cited unit's own text, the evidence marked.
    detail.append(el('div', { class: 'unit-view detail-section', id: 'verify-unit' }));

    if (ev) {
      const v = VERDICTS[ev.verdict] || { label: ev.verdict, cls: 'ev-closest' };
      const rows = [['Đánh giá', v.label]];
      if (typeof ev.word_support === 'number') rows.push(['Tỉ lệ từ khớp', `${Math.round(ev.word_support * 100)}%`]);
      if (typeof ev.similarity === 'number') rows.push(['Độ tương đồng ngữ nghĩa', ev.similarity.toFixed(2)]);
      if (Array.isArray(ev.missing) && ev.missing.length) rows.push(['Văn bản được dẫn không nêu', ev.missing.join('; ')]);
      if (Array.isArray(ev.instead) && ev.instead.length) rows.push(['Văn bản được dẫn lại quy định', ev.instead.join('; ')]);
      if (ev.suggestion) {
        const s = ev.suggestion;
        detail.append(section('Gợi ý', el('p', { text: `Nội dung này nằm ở ${s.citation}:` }),
          el('blockquote', { class: 'quote', text: s.quote }),
          el('button', { type: 'button', class: 'btn btn-small', onclick: () => loadUnit(s.unit_id, null, token) }, `Xem ${s.citation}`)));
      }
      detail.append(section('Đối chiếu nội dung', defList(rows)));
    }
    if (units.length) {
      const many = units.filter((x) => x.found).length > 1;
      detail.append(section('Điều khoản được dẫn', el('ul', { class: 'unit-list' }, units.map((u) => el('li', {},
        el('span', { class: u.found ? 'found' : 'missing' }, icon(u.found ? 'check' : 'x'), ` ${u.label}`, u.found ? '' : ' — không có'),
        !u.found && u.exists ? el('span', { class: 'hint', text: `; hiện có ${u.exists}` }) : null,
        u.found && u.unit_id && many
          ? el('button', { type: 'button', class: 'btn btn-small', onclick: () => loadUnit(u.unit_id, ev, token) }, 'Xem nội dung')
          : null)))));
    }
    if (ref.document || ref.validity) detail.append(section('Văn bản được dẫn', documentFacts(ref.document, ref.validity)));

    const unitId = ev?.unit_id || units.find((u) => u.found && u.unit_id)?.unit_id;
    if (unitId) loadUnit(unitId, ev, token);
  }

  async function loadUnit(unitId, ev, token) {
    const box = document.getElementById('verify-unit');
    if (!box || token !== detailToken) return;
    clear(box).append(el('p', { class: 'hint', text: 'Đang tải nội dung điều khoản…' }));
    const key = `${unitId}|${asOfValue()}`;
    try {
      let unit = unitCache.get(key);
      if (!unit) {
        const q = asOfValue() ? `?as_of=${encodeURIComponent(asOfValue())}` : '';
        unit = await callJson(`/v1/units/${encodeURIComponent(unitId)}${q}`);
        unitCache.set(key, unit);
      }
      if (token !== detailToken) return;
      const evHere = ev && ev.unit_id === unitId ? ev : null;
      const v = evHere ? (VERDICTS[evHere.verdict] || { label: evHere.verdict, cls: 'ev-closest' }) : null;
      clear(box).append(
        el('h3', { class: 'unit-title' }, `Nội dung ${unit.citation}`, ' ', validityBadge(unit.validity)),
        v ? el('p', { class: `ev-legend ${v.cls}` }, el('span', { class: 'ev-swatch', 'aria-hidden': 'true' }), v.label) : null,
        unitText(unit.text, evHere ? { start: evHere.start, end: evHere.end } : null, v?.cls || '', v?.label || '', unit.citation),
      );
      box.firstChild.dataset.unitId = unitId;
      if (unit.validity?.consolidated) {
        box.append(el('p', { class: 'hint', text: 'Nội dung sau sửa đổi (lexcite tự hợp nhất, không phải văn bản hợp nhất chính thức):' }),
          el('div', { class: 'unit-text', tabindex: '0', role: 'region', 'aria-label': 'Nội dung sau sửa đổi', text: unit.validity.consolidated }));
      }
    } catch (err) {
      if (token !== detailToken) return;
      clear(box).append(el('p', { class: 'message message-error', text: describeError(err, 'tra cứu văn bản') }));
    }
  }

  async function annotate() {
    const file = state.shownFile;
    if (!file) return;
    annotateBtn.disabled = true;
    message(msg, 'Đang tạo bản Word có đánh dấu…', 'busy');
    try {
      const fd = new FormData();
      fd.append('file', file, file.name);
      if (asOfValue()) fd.append('as_of', asOfValue());
      const res = await call('/v1/citations/annotate', {
        method: 'POST', form: fd,
        accept: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/json',
      });
      const blob = await res.blob();
      const name = fileNameFrom(res.headers.get('Content-Disposition')) || file.name.replace(/\.docx$/i, '') + '-da-danh-dau.docx';
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: name, class: 'offscreen' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      let noted = '';
      try {
        const s = JSON.parse(res.headers.get('Lexcite-Summary') || 'null');
        if (s && Number.isInteger(s.total)) noted = ` — ${s.total} trích dẫn được ghi chú trong tệp`;
      } catch { /* no summary header */ }
      message(msg, `Đã tải xuống “${name}”${noted}.`, 'ok');
    } catch (err) {
      message(msg, describeError(err, 'tạo bản Word đã đánh dấu'), 'error');
    } finally {
      annotateBtn.disabled = false;
    }
  }

  function chooseFile(file) {
    state.file = file || null;
    fileName.hidden = !file;
    fileName.textContent = file ? `Tệp đã chọn: ${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)` : '';
    fileSubmit.hidden = !file;
    if (file) verifyFile(file);
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); verifyText(); });
  fileSubmit.addEventListener('click', () => verifyFile(state.file));
  fileInput.addEventListener('change', () => chooseFile(fileInput.files[0]));
  annotateBtn.addEventListener('click', annotate);
  $('ref-next').addEventListener('click', () => step(1));
  $('ref-prev').addEventListener('click', () => step(-1));
  textArea.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); verifyText(); }
  });

  for (const ev of ['dragenter', 'dragover']) {
    dropzone.addEventListener(ev, (e) => { e.preventDefault(); dropzone.classList.add('drag'); });
  }
  for (const ev of ['dragleave', 'drop']) {
    dropzone.addEventListener(ev, () => dropzone.classList.remove('drag'));
  }
  dropzone.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files?.[0];
    if (f) chooseFile(f);
  });

  document.addEventListener('keydown', (e) => {
    if (!isActive() || e.ctrlKey || e.metaKey || e.altKey || !state.refs.length) return;
    const t = e.target;
    if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
    const k = e.key.toLowerCase();
    if (k === 'j' || k === 'n') { e.preventDefault(); step(1); } else if (k === 'k' || k === 'p') { e.preventDefault(); step(-1); }
  });
}

// filename*=UTF-8''… wins over filename="…".
export function fileNameFrom(cd) {
  if (!cd) return '';
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(cd);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { /* fall through */ }
  }
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;]+)/.exec(cd);
  const name = plain ? (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1').trim() : '';
  return name.replace(/[/\\]/g, '_');
}
