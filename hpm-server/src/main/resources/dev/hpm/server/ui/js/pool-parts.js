// Parts the pool pages share: state badges, the progress bar, the indicators of a plan (before,
// projected, achieved) and each action in words. State is always said in words, never by colour alone.
import {api, enc} from './api.js';
import {h, num, shortTime, table} from './dom.js';

const GOOD = ['on', 'done', 'executed', 'none'];
const BAD = ['failed', 'power-on-failed', 'aborted', 'interrupted', 'rejected'];
const BUSY = ['running', 'executing', 'entering', 'leaving', 'powering-on', 'powering-off', 'migrating', 'pending', 'in'];

/** A badge for a power, maintenance, plan, action or migration state. */
export function badge(state, text) {
  const kind = GOOD.includes(state) ? 'ok' : BAD.includes(state) ? 'bad' : BUSY.includes(state) ? 'busy' : 'idle';
  return h('span', {class: 'status state-' + kind, dataset: {state: state || ''}}, text || state || '–');
}

/** A progress bar with its figure in words beside it (for screen readers the label says what moves). */
export function progress(fraction, label, attrs = {}) {
  const f = Math.max(0, Math.min(1, Number(fraction) || 0));
  return h('span', {class: 'progress'}, h('progress', {max: 1, value: f, 'aria-label': label, ...attrs}),
      h('span', {class: 'progress-text'}, Math.round(f * 100) + ' %'));
}

/** The indicators of an efficacy, in the order shown: key, label, digits, whether lower is better. */
export const INDICATORS = [['watts', 'Power draw (W)', 0, true], ['powered-hosts', 'Powered hosts', 0, true],
  ['loaded-hosts', 'Loaded hosts', 0, true], ['cpu-stddev', 'CPU spread (std. dev.)', 3, true], ['migrations', 'Migrations', 0, true]];

/** A value with a bar scaled to the largest of its row; "not yet" where there is none. */
function bar(v, top, digits, cls, id) {
  if (v === null || v === undefined) {
    return h('span', {class: 'ind ' + cls, id}, h('span', {class: 'ind-value'}, 'not yet'));
  }
  const w = top > 0 ? Math.round((Math.abs(v) / top) * 100) : 0;
  return h('span', {class: 'ind ' + cls, id, dataset: {value: String(v)}}, h('span', {class: 'ind-value'}, num(v, digits)),
      h('span', {class: 'ind-bar', 'aria-hidden': 'true'}, h('span', {class: 'ind-fill', dataset: {w: String(w)}})));
}

/** Sets the bars' widths from their data (no inline style attribute in the markup: the CSP forbids it). */
export function sizeBars(root) {
  root.querySelectorAll('.ind-fill').forEach((el) => { el.style.width = el.dataset.w + '%'; });
}

/** Before, projected and achieved side by side, one row per indicator. */
export function indicatorTable(plan) {
  const rows = INDICATORS.map(([key, label, digits]) => {
    const b = (plan.before || {})[key];
    const p = (plan.projected || {})[key];
    const a = plan.achieved ? plan.achieved[key] : null;
    const top = Math.max(...[b, p, a].filter((v) => v !== null && v !== undefined).map(Math.abs), 0);
    return {key, label, cells: [bar(b, top, digits, 'ind-before', 'ind-before-' + key),
      bar(p, top, digits, 'ind-projected', 'ind-projected-' + key), bar(a, top, digits, 'ind-achieved', 'ind-achieved-' + key)]};
  });
  const t = table([
    {title: 'Indicator', cell: (r) => r.label},
    {title: 'Before', cell: (r) => r.cells[0]},
    {title: 'Projected', cell: (r) => r.cells[1]},
    {title: 'Achieved', cell: (r) => r.cells[2]},
  ], rows, {id: 'plan-indicators', class: 'indicators'});
  sizeBars(t);
  return t;
}

