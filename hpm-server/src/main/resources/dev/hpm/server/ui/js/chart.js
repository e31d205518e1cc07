// Charts drawn by uPlot (served from its WebJar, see UiController): time series that zoom by
// dragging across them (a double-click shows the whole range again), a read-out of every series at
// the hovered time, and a legend whose entries hide and show their series; and sparklines for
// tables. When the pointer is not on a chart its legend states each series' latest value in words.
import uPlot from '../lib/uplot.js';
import {h} from './dom.js';

const HEIGHT = 220;
/** The series' colours, in order (as many as the old palette: six, then again). */
const COLOURS = ['#1f6feb', '#8250df', '#bf8700', '#1a7f37', '#cf222e', '#0a7ea4'];
const OK = '#137333';
const BAD = '#b3261e';
const MUTED = '#5b6575';
const GRID = '#edf0f4';
/** Times in the charts are the server's clock as UTC, the same on every viewer's screen. */
const UTC = (ms) => uPlot.tzDate(new Date(ms), 'Etc/UTC');

/**
 * The charts drawn and not yet destroyed. A page replaces its charts on every refresh, so after
 * each new chart the ones no longer in the document are destroyed (uPlot listens on the window).
 */
const live = new Set();
let sweepQueued = false;

function track(u, observer) {
  const entry = {u, observer, born: Date.now(), seen: false};
  live.add(entry);
  if (!sweepQueued) {
    sweepQueued = true;
    setTimeout(sweep, 0);
  }
  return entry;
}

function sweep() {
  sweepQueued = false;
  for (const c of live) {
    if (c.u.root.isConnected) {
      c.seen = true;
    } else if (c.seen || Date.now() - c.born > 60e3) {
      c.observer?.disconnect();
      c.u.destroy();
      live.delete(c);
    }
  }
}

const known = (v) => v !== null && v !== undefined;

/**
 * Each chart by page and title: the one on show (to update in place), and what the user did to it
 * that a chart drawn anew (after "no history", or back on the page) keeps: the zoomed range, the
 * hidden series, and the width.
 */
const views = new Map();

function viewOf(title) {
  const key = location.hash.split('?')[0] + '|' + (title || '');
  if (!views.has(key)) {
    views.set(key, {chart: null, zoom: null, hidden: new Set(), width: 0, window: 0});
  }
  return views.get(key);
}

/** A small line of values (nulls leave gaps), coloured by whether the last value is on goal. */
export function sparkline(values, {max, goodBelow, label} = {}) {
  const vs = values.filter(known);
  const top = max || Math.max(1, ...vs);
  const last = vs.length ? vs[vs.length - 1] : null;
  const bad = goodBelow !== undefined && last !== null && last > goodBelow;
  const box = h('span', {class: 'spark' + (bad ? ' spark-bad' : ''), role: 'img', 'aria-label': label || 'trend'});
  if (!vs.length) {
    return box;
  }
  const colour = bad ? BAD : OK;
  const u = new uPlot({
    width: 120, height: 28, cursor: {show: false}, legend: {show: false}, select: {show: false},
    axes: [{show: false}, {show: false}], padding: [2, 2, 2, 2],
    scales: {x: {time: false, range: values.length < 2 ? [-1, 1] : [0, values.length - 1]}, y: {range: [0, top]}}, // one value: in the middle
    series: [{}, {stroke: colour, width: 1.5, points: {show: vs.length === 1, size: 4, fill: colour, stroke: colour}}],
    hooks: {drawAxes: [(p) => {
      if (goodBelow !== undefined && goodBelow <= top) {
        horizontal(p, goodBelow, '#b7c0cc', [3, 3]);
      }
    }]},
  }, [values.map((v, i) => i), values.map((v) => (known(v) ? Math.min(v, top) : null))], box);
  track(u);
  return box;
}

