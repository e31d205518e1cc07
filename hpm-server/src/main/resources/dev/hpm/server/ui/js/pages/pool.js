// One server pool: its hosts (CPU, memory, power state, maintenance, with maintenance enter and
// leave for admins and a progress bar while servers move), the servers on each host, power draw,
// migrations and host CPU over time, and its plans.
import {api, describe, enc} from '../api.js';
import {field, fill, h, message, num, pct, select, table} from '../dom.js';
import {chartWindow, lineChart, RANGES, stepFor, throttled} from '../chart.js';
import {badge, bucket, hostNames, hostPath, lastEnd, maintenance, planTable, progress} from '../pool-parts.js';

/** Power draw seen by this tab, per pool: [[millis, watts]] (the API keeps no history of it). */
const seen = new Map();
const MAX_SEEN = 2000;
/** How often a host's maintenance is followed while its servers move. */
const FOLLOW_MS = 1000;

const safe = (id) => String(id).replace(/[^a-zA-Z0-9]/g, '-');

export async function render(view, id) {
  const range = select(RANGES, '1h', {id: 'chart-range'});
  const everyPlan = h('input', {type: 'checkbox', id: 'plans-all'});
  const head = h('div');
  const hosts = h('section', {'aria-labelledby': 'h-pool-hosts'});
  const maint = h('div', {id: 'maintenance-progress', 'aria-live': 'polite'});
  const servers = h('section', {'aria-labelledby': 'h-pool-servers'});
  const charts = h('div', {class: 'charts', id: 'pool-charts'});
  const plans = h('section', {'aria-labelledby': 'h-pool-plans'});
  const title = h('h1', {}, 'Server pool');
  fill(view.main, h('p', {class: 'crumbs'}, h('a', {href: '#/pools'}, 'Server pools'), ' › pool'), title, head, hosts, maint,
      servers, h('h2', {}, 'Over time'), field('Time range', range), charts, plans);
  const following = new Map();
  let current = null;

  /** Follows one host's maintenance with a progress bar until its servers stop moving. */
  const follow = (host) => {
    if (following.has(host.id)) {
      return;
    }
    const box = h('div', {class: 'card maint', id: 'maint-' + safe(host.id)});
    maint.append(box);
    following.set(host.id, box);
    let stop = () => {};
    const tick = async () => {
      const m = await api.get(hostPath(host.name, 'maintenance'));
      const moving = m.state === 'entering' || m.state === 'leaving';
      fill(box, h('h3', {}, `Maintenance of ${host.name}: `, badge(m.state)),
          progress(m.progress, `servers moved off ${host.name}`, {id: 'maint-bar-' + safe(host.id)}),
          h('p', {class: 'maint-message'}, m.message || `${m.moved} of ${m.total} moved`),
          moving && current && current.mode === 'recommend' ? h('p', {class: 'hint'}, 'The pool is in recommend mode: the moves wait for approval. ',
              current['pending-plan'] ? h('a', {href: `#/pools/${enc(id)}/plans/${enc(current['pending-plan'])}`}, 'See the plan waiting for approval.') : null) : null,
          (m.remaining || []).length ? h('ul', {class: 'plain'}, m.remaining.map((r) =>
              h('li', {}, r.name, ' ', badge(r.state), r.detail ? ' ' + r.detail : ''))) : null);
      if (!moving) {
        stop();
        following.delete(host.id);
        load(true).catch(view.error);
      }
    };
    stop = view.every(tick, FOLLOW_MS);
    tick().catch(view.error);
  };

  const act = async (host, action) => {
    const words = action === 'enter'
        ? `Put ${host.name} into maintenance? Its ${host['virtual-servers'].length} servers move to the pool’s other hosts.`
        : `Take ${host.name} out of maintenance?`;
    if (!confirm(words)) {
      return;
    }
    try {
      await maintenance(host.name, action);
      follow(host);
      await load(true);
    } catch (e) {
      maint.append(message('error', describe(e)));
    }
  };

  const load = throttled(range, async () => {
    const pool = await api.get('/server-pools/' + enc(id));
    current = pool;
    const span = chartWindow(range);
    const [metrics, moves, planList] = await Promise.all([
      api.get(`/metrics/calculated/hypervisor?from=-${range.value}&step=${stepFor(range.value)}`),
      api.get('/migrations?since=' + enc(new Date(span.from).toISOString()) + '&limit=1000'),
      api.get(`/server-pools/${enc(id)}/plans?limit=50`)]);
    const name = hostNames(pool);
    const mine = new Set(pool.hypervisors.map((x) => x.id));
    fill(title, pool.name, ' ', h('small', {}, pool.description || ''));
    fill(head, h('p', {class: 'summary', id: 'pool-summary'}, 'Mode ', badge(pool.mode === 'off' ? 'off-mode' : pool.mode, pool.mode),
        ` · ${pool['powered-hosts']} of ${pool.hypervisors.length} hosts powered · ${num(pool.watts, 0)} W`,
        ` · ${pool['migrations-in-flight']} migrations in flight`,
        pool['pending-plan'] ? [' · ', h('a', {href: `#/pools/${enc(id)}/plans/${enc(pool['pending-plan'])}`, id: 'pending-plan-link'},
            'a plan waits for approval')] : null));
    fill(hosts, h('h2', {id: 'h-pool-hosts'}, `Hosts (${pool.hypervisors.length})`), table([
      {title: 'Host', cell: (x) => h('a', {href: '#/hosts/' + enc(x.id)}, x.name)},
      {title: 'Power', cell: (x) => badge(x['power-state'])},
      {title: 'Maintenance', cell: (x) => badge(x.maintenance)},
      {title: 'CPUs', class: 'n', cell: (x) => x.cpus},
      {title: 'CPU', class: 'n', cell: (x) => (x['cpu-utilisation'] === null ? '–' : pct(x['cpu-utilisation'] * 100))},
      {title: 'Memory', class: 'n', cell: (x) => `${x['memory-used-mb']} of ${x['memory-mb']} MB`},
      {title: 'Draw', class: 'n', cell: (x) => num(x.watts, 0) + ' W'},
      {title: 'Servers', class: 'n', cell: (x) => x['virtual-servers'].length},
      view.admin ? {title: 'Maintenance mode', cell: (x) => x.maintenance === 'none'
          ? h('button', {type: 'button', class: 'secondary', id: 'enter-maint-' + safe(x.name), onclick: () => act(x, 'enter')}, 'Enter maintenance')
          : x.maintenance === 'in'
            ? h('button', {type: 'button', class: 'secondary', id: 'leave-maint-' + safe(x.name), onclick: () => act(x, 'leave')}, 'Leave maintenance')
            : h('span', {class: 'hint'}, 'servers moving…')} : null,
    ].filter(Boolean), pool.hypervisors, {id: 'pool-hosts'}));
    pool.hypervisors.filter((x) => x.maintenance === 'entering' || x.maintenance === 'leaving').forEach(follow);
    const rows = pool.hypervisors.flatMap((x) => x['virtual-servers'].map((v) => ({host: x, v})));
    fill(servers, h('h2', {id: 'h-pool-servers'}, `Servers on each host (${rows.length})`), table([
      {title: 'Host', cell: (r) => r.host.name},
      {title: 'Server', cell: (r) => h('a', {href: '#/servers/' + enc(r.v.id)}, r.v.name)},
      {title: 'CPU (cores)', class: 'n', cell: (r) => num(r.v.cpu, 2)},
      {title: 'Memory', class: 'n', cell: (r) => r.v['memory-mb'] + ' MB'},
    ], rows, {id: 'pool-servers', 'data-empty': 'No servers on these hosts.'}));

    const history = seen.get(id) || [];
    history.push([Date.now(), pool.watts]);
    seen.set(id, history.slice(-MAX_SEEN));
    const planDraw = planList.plans.flatMap((p) => [[Date.parse(p.created), p.before ? p.before.watts : null],
      ...(p.achieved ? [[lastEnd(p), p.achieved.watts]] : [])]).filter(([t, v]) => t >= span.from && v !== null);
    const drawn = [...planDraw, ...history].sort((a, b) => a[0] - b[0]);
    const projected = planList.plans.filter((p) => p.projected).map((p) => [Date.parse(p.created), p.projected.watts])
        .filter(([t]) => t >= span.from).sort((a, b) => a[0] - b[0]);
    const ours = moves.migrations.filter((m) => mine.has(m.from) || mine.has(m.to));
    const hostSeries = metrics.hypervisors.filter((s) => mine.has(s.id)).map((s) => ({name: name(s.id),
      points: s.samples.map((p) => [Date.parse(p.time), p['cpu-utilisation'] === null ? null : p['cpu-utilisation'] * 100])}));
    fill(charts,
        lineChart([{name: 'power draw', points: drawn}, {name: 'projected by plans', kind: 'goal', points: projected}],
            {title: 'Power draw (W)', unit: 'W', min: 0, ...span}),
        lineChart(bucket(ours, span), {title: 'Migrations started (per bucket of the range)', unit: 'count', min: 0, ...span}),
        lineChart(hostSeries, {title: 'Host CPU utilisation (%)', unit: '%', min: 0, max: 100, ...span}));
    fill(plans, h('h2', {id: 'h-pool-plans'}, 'Plans ', h('a', {href: '#/migrations', class: 'more'}, 'migration history')),
        h('label', {class: 'hint'}, everyPlan, ' list superseded plans too'), planTable(id, planList.plans, {all: everyPlan.checked}));
  });
  range.addEventListener('change', () => load(true).catch(view.error));
  everyPlan.addEventListener('change', () => load(true).catch(view.error));
  await load(true);
  view.every(load);
}
