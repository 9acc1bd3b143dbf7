// Building DOM without innerHTML: every server string goes in as text.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function show(node, on = true) {
  node.hidden = !on;
}

// Text split at code-point offsets (the API counts characters, not UTF-16 units).
export function chars(text) {
  return Array.from(text || '');
}

// Renders `text` with the [start, end) character ranges wrapped by wrap(slice, range);
// ranges are sorted and clipped so that they never overlap.
export function withRanges(text, ranges, wrap) {
  const cs = chars(text);
  const out = [];
  let pos = 0;
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const r of sorted) {
    const start = Math.max(pos, Math.min(r.start, cs.length));
    const end = Math.max(start, Math.min(r.end, cs.length));
    if (start > pos) out.push(document.createTextNode(cs.slice(pos, start).join('')));
    out.push(wrap(cs.slice(start, end).join(''), r));
    pos = end;
  }
  if (pos < cs.length) out.push(document.createTextNode(cs.slice(pos).join('')));
  return out;
}

export function message(node, text, kind = '') {
  node.textContent = text || '';
  node.className = `message${kind ? ` message-${kind}` : ''}`;
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el('textarea', { class: 'offscreen', 'aria-hidden': 'true' });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    area.remove();
    return ok;
  }
}