/** A dashed line across the plot at value v of the y scale. */
function horizontal(u, v, colour, dash) {
  const y = Math.round(u.valToPos(v, 'y', true));
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = devicePixelRatio;
  ctx.setLineDash(dash.map((d) => d * devicePixelRatio));
  ctx.beginPath();
  ctx.moveTo(u.bbox.left, y);
  ctx.lineTo(u.bbox.left + u.bbox.width, y);
  ctx.stroke();
  ctx.restore();
}

/**
 * The series on one time line, as uPlot wants them: the sorted times of every point (and the
 * window's ends, so that a double-click goes back to the whole window), then each series' value at
 * each time: a number, null for a gap the series has, undefined where it has no point (drawn
 * across, and skipped by the read-out, which shows the series' nearest point instead).
 */
function align(series, from, to) {
  const times = new Set([from, to].filter(Number.isFinite));
  series.forEach((s) => s.points.forEach(([t]) => times.add(t)));
  const xs = [...times].filter(Number.isFinite).sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  return [xs, ...series.map((s) => {
    const ys = new Array(xs.length).fill(undefined);
    s.points.forEach(([t, v]) => {
      if (index.has(t)) {
        ys[index.get(t)] = known(v) ? v : null;
      }
    });
    return ys;
  })];
}

/** A time as the read-outs write it: "2026-12-02 05:40:10 UTC". */
export function stamp(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
}

const clock = (ms) => new Date(ms).toISOString().slice(11, 19);

/**
 * A time-series chart. series: [{name, points: [[timeMillis, value|null]], kind: 'line'|'goal'}];
 * opts: {title, unit, min, max, from, to, goodBelow}. A figure: its title, the plot with its
 * read-out, the legend, and a line saying how to zoom (or which range is zoomed to). The page's
 * refresh asks for the same chart again: while it is on show with the same series, the same figure
 * comes back with the new data, so a zoom, a hidden series and the read-out under the pointer stay
 * (and a click is not lost to a redraw). The uPlot instance is the figure's property {@code chart},
 * for scripts and tests.
 */
export function lineChart(series, opts = {}) {
  const view = viewOf(opts.title);
  const empty = !series.some((s) => s.points.some(([, v]) => known(v)));
  const same = view.chart && live.has(view.chart.entry) && view.chart.names === names(series) && view.chart.unit === opts.unit;
  if (!empty && same) {
    view.chart.update(series, opts);
    return view.chart.figure;
  }
  view.chart = null;
  const figure = h('figure', {class: 'chart-box'}, opts.title ? h('figcaption', {}, opts.title) : null);
  if (empty) {
    figure.append(h('p', {class: 'empty'}, 'No history in this time range yet.'));
    return figure;
  }
  view.chart = draw(figure, series, opts, view);
  return figure;
}

const names = (series) => series.map((s) => s.name).join('\n');

