// The lexcite workspace: key prompt, tabs, and the three views.

import { call, getKey, setKey, forgetKey, setUnauthorizedHandler } from './api.js';
import { message } from './dom.js';
import { FALLBACK_STATUSES } from './labels.js';
import { describeError } from './render.js';
import { initVerify } from './verify.js';
import { initLookup } from './lookup.js';
import { initAsk } from './ask.js';

const $ = (id) => document.getElementById(id);

const TABS = [
  { tab: 'tab-verify', view: 'view-verify', hash: '#kiem-tra' },
  { tab: 'tab-lookup', view: 'view-lookup', hash: '#tra-cuu' },
  { tab: 'tab-ask', view: 'view-ask', hash: '#hoi-dap' },
];

let statuses = [...FALLBACK_STATUSES];
let active = 'tab-verify';

// The verifier's statuses, as the server's spec lists them.
async function loadStatuses() {
  try {
    const res = await fetch('/openapi.json', { credentials: 'omit', headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const spec = await res.json();
    const list = spec?.components?.schemas?.Status?.enum;
    if (Array.isArray(list) && list.length && list.every((s) => typeof s === 'string')) statuses = list;
  } catch { /* keep the known list */ }
}

function selectTab(id, focus = false) {
  active = id;
  for (const t of TABS) {
    const on = t.tab === id;
    const tab = $(t.tab);
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.tabIndex = on ? 0 : -1;
    $(t.view).hidden = !on;
    if (on && focus) tab.focus();
    if (on && location.hash !== t.hash) history.replaceState(null, '', t.hash);
  }
}

function initTabs() {
  TABS.forEach((t, i) => {
    const tab = $(t.tab);
    tab.addEventListener('click', () => selectTab(t.tab));
    tab.addEventListener('keydown', (e) => {
      let j = null;
      if (e.key === 'ArrowRight') j = (i + 1) % TABS.length;
      else if (e.key === 'ArrowLeft') j = (i - 1 + TABS.length) % TABS.length;
      else if (e.key === 'Home') j = 0;
      else if (e.key === 'End') j = TABS.length - 1;
      if (j !== null) {
        e.preventDefault();
        selectTab(TABS[j].tab, true);
      }
    });
  });
  const fromHash = TABS.find((t) => t.hash === location.hash);
  selectTab(fromHash ? fromHash.tab : 'tab-verify');
}

function showWorkspace(on) {
  $('key-panel').hidden = on;
  $('tabs-nav').hidden = !on;
  $('key-bar').hidden = !on;
  for (const t of TABS) $(t.view).hidden = !on || t.tab !== active;
}

function askForKey(text) {
  showWorkspace(false);
  const input = $('key-input');
  input.value = '';
  message($('key-error'), text || '', text ? 'error' : '');
  input.focus();
}

async function main() {
  const statusesReady = loadStatuses();
  initTabs();
  const lookup = initLookup();
  initVerify({ statuses: () => statuses, isActive: () => active === 'tab-verify' && !$('view-verify').hidden });
  initAsk();

  setUnauthorizedHandler((err) => {
    forgetKey();
    askForKey(describeError(err));
  });

  $('forget-key').addEventListener('click', () => {
    forgetKey();
    askForKey('Đã xoá khoá khỏi phiên làm việc này.');
  });

  $('key-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = $('key-input').value.trim();
    const err = $('key-error');
    if (!key) {
      message(err, 'Hãy nhập khoá API.', 'error');
      $('key-input').focus();
      return;
    }
    $('key-submit').disabled = true;
    message(err, 'Đang kiểm tra khoá…', 'busy');
    try {
      // Any valid key may read its own name and scopes.
      await call('/v1/key', { key });
      setKey(key);
    } catch (ex) {
      message(err, ex.status === 401
        ? 'Khoá API không hợp lệ. Hãy nhập một khoá hợp lệ do quản trị viên cấp.'
        : describeError(ex), 'error');
      $('key-submit').disabled = false;
      $('key-input').focus();
      return;
    }
    $('key-submit').disabled = false;
    $('key-input').value = '';
    message(err, '');
    start();
  });

  async function start() {
    showWorkspace(true);
    let scopes = null;
    try {
      scopes = (await (await call('/v1/key')).json()).scopes;
    } catch {
      // An older server: the routes themselves say what the key lacks.
    }
    const r = await lookup.loadDocuments();
    const missing = ['verify', 'read', 'ask'].filter((s) => scopes && !scopes.includes(s));
    if (missing.length) {
      $('key-state').textContent = `Khoá không có quyền: ${missing.map((m) => `“${m}”`).join(', ')}`;
    } else if (!r.ok && r.err?.status === 403) {
      $('key-state').textContent = 'Khoá không có quyền “read” (tra cứu)';
    } else {
      $('key-state').textContent = 'Đã nhập khoá API';
    }
  }

  await statusesReady;
  if (getKey()) start(); else askForKey('');
  document.documentElement.classList.add('ready');
}

main();
