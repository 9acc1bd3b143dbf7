// "Hỏi đáp": the answer streams sentence by sentence (SSE over the POST response);
// each [n] marker opens the passage it rests on.

import { call, callJson, readEvents } from './api.js';
import { el, clear, message } from './dom.js';
import { date } from './labels.js';
import { statusBadge, validityBadge, documentFacts, unitText, describeError } from './render.js';

const $ = (id) => document.getElementById(id);

export function initAsk() {
  const form = $('ask-form');
  const input = $('ask-input');
  const msg = $('ask-message');
  const result = $('ask-result');
  const answerBox = $('ask-answer');
  const notice = $('ask-notice');
  const extra = $('ask-extra');
  const detail = $('ask-detail');
  const submit = $('ask-submit');
  const stop = $('ask-stop');

  let st = null;
  let controller = null;

  function reset() {
    st = { passages: [], sentences: [], citations: null, answer: null, current: 0 };
    clear(answerBox);
    clear(extra);
    notice.hidden = true;
    clear(detail).append(el('p', { class: 'hint', text: 'Chọn một số trích dẫn [n] trong câu trả lời để xem đoạn văn bản làm căn cứ.' }));
  }

  function marker(n) {
    const b = el('button', { type: 'button', class: 'cite', dataset: { n: String(n) }, 'aria-label': `Trích dẫn ${n}` }, `[${n}]`);
    b.addEventListener('click', () => showCitation(n, b));
    return b;
  }

  function addSentence(s) {
    st.sentences.push(s);
    const p = el('p', { class: 'sentence' }, s.text);
    for (const n of s.citations || []) p.append(' ', marker(typeof n === 'object' ? n.n : n));
    answerBox.append(p);
  }

  function citationFor(n) {
    const c = st.citations?.find((x) => x.n === n);
    if (c) return { c, exact: true };
    // Until the full answer arrives the numbering is not known for sure: wait for it.
    if (!st.streamEnded) return null;
    const hit = st.passages[n - 1];
    if (hit) return { c: { n, unit_id: hit.unit_id, citation: hit.citation, quote: hit.text, document: hit.document, validity: hit.validity }, exact: false };
    return null;
  }

  function showCitation(n, btn) {
    answerBox.querySelectorAll('.cite[aria-current]').forEach((x) => x.removeAttribute('aria-current'));
    if (btn) btn.setAttribute('aria-current', 'true');
    const found = citationFor(n);
    clear(detail);
    if (!found) {
      detail.append(el('p', { class: 'hint', text: `Đang chờ máy chủ gửi căn cứ [${n}]…` }));
      st.pending = n;
      return;
    }
    const { c, exact } = found;
    const head = el('h3', { class: 'cite-title' }, el('span', { class: 'cite-n', text: `[${n}]` }), ` ${c.citation}`);
    detail.append(head, el('p', { class: 'hit-meta' }, validityBadge(c.validity)));
    if (!exact) detail.append(el('p', { class: 'hint', text: 'Máy chủ không gửi danh sách căn cứ; đây là đoạn văn bản thứ ' + n + ' đã tìm được.' }));
    detail.append(el('blockquote', { class: 'quote passage-quote', text: c.quote || '' }));
    detail.append(documentFacts(c.document, c.validity));
    if (c.unit_id) {
      const more = el('button', { type: 'button', class: 'btn btn-small' }, 'Xem toàn văn điều khoản');
      const box = el('div', { class: 'unit-view' });
      more.addEventListener('click', async () => {
        more.disabled = true;
        box.textContent = 'Đang tải…';
        try {
          const u = await callJson(`/v1/units/${encodeURIComponent(c.unit_id)}`);
          const range = exact && Number.isInteger(c.start) ? { start: c.start, end: c.end } : null;
          clear(box).append(el('h4', { class: 'unit-title', text: u.citation }), unitText(u.text, range, 'ev-supported', 'Đoạn được trích', u.citation));
        } catch (err) {
          clear(box).append(el('p', { class: 'message message-error', text: describeError(err, 'tra cứu văn bản') }));
          more.disabled = false;
        }
      });
      detail.append(more, box);
    }
    st.pending = null;
  }

  function finish(ans) {
    st.answer = ans;
    st.citations = Array.isArray(ans.citations) ? ans.citations : [];
    const sentences = Array.isArray(ans.sentences) ? ans.sentences : [];
    if (sentences.length !== st.sentences.length
      || sentences.some((s, i) => s.text !== st.sentences[i].text)) {
      clear(answerBox);
      st.sentences = [];
      sentences.forEach(addSentence);
    }
    if (!sentences.length) {
      answerBox.append(el('p', { class: 'sentence', text: ans.answer || 'Không tìm thấy câu trả lời trong kho văn bản.' }));
    }
    if (ans.notice) {
      notice.textContent = ans.notice;
      notice.hidden = false;
    }
    if (Array.isArray(ans.dropped) && ans.dropped.length) {
      extra.append(el('details', { class: 'extra' }, el('summary', { text: `${ans.dropped.length} câu bị loại vì không có căn cứ` }),
        el('ul', { class: 'plain-list' }, ans.dropped.map((d) => el('li', { text: d })))));
    }
    renderReferences(ans.references);
    if (st.pending) {
      const b = answerBox.querySelector(`.cite[data-n="${st.pending}"]`);
      showCitation(st.pending, b);
    }
  }

  function renderReferences(refs) {
    const old = extra.querySelector('.answer-refs');
    if (old) old.remove();
    if (!Array.isArray(refs) || !refs.length) return;
    extra.append(el('details', { class: 'extra answer-refs' },
      el('summary', { text: `Kiểm tra ${refs.length} trích dẫn trong câu trả lời` }),
      el('ul', { class: 'plain-list' }, refs.map((r) => el('li', {}, statusBadge(r.status, { long: false }), ` ${r.text} — `, r.explanation || '')))));
  }

  function renderPassages(hits) {
    st.passages = Array.isArray(hits) ? hits : [];
    const old = extra.querySelector('.passages');
    if (old) old.remove();
    if (!st.passages.length) return;
    extra.append(el('details', { class: 'extra passages' },
      el('summary', { text: `${st.passages.length} đoạn văn bản đã đọc` }),
      el('ol', { class: 'plain-list' }, st.passages.map((h) => el('li', {}, el('strong', { text: h.citation }),
        h.document?.issued ? ` (ban hành ${date(h.document.issued)})` : '')))));
  }

  async function ask() {
    const question = input.value.trim();
    if (!question) {
      message(msg, 'Hãy nhập câu hỏi.', 'error');
      input.focus();
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    reset();
    result.hidden = false;
    submit.disabled = true;
    stop.hidden = false;
    form.setAttribute('aria-busy', 'true');
    message(msg, 'Đang tìm các đoạn văn bản liên quan…', 'busy');
    const t0 = performance.now();
    let failed = null;
    try {
      const res = await call('/v1/ask', { method: 'POST', json: { question }, accept: 'text/event-stream', signal });
      const type = res.headers.get('Content-Type') || '';
      if (type.includes('text/event-stream')) {
        await readEvents(res, (name, data) => {
          let d;
          try { d = JSON.parse(data); } catch { d = data; }
          if (name === 'passages') {
            renderPassages(d);
            message(msg, 'Đang viết câu trả lời…', 'busy');
          } else if (name === 'citations') {
            st.citations = Array.isArray(d) ? d : [];
            if (st.pending) showCitation(st.pending, answerBox.querySelector(`.cite[data-n="${st.pending}"]`));
          } else if (name === 'sentence') {
            addSentence(d);
          } else if (name === 'references') {
            renderReferences(d);
          } else if (name === 'done') {
            finish(d);
          } else if (name === 'error') {
            failed = { status: 500, message: d?.error?.message || String(data), code: d?.error?.code };
          }
        }, signal);
      } else {
        finish(await res.json());
      }
      st.streamEnded = true;
      if (st.pending && !st.answer) showCitation(st.pending, answerBox.querySelector(`.cite[data-n="${st.pending}"]`));
      if (failed) throw failed;
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      if (!st.answer) {
        message(msg, `Kết nối bị ngắt trước khi trả lời xong (${secs} giây).`, 'error');
      } else if (st.answer.mode === 'not_found') {
        message(msg, 'Kho văn bản không có nội dung trả lời câu hỏi này.', '');
      } else {
        message(msg, `Đã trả lời (${secs} giây).`, 'ok');
      }
    } catch (err) {
      message(msg, err.name === 'AbortError' ? 'Đã dừng.' : describeError(err, 'hỏi đáp'), err.name === 'AbortError' ? '' : 'error');
      if (!answerBox.firstChild) result.hidden = true;
    } finally {
      submit.disabled = false;
      stop.hidden = true;
      form.setAttribute('aria-busy', 'false');
      controller = null;
    }
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); ask(); });
  stop.addEventListener('click', () => controller?.abort());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); ask(); }
  });
}