/** Draws the chart into figure; returns what lineChart needs to update it. */
function draw(figure, first, opts, view) {
  const unit = opts.unit;
  const now = {series: first, latest: [], data: null};
  const plot = h('div', {class: 'chart-plot'});
  const hint = h('p', {class: 'chart-hint', 'aria-live': 'polite'});
  const tip = h('div', {class: 'chart-tip', role: 'status', hidden: true});
  let ready = false;
  const u = new uPlot({
    width: view.width || 600, height: HEIGHT, ms: 1, tzDate: UTC,
    cursor: {y: false, drag: {x: true, y: false}, points: {size: 7}},
    legend: {live: true, markers: {fill: (self, i) => COLOURS[(i - 1) % COLOURS.length]}},
    scales: {x: {time: true}, y: {range: (self, lo, hi) => yRange(opts, lo, hi)}},
    axes: [
      {stroke: MUTED, grid: {stroke: GRID}, ticks: {stroke: GRID}, label: 'time (UTC)', labelSize: 20,
        labelFont: '12px system-ui, sans-serif', font: '11px system-ui, sans-serif', values: timeTicks},
      {stroke: MUTED, grid: {stroke: GRID}, ticks: {stroke: GRID}, label: axisLabel(unit), labelSize: 20, size: 46,
        labelFont: '12px system-ui, sans-serif', font: '11px system-ui, sans-serif',
        values: (self, splits) => splits.map(formatAxis)},
    ],
    series: [
      {label: 'Time (UTC)', value: (self, v, si, idx) => (idx === null ? 'latest' : stamp(v))},
      ...first.map((s, i) => ({
        label: s.name, stroke: COLOURS[i % COLOURS.length], width: s.kind === 'goal' ? 1.5 : 2,
        dash: s.kind === 'goal' ? [6, 4] : undefined, spanGaps: false, show: !view.hidden.has(s.name),
        points: {size: 5, fill: COLOURS[i % COLOURS.length]},
        value: (self, v, si, idx) => (idx === null ? (now.latest[i] === null ? 'no data' : formatValue(now.latest[i], unit))
          : known(v) ? formatValue(v, unit) : '–'),
      })),
    ],
    hooks: {
      drawAxes: opts.goodBelow === undefined ? [] : [(self) => horizontal(self, opts.goodBelow, BAD, [4, 4])],
      setCursor: [(self) => readOut(self, tip, now.series, unit)],
      setScale: [(self, key) => {
        if (key === 'x' && now.data) {
          const zoomed = describeRange(self, hint, now.data[0]);
          if (ready) {
            view.zoom = zoomed ? [self.scales.x.min, self.scales.x.max] : null;
          }
        }
      }],
      setSeries: [(self, i, o) => {
        if (ready && i !== null && o && o.show !== undefined) {
          view.hidden[o.show ? 'delete' : 'add'](now.series[i - 1].name);
        }
      }],
    },
  }, [[], ...first.map(() => [])], plot);
  u.over.append(tip);
  figure.chart = u;
  figure.append(plot, hint);

  /** New data: the zoom stays unless the page's time range changed length. */
  const update = (series, o) => {
    now.series = series;
    now.latest = series.map((s) => s.points.map(([, v]) => v).filter(known).at(-1) ?? null);
    now.data = align(series, o.from, o.to);
    const window = (o.to || 0) - (o.from || 0);
    if (view.window && window !== view.window) {
      view.zoom = null;
    }
    view.window = window;
    u.setData(now.data, !view.zoom);
    if (view.zoom) {
      u.setScale('x', {min: view.zoom[0], max: view.zoom[1]});
    }
    describeRange(u, hint, now.data[0]);
    labelLegend(u, series);
  };
  update(first, opts);
  ready = true;
  const observer = new ResizeObserver(() => {
    const width = Math.floor(plot.clientWidth);
    if (width > 0 && Math.abs(width - u.width) > 1) {
      u.setSize({width, height: HEIGHT});
    }
    if (width > 0) {
      view.width = width;
    }
  });
  observer.observe(plot);
  const entry = track(u, observer);
  return {figure, update, entry, names: names(first), unit};
}

/** The y scale: the chart's bounds if it has them, else from 0 (or below) to a little above the data. */
function yRange(opts, lo, hi) {
  const min = opts.min !== undefined ? opts.min : Math.min(0, lo ?? 0);
  const max = opts.max !== undefined ? opts.max : Math.max(1, hi ?? 1) * 1.1;
  return [min, max];
}

/**
 * The legend rows carry their series' name, latest and highest value as data attributes (for
 * scripts and tests), and answer the keyboard like a click: Enter or Space hides or shows the
 * series (the listener is added once, when the row has no name yet).
 */
function labelLegend(u, series) {
  const rows = u.root.querySelectorAll('.u-legend .u-series');
  series.forEach((s, i) => {
    const row = rows[i + 1];
    if (!row) {
      return;
    }
    if (row.dataset.series === undefined) {
      const label = row.querySelector('th');
      label.tabIndex = 0;
      label.title = 'Click to hide or show ' + s.name;
      label.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          u.setSeries(i + 1, {show: !u.series[i + 1].show});
        }
      });
    }
    const values = s.points.map(([, v]) => v).filter(known);
    Object.assign(row.dataset, {series: s.name, latest: values.length ? String(values.at(-1)) : '',
      max: values.length ? String(Math.max(...values)) : ''});
  });
}

