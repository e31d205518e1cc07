// Building the page: elements from data (never from HTML strings, so names cannot inject markup),
// formatting of figures, and the colours of goal status.

/** An element: h('a', {href: '#/x', class: 'c'}, 'text', child…). Attributes starting with "on" are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else {
      el.setAttribute(k, v === true ? '' : v);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else {
      el.append(c instanceof Node ? c : String(c));
    }
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const num = (v, digits = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
export const pct = (v) => (v === null || v === undefined ? '–' : Number(v).toFixed(1) + ' %');
export const time = (iso) => (iso ? new Date(iso).toLocaleString() : '–');
export const shortTime = (iso) => (iso ? new Date(iso).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'}) : '–');

const STATUS_TEXT = {
  'on-goal': 'on goal', 'missing-goal': 'missing goal', 'no-goal': 'no goal (discretionary)', 'idle': 'idle',
  'no-data': 'no data yet', 'not-managed': 'not managed',
};

/** A status badge: colour and words (never colour alone). */
export function status(s) {
  return h('span', {class: 'status status-' + (s || 'no-data')}, STATUS_TEXT[s] || s || 'no data yet');
}

/** The PI with the colour of its status (≤ 1 on goal). */
export function pi(v) {
  if (v === null || v === undefined) {
    return h('span', {class: 'pi'}, '–');
  }
  return h('span', {class: 'pi ' + (v <= 1 ? 'pi-ok' : 'pi-miss')}, Number(v).toFixed(2));
}

export const IMPORTANCES = ['highest', 'high', 'medium', 'low', 'lowest'];
export const GOALS = ['fastest', 'fast', 'moderate', 'slow', 'slowest', 'discretionary'];

/** A labelled form field. */
export function field(label, input, hint) {
  const id = input.id || ('f-' + Math.random().toString(36).slice(2, 9));
  input.id = id;
  return h('div', {class: 'field'}, h('label', {for: id}, label), input, hint ? h('small', {}, hint) : null);
}

export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map((o) => {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    return h('option', {value: v, selected: v === value}, text);
  }));
}

/** A table: columns [{title, cell: row => node|text, class}], rows. */
export function table(columns, rows, attrs = {}) {
  return h('div', {class: 'table-wrap'}, h('table', attrs,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col', class: c.class}, c.title)))),
      h('tbody', {}, rows.length === 0
          ? h('tr', {}, h('td', {colspan: columns.length, class: 'empty'}, attrs['data-empty'] || 'Nothing to show.'))
          : rows.map((r, i) => h('tr', {}, columns.map((c) => h('td', {class: c.class}, c.cell(r, i))))))));
}

/** A message box: kind is "error", "ok" or "info". */
export function message(kind, text) {
  return h('div', {class: 'msg msg-' + kind, role: kind === 'error' ? 'alert' : 'status'}, text);
}
