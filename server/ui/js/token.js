// The write token, kept for this tab only (sessionStorage, gone when the tab closes). With
// a token the upload page and the delete button appear; the service still checks it.

const KEY = 'gongchuang.token';

export function token() {
  try { return sessionStorage.getItem(KEY) || ''; } catch (_) { return ''; }
}

export function setToken(v) {
  try {
    if (v) sessionStorage.setItem(KEY, v); else sessionStorage.removeItem(KEY);
  } catch (_) { /* storage off: the token lasts until reload */ }
  showWriteUi();
}

/** Headers for a write (and for following its job). */
export function authHeaders() {
  const tk = token();
  return tk ? { Authorization: `Bearer ${tk}` } : {};
}

/** The upload link only with a token. */
export function showWriteUi() {
  const a = document.getElementById('nav-upload');
  if (a) a.hidden = !token();
}

/** The header's token form: toggled by its button, saved on submit. */
export function initTokenForm(onChange) {
  const button = document.getElementById('token-toggle');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  if (!button || !form || !input) return;
  button.addEventListener('click', () => {
    form.hidden = !form.hidden;
    if (!form.hidden) { input.value = token(); input.focus(); }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setToken(input.value.trim());
    form.hidden = true;
    onChange();
  });
  showWriteUi();
}
