// "Tra cứu": a citation resolved to its units, and a filtered search.

import { callJson } from './api.js';
import { el, clear, message, withRanges, copyText } from './dom.js';
import { icon, DOC_TYPES, docType, date } from './labels.js';
import { validityBadge, documentFacts, describeError } from './render.js';

const $ = (id) => document.getElementById(id);

function copyButton(getText, what) {
  const btn = el('button', { type: 'button', class: 'btn btn-small copy-btn', 'aria-label': `Sao chép ${what}` },
    icon('copy'), el('span', { class: 'copy-label', text: 'Sao chép' }));
  btn.addEventListener('click', async () => {
    const ok = await copyText(getText());
    const label = btn.querySelector('.copy-label');
    label.textContent = ok ? 'Đã sao chép' : 'Không sao chép được';
    setTimeout(() => { label.textContent = 'Sao chép'; }, 2000);
  });
  return btn;
}

export function initLookup() {
  const form = $('lookup-form');
  const input = $('lookup-input');
  const msg = $('lookup-message');
  const out = $('lookup-result');
  const sForm = $('search-form');
  const sInput = $('search-input');
  const sMsg = $('search-message');
  const sOut = $('search-result');
  const docSel = $('search-doc');
  const typeSel = $('search-type');

  for (const [code, label] of Object.entries(DOC_TYPES)) {
    if (['law', 'decree', 'resolution', 'decision', 'circular', 'code', 'ordinance', 'directive', 'programme', 'plan'].includes(code)) {
      typeSel.append(el('option', { value: code, text: label }));
    }
  }

  async function lookup() {
    const citation = input.value.trim();
    if (!citation) {
      message(msg, 'Hãy nhập một trích dẫn, ví dụ “khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân”.', 'error');
      input.focus();
      return;
    }
    message(msg, 'Đang tra cứu…', 'busy');
    out.hidden = true;
    try {
      const r = await callJson(`/v1/lookup?citation=${encodeURIComponent(citation)}`);
      clear(out);
      out.append(el('h2', { class: 'list-title', text: 'Kết quả tra cứu' }));
      const units = Array.isArray(r.units) ? r.units : [];
      message(msg, units.length ? `Tìm thấy ${units.length} đơn vị trong ${r.document.name}.` : `Trích dẫn chỉ nêu văn bản: ${r.document.name}.`, 'ok');
      if (!units.length) {
        out.append(el('article', { class: 'card hit' }, el('h3', { class: 'hit-title', text: r.document.name }), documentFacts(r.document, r.validity)));
      }
      for (const u of units) {
        const full = `${u.citation}\n${u.text}`;
        out.append(el('article', { class: 'card hit unit-card', dataset: { unitId: u.unit_id } },
          el('div', { class: 'hit-head' },
            el('h3', { class: 'hit-title', text: u.citation }),
            copyButton(() => full, u.citation)),
          el('p', { class: 'hit-meta' }, validityBadge(u.validity), u.heading ? ` ${u.heading}` : ''),
          el('div', { class: 'unit-text', tabindex: '0', role: 'region', 'aria-label': u.citation, text: u.text }),
          u.validity?.consolidated ? el('details', { class: 'consolidated' },
            el('summary', { text: 'Nội dung sau sửa đổi (lexcite tự hợp nhất, không phải văn bản hợp nhất chính thức)' }),
            el('div', { class: 'unit-text', tabindex: '0', role: 'region', 'aria-label': `${u.citation} (sau sửa đổi)`, text: u.validity.consolidated })) : null));
      }
      out.hidden = false;
    } catch (err) {
      clear(out);
      out.hidden = true;
      message(msg, describeError(err, 'tra cứu văn bản'), 'error');
    }
  }

  async function search() {
    const query = sInput.value.trim();
    if (!query) {
      message(sMsg, 'Hãy nhập nội dung cần tìm.', 'error');
      sInput.focus();
      return;
    }
    const filters = {};
    if (docSel.value) filters.document_id = docSel.value;
    if (typeSel.value) filters.type = typeSel.value;
    if ($('search-from').value) filters.issued_from = $('search-from').value;
    if ($('search-to').value) filters.issued_to = $('search-to').value;
    message(sMsg, 'Đang tìm…', 'busy');
    try {
      const r = await callJson('/v1/search', { method: 'POST', json: { query, limit: 10, mode: 'hybrid', filters } });
      const hits = Array.isArray(r.results) ? r.results : [];
      clear(sOut);
      sOut.append(el('h2', { class: 'list-title', text: 'Kết quả tìm kiếm' }));
      message(sMsg, hits.length ? `${hits.length} kết quả.` : 'Không có kết quả phù hợp.', hits.length ? 'ok' : '');
      hits.forEach((h, i) => {
        sOut.append(el('article', { class: 'card hit', dataset: { unitId: h.unit_id } },
          el('div', { class: 'hit-head' },
            el('h3', { class: 'hit-title' }, el('span', { class: 'hit-rank', text: `${i + 1}.` }), ` ${h.citation}`),
            copyButton(() => `${h.citation}\n${h.text}`, h.citation)),
          el('p', { class: 'hit-meta' }, validityBadge(h.validity),
            ` ${h.document?.name || ''}${h.document?.issued ? ` — ban hành ${date(h.document.issued)}` : ''}`),
          el('div', { class: 'unit-text', tabindex: '0', role: 'region', 'aria-label': h.citation }, withRanges(h.text, h.highlights || [], (s) => el('mark', { class: 'hl', text: s })))));
      });
      sOut.hidden = !hits.length;
    } catch (err) {
      clear(sOut);
      sOut.hidden = true;
      message(sMsg, describeError(err, 'tìm kiếm'), 'error');
    }
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); lookup(); });
  sForm.addEventListener('submit', (e) => { e.preventDefault(); search(); });

  return {
    // The document filter, from GET /v1/documents.
    async loadDocuments() {
      try {
        const r = await callJson('/v1/documents');
        const keep = docSel.value;
        while (docSel.options.length > 1) docSel.remove(1);
        for (const d of r.documents || []) {
          const t = d.type && !d.name.startsWith(docType(d.type)) ? `${docType(d.type)} — ` : '';
          docSel.append(el('option', { value: d.id, text: `${t}${d.name}${d.title ? ` — ${d.title}` : ''}`.slice(0, 140) }));
        }
        docSel.value = keep;
        return { ok: true };
      } catch (err) {
        return { ok: false, err };
      }
    },
  };
}