/**
 * The read-out beside the pointer: the hovered time, then every shown series' value there (a
 * series with no point at that time gives its nearest point, and says when that was).
 */
function readOut(u, tip, series, unit) {
  const {idx, idxs, left, top} = u.cursor;
  if (idx === null || idx === undefined || left < 0) {
    tip.hidden = true;
    return;
  }
  // The time of the first shown series' nearest point (the hovered place may be an end of the window).
  const first = series.findIndex((s, i) => u.series[i + 1].show && known(u.data[i + 1][idxs[i + 1]]));
  const t = first < 0 ? u.data[0][idx] : u.data[0][idxs[first + 1]];
  const rows = [h('div', {class: 'chart-tip-time'}, stamp(t))];
  series.forEach((s, i) => {
    if (!u.series[i + 1].show) {
      return;
    }
    const j = idxs[i + 1];
    const v = j === null || j === undefined ? null : u.data[i + 1][j];
    const at = known(v) && Math.abs(u.data[0][j] - t) >= 500 ? ` (at ${clock(u.data[0][j])})` : '';
    rows.push(h('div', {class: 'chart-tip-row', dataset: {series: s.name}},
        h('span', {class: 'chart-tip-mark', 'aria-hidden': 'true', dataset: {colour: String(i % COLOURS.length)}}),
        `${s.name}: ${known(v) ? formatValue(v, unit) : '–'}${at}`));
  });
  tip.replaceChildren(...rows);
  tip.hidden = false;
  const width = tip.offsetWidth;
  const x = left + 14 + width > u.over.clientWidth ? left - 14 - width : left + 14;
  tip.style.left = Math.max(0, x) + 'px';
  tip.style.top = Math.max(0, Math.min(top, u.over.clientHeight - tip.offsetHeight)) + 'px';
}

/** The line under the plot: how to zoom, or which range is zoomed to and how to go back; true if zoomed. */
function describeRange(u, hint, xs) {
  const {min, max} = u.scales.x;
  const whole = min === null || (min <= xs[0] && max >= xs[xs.length - 1]);
  hint.dataset.zoomed = String(!whole);
  hint.textContent = whole
    ? 'Drag across the chart to zoom in; click a legend entry to hide or show its series.'
    : `Zoomed to ${stamp(min)} – ${clock(max)} UTC; double-click the chart to show the whole range.`;
  return !whole;
}

/**
 * The time axis' labels: hours and minutes (and seconds when the ticks are less than a minute
 * apart), with the date under the first label and under any label on a new day.
 */
function timeTicks(u, splits, axis, space, incr) {
  let day = null;
  return splits.map((t) => {
    const iso = new Date(t).toISOString();
    const label = incr < 60e3 ? iso.slice(11, 19) : iso.slice(11, 16);
    const date = iso.slice(0, 10);
    const shown = date !== day ? label + '\n' + date : label;
    day = date;
    return shown;
  });
}

function axisLabel(unit) {
  return {'%': '%', PI: 'PI', count: 'migrations', W: 'W', CPUs: 'CPUs', shares: 'shares'}[unit] ?? unit ?? '';
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
  if (unit === 'count' || unit === 'shares') {
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
  // The goal is a level: it has a point at every sample's time too, so the read-out shows it there.
  const goal = (e) => [from, ...(e.samples || []).map((s) => Date.parse(s.time)), to].map((t) => [t, e.goal]);
  return lineChart(entries.flatMap((e) => [{name: e.label + 'velocity', points: points(e.samples, 'velocity')},
    ...(e.goal ? [{name: e.label + 'goal', kind: 'goal', points: goal(e)}] : [])]),
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
