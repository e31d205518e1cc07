// Overview: is important work on goal? Every host and group now and over the last hours, hosts
// under contention, and the latest adjustments.
import {api, enc} from '../api.js';
import {fill, h, IMPORTANCES, pct, pi, shortTime, status, table} from '../dom.js';
import {sparkline} from '../chart.js';
import {adjustmentTable} from './adjustments.js';

const HISTORY = 'from=-6h&step=10m';

export async function render(view) {
  const summary = h('p', {class: 'summary', id: 'overview-summary'});
  const hosts = h('section', {'aria-labelledby': 'h-hosts'});
  const groups = h('section', {'aria-labelledby': 'h-groups'});
  const recent = h('section', {'aria-labelledby': 'h-recent'});
  fill(view.main, h('h1', {}, 'Overview'), summary, groups, hosts, recent);
  const load = async () => {
    const [hv, wrgs, hostSeries, groupSeries, adj] = await Promise.all([
      api.get('/hypervisors'), api.get('/workload-resource-groups'),
      api.get('/metrics/calculated/hypervisor?' + HISTORY), api.get('/metrics/calculated/workload-resource-groups?' + HISTORY),
      api.get('/dynamic-resource-adjustments?from=-36h&limit=8')]);
    const hostHistory = new Map(hostSeries.hypervisors.map((s) => [s.id, s.samples]));
    const groupHistory = new Map(groupSeries['workload-resource-groups'].map((s) => [s.name, s.samples]));
    const list = wrgs['workload-resource-groups'];
    const goals = list.filter((g) => g.status === 'on-goal' || g.status === 'missing-goal');
    const missing = list.filter((g) => g.status === 'missing-goal');
    const contended = hv.hypervisors.filter((x) => x.contended);
    const down = hv.hypervisors.filter((x) => x.status !== 'connected');
    fill(summary,
        h('span', {class: missing.length ? 'big bad' : 'big ok'}, missing.length
            ? `${missing.length} of ${goals.length} groups with a goal are missing it`
            : goals.length === 1 ? 'The one group with a goal is on goal' : `All ${goals.length} groups with a goal are on goal`),
        ' · ', `${contended.length} of ${hv.hypervisors.length} hosts under contention`,
        down.length ? h('span', {class: 'bad'}, ` · ${down.length} hosts unreachable`) : null);
    list.sort((a, b) => IMPORTANCES.indexOf(a.importance) - IMPORTANCES.indexOf(b.importance) || a.name.localeCompare(b.name));
    fill(groups, h('h2', {id: 'h-groups'}, 'Workload resource groups'), table([
      {title: 'Group', cell: (g) => h('a', {href: '#/groups/' + enc(g.name)}, g.name)},
      {title: 'Importance', cell: (g) => g.importance},
      {title: 'Status', cell: (g) => status(g.status)},
      {title: 'Velocity', class: 'n', cell: (g) => pct(g.velocity)},
      {title: 'Worst PI', class: 'n', cell: (g) => pi(g['worst-pi'])},
      {title: 'Worst PI, 6 h', cell: (g) => sparkline((groupHistory.get(g.name) || []).map((s) => s['worst-pi']),
          {max: 2, goodBelow: 1, label: `worst PI of ${g.name} over 6 hours`})},
      {title: 'Servers', class: 'n', cell: (g) => g['virtual-server-count']},
    ], list, {id: 'overview-groups'}));
    fill(hosts, h('h2', {id: 'h-hosts'}, 'Hosts'), table([
      {title: 'Host', cell: (x) => h('a', {href: '#/hosts/' + enc(x.id)}, x.name)},
      {title: 'State', cell: (x) => x.status === 'connected'
          ? (x.contended ? h('span', {class: 'status status-missing-goal'}, 'contention') : h('span', {class: 'status status-on-goal'}, 'connected'))
          : h('span', {class: 'status status-missing-goal', title: x.error || ''}, x.status + (x['unreachable-since'] ? ' since ' + shortTime(x['unreachable-since']) : ''))},
      {title: 'CPU', class: 'n', cell: (x) => x['cpu-utilisation'] === null ? '–' : pct(x['cpu-utilisation'] * 100)},
      {title: 'CPU, 6 h', cell: (x) => sparkline((hostHistory.get(x.id) || []).map((s) => s['cpu-utilisation']),
          {max: 1, label: `CPU of ${x.name} over 6 hours`})},
      {title: 'Velocity', class: 'n', cell: (x) => pct(x.velocity)},
      {title: 'Servers', class: 'n', cell: (x) => x['virtual-server-count']},
      {title: 'Level', cell: (x) => x['management-level']},
    ], hv.hypervisors, {id: 'overview-hosts'}));
    fill(recent, h('h2', {id: 'h-recent'}, 'Recent adjustments ', h('a', {href: '#/adjustments', class: 'more'}, 'all adjustments')),
        adjustmentTable(adj['dynamic-resource-adjustments'], {compact: true}));
    if (window.hpmOverviewRendered === undefined) {
      window.hpmOverviewRendered = performance.now();
    }
  };
  await load();
  view.every(load);
}