/** What an action changes, in words: "on host-1 → on host-2", "on → off". */
export function change(a, name) {
  if (typeof a.before === 'string' && typeof a.after === 'string') {
    return `${a.before} → ${a.after}`;
  }
  switch (a.kind) {
    case 'migrate': return `on ${name(a.from)} → on ${name(a.to)}`;
    case 'power-on': return 'off → on';
    case 'power-off': return 'on → off';
    case 'shutdown': return `running on ${name(a.from || a.host)} → stopped`;
    default: return '–';
  }
}

/** The actions of a plan: what, before → after, state, progress and the reason. */
export function actionTable(plan, name) {
  return table([
    {title: '#', class: 'n', cell: (a) => a.index + 1},
    {title: 'Action', cell: (a) => a.kind},
    {title: 'Server / host', cell: (a) => a['virtual-server']
        ? h('a', {href: '#/servers/' + enc(a['virtual-server'].id)}, a['virtual-server'].name) : name(a.host)},
    {title: 'Before → after', cell: (a) => change(a, name)},
    {title: 'State', cell: (a) => badge(a.state)},
    {title: 'Progress', cell: (a) => progress(a.progress, `progress of action ${a.index + 1}`)},
    {title: 'Reason', class: 'reason', cell: (a) => [a.reason, a.detail ? h('small', {class: 'detail'}, ' ' + a.detail) : null]},
  ], plan.actions || [], {id: 'plan-actions', 'data-empty': 'This plan has no actions.'});
}

/** A function from hypervisor id to its name in a pool (the id itself for hosts not in it). */
export function hostNames(pool) {
  const names = new Map((pool.hypervisors || []).map((x) => [x.id, x.name]));
  return (id) => (id ? names.get(id) || id : '–');
}

/**
 * A pool's plans as a table, newest first, each linked to its view. Superseded plans (in recommend
 * mode DWM replaces the pending plan at every decision) are counted, not listed, unless asked for.
 */
export function planTable(poolId, plans, {all} = {}) {
  const shown = all ? plans : plans.filter((p) => p.status !== 'superseded');
  const hidden = plans.length - shown.length;
  return [table([
    {title: 'Created', cell: (p) => h('a', {href: `#/pools/${enc(poolId)}/plans/${enc(p.id)}`}, shortTime(p.created))},
    {title: 'Status', cell: (p) => badge(p.status)},
    {title: 'Goal', cell: (p) => p.goal},
    {title: 'Actions', class: 'n', cell: (p) => `${(p.actions || []).filter((a) => a.state === 'done').length} of ${(p.actions || []).length} done`},
    {title: 'Summary', class: 'reason', cell: (p) => p.summary},
  ], shown, {id: 'pool-plans', 'data-empty': 'No plans yet: DWM plans when a host runs hot or the pool can consolidate.'}),
  hidden ? h('p', {class: 'hint', id: 'plans-hidden'}, `${hidden} superseded plans not listed (a newer plan replaced each while it waited).`) : null];
}

/** The API path of a host's maintenance or power: by name, as the API asks (ids are URIs with slashes). */
export const hostPath = (name, part) => `/hypervisors/${enc(name)}/${part}`;

/** Maintenance of one host (by name): POST enter/leave, answer the state. */
export const maintenance = (name, action) => api.post(hostPath(name, 'maintenance'), {action});

/** When a plan's last action ended (else when it was made). */
export function lastEnd(p) {
  const ends = (p.actions || []).map((a) => Date.parse(a.ended)).filter((t) => !isNaN(t));
  return ends.length ? Math.max(...ends) : Date.parse(p.created);
}

/** Migrations counted per time bucket (24 over the range): started, and of those failed or aborted. */
export function bucket(list, {from, to}) {
  const n = 24;
  const width = (to - from) / n;
  const started = Array(n).fill(0);
  const failed = Array(n).fill(0);
  for (const m of list) {
    const i = Math.floor((Date.parse(m.started) - from) / width);
    if (i >= 0 && i < n) {
      started[i]++;
      if (m.state === 'failed' || m.state === 'aborted') {
        failed[i]++;
      }
    }
  }
  const at = (i) => from + (i + 0.5) * width;
  return [{name: 'migrations', points: started.map((v, i) => [at(i), v])},
    {name: 'failed', points: failed.map((v, i) => [at(i), v])}];
}

