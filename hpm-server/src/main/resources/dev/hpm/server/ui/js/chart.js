// Charts drawn as SVG: a sparkline for tables and a time-series chart with a goal line. Each chart
// also states its latest values in words (for screen readers, and for anyone who wants the figure).
import {h} from './dom.js';

const W = 640;
const H = 220;
const PAD = {l: 44, r: 12, t: 12, b: 24};

/** A small line of values (nulls leave gaps), coloured by whether the last value is on goal. */
export function sparkline(values, {max, goodBelow, label} = {}) {
  const vs = values.filter((v) => v !== null && v !== undefined);
  const w = 120;
  const hh = 28;
  const top = max || Math.max(1, ...vs);
  const pts = [];
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) {
      pts.push([values.length < 2 ? w / 2 : (i * w) / (values.length - 1), hh - 2 - (Math.min(v, top) / top) * (hh - 4)]);
    }
  });
  const last = vs.length ? vs[vs.length - 1] : null;
  const bad = goodBelow !== undefined && last !== null && last > goodBelow;
  const svg = h('svg:svg', {viewBox: `0 0 ${w} ${hh}`, class: 'spark' + (bad ? ' spark-bad' : ''), role: 'img',
    'aria-label': label || 'trend'});
  if (goodBelow !== undefined && goodBelow <= top) {
    const y = hh - 2 - (goodBelow / top) * (hh - 4);
    svg.append(h('svg:line', {x1: 0, x2: w, y1: y, y2: y, class: 'spark-goal'}));
  }
  if (pts.length === 1) {
    svg.append(h('svg:circle', {cx: pts[0][0], cy: pts[0][1], r: 2, class: 'spark-dot'}));
  } else if (pts.length) {
    svg.append(h('svg:polyline', {points: pts.map((p) => p.join(',')).join(' '), class: 'spark-line'}));
  }
  return svg;
}

/**
 * A time-series chart. series: [{name, points: [[timeMillis, value|null]], kind: 'line'|'goal'}];
 * opts: {title, unit, min, max, from, to, goodBelow}.
 */
