// Co-creation path diagram: stages left to right (wrapping into rows on narrow screens),
// with actor / technology / mechanism chips under each stage. Plain SVG, laid out here.

import { t } from './i18n.js';
import { docHref, h, labelOf, s, wrap } from './util.js';

const KINDS = ['actors', 'technologies', 'mechanisms'];
const M = 20;        // outer margin
const GAP = 40;      // between stages in a row
const ROW_GAP = 36;  // between rows
const HEAD_FONT = 14;
const CHIP_FONT = 12;
const CHIP_H = 22;
const CHIP_GAP = 4;
const MAX_CHIPS = 4; // per kind

let uid = 0;

function norm(stage, i) {
  const out = { index: stage.index ?? i + 1, label: labelOf(stage.label ?? stage.name ?? ''), chips: [], href: null, tip: [] };
  for (const k of KINDS) {
    const vals = (stage[k] || []).map(labelOf).filter(Boolean);
    const uniq = [...new Set(vals)];
    for (const v of uniq.slice(0, MAX_CHIPS)) out.chips.push({ kind: k, label: v });
    if (uniq.length > MAX_CHIPS) out.chips.push({ kind: k, label: `+${uniq.length - MAX_CHIPS}`, more: uniq.slice(MAX_CHIPS).join('、') });
  }
  if (Array.isArray(stage.actions) && stage.actions.length) out.tip.push(stage.actions.join('；'));
  const ev = (stage.evidence || []).find((e) => e && e.lines);
  if (ev) {
    out.ev = ev;
    if (ev.text) out.tip.push(ev.text);
  }
  return out;
}

function layout(stages, width) {
  const n = stages.length;
  let cols = Math.max(1, Math.floor((width - 2 * M + GAP) / (150 + GAP)));
  cols = Math.min(cols, n);
  // One column (phones): stages stacked top to bottom, as wide as the screen allows.
  const stageW = cols === 1
    ? Math.max(120, Math.min(360, width - 2 * M))
    : Math.max(120, Math.min(240, Math.floor((width - 2 * M - (cols - 1) * GAP) / cols)));
  const headEm = (stageW - 44) / HEAD_FONT;
  const chipEm = (stageW - 28) / CHIP_FONT;
  const boxes = stages.map((st, i) => {
    const lines = wrap(st.label || t('case.stage', st.index), headEm, 3);
    const headH = 14 + lines.length * 19 + 8;
    const chipsH = st.chips.length ? st.chips.length * (CHIP_H + CHIP_GAP) + 8 : 0;
    return { st, i, lines, headH, h: headH + chipsH, chipEm };
  });
  const rows = [];
  for (let i = 0; i < n; i += cols) rows.push(boxes.slice(i, i + cols));
  let y = M;
  for (const row of rows) {
    // One header height per row, so the arrows between its stages are level.
    const headH = Math.max(...row.map((b) => b.headH));
    for (const b of row) {
      b.h += headH - b.headH;
      b.headH = headH;
    }
    const rh = Math.max(...row.map((b) => b.h));
    row.forEach((b, c) => {
      b.x = M + c * (stageW + GAP);
      b.y = y;
      b.w = stageW;
      b.rowH = rh;
    });
    y += rh + ROW_GAP;
  }
  return { boxes, rows, height: y - ROW_GAP + M, stageW };
}

