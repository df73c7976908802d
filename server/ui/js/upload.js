// Upload page (only with a write token): files dropped or chosen go to POST /api/documents;
// the job that ingests them is followed to its end, with progress and per-file errors.

import { t } from './i18n.js';
import { api, errorBox, fill, h, setTitle } from './util.js';
import { authHeaders, token } from './token.js';

const ACCEPT = '.txt,.md,.html,.htm,.pdf,.docx';

function size(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Poll a job until it ends, showing its stage and files done in `box`. Its last status. */
export async function follow(url, box) {
  const bar = h('progress', { id: 'job-progress', max: '1', value: '0' });
  const stage = h('span', { class: 'job-stage' });
  const count = h('span', { class: 'muted' });
  fill(box, h('p', {}, stage, ' ', bar, ' ', count));
  for (;;) {
    const st = await api(url, { headers: { Accept: 'application/json', ...authHeaders() } });
    bar.max = Math.max(1, st.files_total);
    bar.value = st.files_done;
    stage.textContent = t(`job.${st.stage}`);
    count.textContent = t('job.files', st.files_done, st.files_total);
    if (st.stage === 'done' || st.stage === 'failed') {
      fill(box, result(st));
      titles(box);
      return st;
    }
    await new Promise((r) => setTimeout(r, 400));
  }
}

/** The new documents' titles in place of their ids, once known. */
function titles(box) {
  for (const a of box.querySelectorAll('.job-docs a')) {
    api(`/api/documents/${encodeURIComponent(a.dataset.id)}`)
      .then((j) => { a.textContent = j.document.title || a.dataset.id; })
      .catch(() => { /* deleted meanwhile: the id stays */ });
  }
}

function result(st) {
  return h('div', { class: 'job-result', id: 'job-result', dataset: { stage: st.stage } },
    h('p', {}, t('job.summary', st.added, st.replaced, st.unchanged, st.deleted)),
    st.failure ? errorBox(new Error(st.failure)) : null,
    st.errors.length ? h('ul', { class: 'file-errors' }, st.errors.map((e) =>
      h('li', { class: 'file-error' }, h('strong', {}, e.file), ': ', e.reason))) : null,
    st.documents.length && st.op.op !== 'delete' ? h('ul', { class: 'job-docs plain' }, st.documents.map((id) =>
      h('li', {}, h('a', { href: `#/doc/${encodeURIComponent(id)}`, dataset: { id } }, id)))) : null);
}

export async function render(main) {
  setTitle(t('upload.title'));
  const root = h('div', { class: 'page page-upload' }, h('h1', {}, t('upload.title')));
  main.append(root);
  if (!token()) {
    root.append(h('p', { class: 'hint' }, t('upload.needToken')));
    return null;
  }
  const chosen = [];
  const list = h('ul', { class: 'upload-list plain', id: 'upload-files' });
  const send = h('button', { type: 'button', id: 'upload-send', disabled: true }, t('upload.send'));
  const status = h('div', { id: 'upload-status', role: 'status', 'aria-live': 'polite' });
  const add = (files) => {
    for (const f of files) chosen.push(f);
    fill(list, chosen.map((f) => h('li', {}, f.name, ' ', h('span', { class: 'muted' }, size(f.size)))));
    send.disabled = !chosen.length;
  };
  const input = h('input', { type: 'file', multiple: true, id: 'upload-input', accept: ACCEPT, onchange: () => add(input.files) });
  const zone = h('div', { class: 'dropzone', id: 'dropzone' },
    h('p', {}, t('upload.drop')), h('label', { class: 'button' }, t('upload.pick'), input));
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    add(e.dataTransfer.files);
  });
  send.addEventListener('click', async () => {
    send.disabled = true;
    const form = new FormData();
    for (const f of chosen) form.append('files', f, f.name);
    fill(status, h('p', {}, t('upload.sending')));
    try {
      const acc = await api('/api/documents', { method: 'POST', body: form, headers: { Accept: 'application/json', ...authHeaders() } });
      chosen.length = 0;
      fill(list);
      await follow(acc.status, status);
    } catch (e) {
      fill(status, errorBox(e));
      send.disabled = !chosen.length;
    }
  });
  root.append(h('p', { class: 'hint' }, t('upload.hint')), zone, list, send, status);
  return null;
}