export function lineChart(series, opts = {}) {
  const all = series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => v !== null && v !== undefined);
  const times = series.flatMap((s) => s.points.map((p) => p[0]));
  const t0 = opts.from || Math.min(...times);
  const t1 = opts.to || Math.max(...times);
  const lo = opts.min !== undefined ? opts.min : Math.min(0, ...all);
  const hi = opts.max !== undefined ? opts.max : Math.max(1, ...all) * 1.1;
  const x = (t) => PAD.l + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v) => H - PAD.b - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo || 1)) * (H - PAD.t - PAD.b);
  const svg = h('svg:svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': opts.title || 'chart'});
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    svg.append(h('svg:line', {x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v), class: 'grid'}),
        h('svg:text', {x: PAD.l - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end'}, formatAxis(v)));
  }
  if (isFinite(t0) && isFinite(t1)) {
    for (let i = 0; i <= 3; i++) {
      const t = t0 + ((t1 - t0) * i) / 3;
      const long = t1 - t0 > 20 * 3600e3;
      svg.append(h('svg:text', {x: x(t), y: H - 6, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === 3 ? 'end' : 'middle'},
          long ? new Date(t).toLocaleString([], {weekday: 'short', hour: '2-digit', minute: '2-digit'})
            : new Date(t).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'})));
    }
  }
  if (opts.goodBelow !== undefined) {
    svg.append(h('svg:line', {x1: PAD.l, x2: W - PAD.r, y1: y(opts.goodBelow), y2: y(opts.goodBelow), class: 'threshold'}));
  }
  series.forEach((s, i) => {
    let d = '';
    const known = (k) => k >= 0 && k < s.points.length && s.points[k][1] !== null && s.points[k][1] !== undefined;
    s.points.forEach(([t, v], k) => {
      if (!known(k)) {
        return;
      }
      d += (known(k - 1) ? 'L' : 'M') + x(t).toFixed(1) + ',' + y(v).toFixed(1);
      if (!known(k - 1) && !known(k + 1)) { // a point with no neighbour: a dot, or it would not show
        svg.append(h('svg:circle', {cx: x(t).toFixed(1), cy: y(v).toFixed(1), r: 3, class: 'dot c' + (i % 6)}));
      }
    });
    if (d) {
      svg.append(h('svg:path', {d, class: (s.kind === 'goal' ? 'goal-line' : 'series') + ' c' + (i % 6)}));
    }
  });
  const legend = h('ul', {class: 'legend'}, series.map((s, i) => {
    const values = s.points.map((p) => p[1]).filter((v) => v !== null && v !== undefined);
    const last = values.length ? [0, values[values.length - 1]] : null;
    return h('li', {class: 'c' + (i % 6), dataset: {series: s.name, latest: last ? String(last[1]) : '',
      max: values.length ? String(Math.max(...values)) : ''}},
        h('span', {class: 'swatch', 'aria-hidden': 'true'}), s.name + ': ',
        h('strong', {}, last ? formatValue(last[1], opts.unit) : 'no data'));
  }));
  return h('figure', {class: 'chart-box'}, opts.title ? h('figcaption', {}, opts.title) : null,
      series.some((s) => s.points.length) ? svg : h('p', {class: 'empty'}, 'No history in this time range yet.'), legend);
}

function formatAxis(v) {
  return Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(1);
}

function formatValue(v, unit) {
  if (unit === '%') {
    return v.toFixed(1) + ' %';
  }
  if (unit === 'PI') {
    return v.toFixed(2);
  }
  if (unit === 'count') {
    return String(Math.round(v));
  }
  return v.toFixed(2) + (unit ? ' ' + unit : '');
}

/** [[millis, value]] from API samples. */
export function points(samples, key) {
  return (samples || []).map((s) => [Date.parse(s.time), s[key] === undefined ? null : s[key]]);
}

export const RANGES = [['15m', 'last 15 minutes'], ['1h', 'last hour'], ['6h', 'last 6 hours'], ['12h', 'last 12 hours'], ['36h', 'last 36 hours']];

/** The length of a range such as "15m" or "36h", in milliseconds. */
export function parseRange(r) {
  const n = parseInt(r, 10);
  return r.endsWith('h') ? n * 3600e3 : n * 60e3;
}

/** The time window a range picker shows, ending now: {from, to} in milliseconds. */
export function chartWindow(range) {
  const to = Date.now();
  return {from: to - parseRange(range.value), to};
}

/**
 * Velocity against goal. entries: [{label, samples, goal}]; each gives the series "<label>velocity"
 * and, when it has a goal, its goal line "<label>goal".
 */
export function velocityChart(entries, {from, to}) {
  return lineChart(entries.flatMap((e) => [{name: e.label + 'velocity', points: points(e.samples, 'velocity')},
    ...(e.goal ? [{name: e.label + 'goal', kind: 'goal', points: [[from, e.goal], [to, e.goal]]}] : [])]),
  {title: 'Velocity against goal (%)', unit: '%', min: 0, max: 100, from, to});
}

/** Performance index over time, with the on-goal line at 1. */
export function piChart(series, {from, to}) {
  return lineChart(series, {title: 'Performance index (≤ 1 is on goal)', unit: 'PI', min: 0, max: 3, goodBelow: 1, from, to});
}

/** The bucket size that keeps a chart of this range to a few hundred points. */
export function stepFor(range) {
  return {'15m': '', '1h': '', '6h': '1m', '12h': '2m', '36h': '5m'}[range] ?? '';
}

/**
 * Wraps a chart loader so that the page's live refresh redraws long ranges less often (a 36-hour
 * chart gains nothing from a redraw every few seconds, and costs the server a long query each time).
 */
export function throttled(range, load) {
  let at = 0;
  const every = () => ({'15m': 0, '1h': 0, '6h': 30e3, '12h': 60e3, '36h': 60e3}[range.value] ?? 0);
  return async (force) => {
    if (force !== true && Date.now() - at < every()) {
      return;
    }
    at = Date.now();
    await load();
  };
}
