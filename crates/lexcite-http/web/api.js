// Calls to the lexcite API: the key (session storage only), errors, Server-Sent Events.

const KEY = 'lexcite.apiKey';

export function getKey() {
  try { return sessionStorage.getItem(KEY) || ''; } catch { return ''; }
}

export function setKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey() {
  try { sessionStorage.removeItem(KEY); } catch { /* storage unavailable */ }
}

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || '';
    this.retryAfter = retryAfter || '';
  }

  // The scope a 403 names ("the API key \"ro\" lacks the scope verify").
  get scope() {
    const m = /scope[s]?\s+[“"'`]?([a-z_]+)/i.exec(this.message);
    return m ? m[1] : '';
  }
}

// Called with an ApiError whose status is 401, whatever view made the call.
let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

async function errorFrom(res) {
  let code = '';
  let message = '';
  try {
    const body = await res.json();
    code = body?.error?.code || '';
    message = body?.error?.message || '';
  } catch { /* not JSON */ }
  return new ApiError(res.status, code, message, res.headers.get('Retry-After'));
}

// fetch with the key; resolves to the Response when it is 2xx, else throws ApiError.
export async function call(path, { method = 'GET', json, form, accept = 'application/json', signal, key } = {}) {
  const headers = { Accept: accept };
  const k = key ?? getKey();
  if (k) headers.Authorization = `Bearer ${k}`;
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body, signal, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'network');
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && key === undefined) onUnauthorized(err);
    throw err;
  }
  return res;
}

export async function callJson(path, opts) {
  const res = await call(path, opts);
  return res.json();
}

// Reads a text/event-stream body and calls onEvent(name, data) for each event.
export async function readEvents(res, onEvent, signal) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let name = '';
  let data = [];
  const dispatch = () => {
    if (data.length) onEvent(name || 'message', data.join('\n'));
    name = '';
    data = [];
  };
  const line = (l) => {
    if (l === '') return dispatch();
    if (l.startsWith(':')) return undefined;
    const i = l.indexOf(':');
    const field = i < 0 ? l : l.slice(0, i);
    let value = i < 0 ? '' : l.slice(i + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
    return undefined;
  };
  for (;;) {
    if (signal?.aborted) { reader.cancel().catch(() => {}); break; }
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
      // A lone CR at the end may be the first half of CRLF: wait for more.
      if (nl === buf.length - 1 && buf[nl] === '\r') break;
      const l = buf.slice(0, nl);
      buf = buf.slice(nl + (buf.startsWith('\r\n', nl) ? 2 : 1));
      line(l);
    }
  }
  buf += decoder.decode();
  if (buf) line(buf.replace(/\r$/, ''));
  dispatch();
}