function draw(path, stages, width, opts) {
  const L = layout(stages, width);
  const id = `pd${++uid}`;
  const svg = s('svg', {
    class: 'pd', width: String(width), height: String(L.height), viewBox: `0 0 ${width} ${L.height}`,
    role: 'img', 'aria-label': `${path.label || ''} (${stages.length})`,
  });
  svg.append(s('defs', {}, s('marker', {
    id: `${id}-arrow`, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '8', markerHeight: '8', orient: 'auto-start-reverse',
  }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'pd-arrowhead' }))));
  // connectors first, under the boxes
  for (let i = 0; i + 1 < L.boxes.length; i++) {
    const a = L.boxes[i], b = L.boxes[i + 1];
    const ya = a.y + a.headH / 2, yb = b.y + b.headH / 2;
    let d;
    if (b.y === a.y) {
      d = `M${a.x + a.w},${ya} L${b.x - 2},${yb}`;
    } else if (b.x === a.x) {
      const xm = a.x + a.w / 2;
      d = `M${xm},${a.y + a.h} L${xm},${b.y - 2}`;
    } else {
      const xr = a.x + a.w + Math.min(GAP / 2, width - (a.x + a.w) - 4);
      const ym = a.y + a.rowH + ROW_GAP / 2;
      const xl = M / 2;
      d = `M${a.x + a.w},${ya} L${xr},${ya} L${xr},${ym} L${xl},${ym} L${xl},${yb} L${b.x - 2},${yb}`;
    }
    svg.append(s('path', { d, class: 'pd-link', 'marker-end': `url(#${id}-arrow)` }));
  }
  for (const b of L.boxes) {
    const st = b.st;
    const g = s('g', { class: 'pd-stage', transform: `translate(${b.x},${b.y})`, dataset: { stage: String(st.index) } });
    g.append(s('rect', { class: 'pd-box', width: String(b.w), height: String(b.h), rx: '10' }));
    const head = s('g', { class: 'pd-head' },
      s('rect', { class: 'pd-headbg', width: String(b.w), height: String(b.headH), rx: '10' }),
      s('circle', { class: 'pd-num', cx: '20', cy: String(b.headH / 2), r: '12' }),
      s('text', { class: 'pd-numtext', x: '20', y: String(b.headH / 2 + 4.5), 'text-anchor': 'middle' }, String(st.index)),
      s('text', { class: 'pd-label', x: '40', y: String(b.headH / 2 - (b.lines.length - 1) * 9.5 + 5) },
        b.lines.map((ln, k) => s('tspan', { x: '40', dy: k ? '19' : '0' }, ln))));
    if (st.tip.length) head.prepend(s('title', {}, st.tip.join('\n')));
    if (st.ev && opts.docId) {
      g.append(s('a', { href: docHref(opts.docId, st.ev.lines), class: 'pd-headlink' }, head));
    } else {
      g.append(head);
    }
    st.chips.forEach((c, k) => {
      const cy = b.headH + 4 + k * (CHIP_H + CHIP_GAP);
      const text = wrap(c.label, b.chipEm, 1)[0];
      g.append(s('g', { class: `pd-chip pd-chip-${c.kind}`, transform: `translate(8,${cy})` },
        s('title', {}, `${t(`legend.${c.kind}`)}：${c.more || c.label}`),
        s('rect', { width: String(b.w - 16), height: String(CHIP_H), rx: '11' }),
        s('text', { x: '10', y: String(CHIP_H / 2 + 4.2) }, text)));
    });
    svg.append(g);
  }
  return svg;
}

export function legend() {
  return h('div', { class: 'pd-legend', 'aria-hidden': 'true' },
    KINDS.map((k) => h('span', { class: `chip chip-legend pd-key-${k}` }, t(`legend.${k}`))));
}

/** A diagram element that redraws itself when its width changes. */
export function pathDiagram(path, opts = {}) {
  const stages = (path.stages || []).map(norm);
  const box = h('div', { class: 'pd-wrap', dataset: { stages: String(stages.length) } });
  let lastW = 0;
  const redraw = () => {
    const w = Math.floor(box.clientWidth || box.parentElement?.clientWidth || 800);
    if (!w || w === lastW) return;
    lastW = w;
    box.replaceChildren(draw(path, stages, w, opts));
  };
  if (typeof ResizeObserver === 'function') new ResizeObserver(redraw).observe(box);
  requestAnimationFrame(redraw);
  return box;
}
