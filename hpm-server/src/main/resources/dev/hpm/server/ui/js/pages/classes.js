// Service classes: all of them with goal versus actual, and one with its servers and history.
import {api, enc} from '../api.js';
import {field, fill, h, IMPORTANCES, pct, pi, select, status, table} from '../dom.js';
import {chartWindow, piChart, points, RANGES, stepFor, throttled, velocityChart} from '../chart.js';

export async function render(view, group, name) {
  if (group === undefined) {
    return renderList(view);
  }
  const range = select(RANGES, '1h', {id: 'chart-range'});
  const head = h('div');
  const charts = h('div', {class: 'charts'});
  const servers = h('section', {'aria-labelledby': 'h-servers'});
  fill(view.main, h('p', {class: 'crumbs'}, h('a', {href: '#/classes'}, 'Service classes'), ' › ',
      h('a', {href: '#/groups/' + enc(group)}, group), ' › ', name), h('h1', {}, `${group} / ${name}`),
  head, field('Time range', range), charts, servers);
  const load = throttled(range, async () => {
    const [g, m, vs] = await Promise.all([api.get('/workload-resource-groups/' + enc(group)),
      api.get(`/metrics/calculated/workload-resource-groups/${enc(group)}?from=-${range.value}&step=${stepFor(range.value)}`),
      api.get('/virtual-servers/detail?workload-resource-group=' + enc(group))]);
    const c = (g['service-classes'] || []).find((x) => x.name === name);
    const def = g['performance-policy']['service-classes'].find((x) => x.name === name);
    if (!c && !def) {
      fill(head, h('p', {}, `The group ${group} has no service class ${name} (any more).`));
      return;
    }
    fill(head, h('p', {class: 'summary', id: 'class-summary'}, status(c ? c.status : 'no-data'),
        ` goal ${def ? def.goal : c.goal}${c && c['goal-velocity'] ? ` (velocity ${c['goal-velocity']} %)` : ''}`,
        ` · importance ${(def && def.importance) || (c && c.importance) || '–'} · velocity ${pct(c && c.velocity)} · PI `, pi(c && c.pi),
        ` · worst server PI `, pi(c && c['worst-server-pi'])));
    const s = ((m['workload-resource-groups'][0] || {})['service-classes'] || []).find((x) => x.name === name);
    const span = chartWindow(range);
    const samples = s ? s.samples : [];
    fill(charts, velocityChart([{label: '', samples, goal: s && s['goal-velocity']}], span),
        piChart([{name: 'PI', points: points(samples, 'pi')}, {name: 'worst server PI', points: points(samples, 'worst-pi')}], span));
    const members = vs['virtual-servers'].filter((x) => x['service-class'] === name);
    fill(servers, h('h2', {id: 'h-servers'}, `Virtual servers in this class (${members.length})`), table([
      {title: 'Server', cell: (x) => h('a', {href: '#/servers/' + enc(x.id)}, x.name)},
      {title: 'Host', cell: (x) => x.host},
      {title: 'Velocity', class: 'n', cell: (x) => pct(x.velocity)},
      {title: 'PI', class: 'n', cell: (x) => pi(x.pi)},
      {title: 'CPU', class: 'n', cell: (x) => x['using-cpus'] === null ? '–' : x['using-cpus'].toFixed(2)},
      {title: 'Shares', class: 'n', cell: (x) => x['cpu-shares'] ?? '–'},
      {title: 'Status', cell: (x) => status(x.status)},
    ], members, {id: 'class-servers'}));
  });
  range.addEventListener('change', () => load(true).catch(view.error));
  await load(true);
  view.every(load);
}

async function renderList(view) {
  const list = h('div');
  const load = async () => {
    const groups = (await api.get('/workload-resource-groups/detail'))['workload-resource-groups'];
    const rows = groups.flatMap((g) => (g['service-classes'] || []).map((c) => ({group: g.name, ...c})));
    const order = [...IMPORTANCES, undefined]; // discretionary classes (no importance) last
    rows.sort((a, b) => order.indexOf(a.importance) - order.indexOf(b.importance) || a.group.localeCompare(b.group));
    fill(list, table([
      {title: 'Service class', cell: (c) => h('a', {href: '#/classes/' + enc(c.group) + '/' + enc(c.name)}, `${c.group} / ${c.name}`)},
      {title: 'Goal', cell: (c) => c.goal + (c['goal-velocity'] ? ` (${c['goal-velocity']} %)` : '')},
      {title: 'Importance', cell: (c) => c.importance || '–'},
      {title: 'Velocity', class: 'n', cell: (c) => pct(c.velocity)},
      {title: 'PI', class: 'n', cell: (c) => pi(c.pi)},
      {title: 'Worst server PI', class: 'n', cell: (c) => pi(c['worst-server-pi'])},
      {title: 'Status', cell: (c) => status(c.status)},
      {title: 'Servers', class: 'n', cell: (c) => c['virtual-server-count']},
    ], rows, {id: 'classes-table'}));
  };
  fill(view.main, h('h1', {}, 'Service classes'), h('p', {class: 'lead'}, 'Goal versus actual for every service class, most important first.'), list);
  await load();
  view.every(load);
}
