// One host: state, CPU and velocity over time, and its servers.
import {api, enc} from '../api.js';
import {field, fill, h, pct, pi, select, shortTime, status, table} from '../dom.js';
import {chartWindow, lineChart, points, RANGES, stepFor, throttled} from '../chart.js';

export async function render(view, id) {
  const range = select(RANGES, '1h', {id: 'chart-range'});
  const head = h('div');
  const charts = h('div', {class: 'charts'});
  const servers = h('section');
  fill(view.main, h('p', {class: 'crumbs'}, h('a', {href: '#/overview'}, 'Overview'), ' › host'), h('h1', {}, id), head,
      field('Time range', range), charts, servers);
  const load = throttled(range, async () => {
    const [hv, m, vs] = await Promise.all([api.get('/hypervisors'),
      api.get(`/metrics/calculated/hypervisor?host=${enc(id)}&from=-${range.value}&step=${stepFor(range.value)}`),
      api.get('/virtual-servers?host=' + enc(id))]);
    const x = hv.hypervisors.find((y) => y.id === id);
    if (!x) {
      fill(head, h('p', {}, `There is no host ${id}.`));
      return;
    }
    fill(head, h('p', {class: 'summary'}, x.status === 'connected' ? (x.contended ? 'under contention' : 'connected')
        : `${x.status} since ${shortTime(x['unreachable-since'])}: ${x.error}`, ` · ${x.cpus} CPUs · CPU ${pct((x['cpu-utilisation'] ?? NaN) * 100)}`,
    ` · velocity ${pct(x.velocity)} · level ${x['management-level']}`), h('p', {class: 'hint'}, 'Last decision: ', x['last-decision'] || '–'));
    const s = (m.hypervisors[0] || {samples: []}).samples;
    const span = chartWindow(range);
    fill(charts,
        lineChart([{name: 'CPU busy', points: s.map((p) => [Date.parse(p.time), p['cpu-utilisation'] === null ? null : p['cpu-utilisation'] * 100])}],
            {title: 'Host CPU (%)', unit: '%', min: 0, max: 100, ...span}),
        lineChart([{name: 'velocity', points: points(s, 'velocity')}], {title: 'Host velocity (%)', unit: '%', min: 0, max: 100, ...span}));
    fill(servers, h('h2', {}, `Servers on this host (${vs['virtual-servers'].length})`), table([
      {title: 'Server', cell: (v) => h('a', {href: '#/servers/' + enc(v.id)}, v.name)},
      {title: 'Group / class', cell: (v) => `${v['workload-resource-group']} / ${v['service-class']}`},
      {title: 'Velocity', class: 'n', cell: (v) => pct(v.velocity)},
      {title: 'PI', class: 'n', cell: (v) => pi(v.pi)},
      {title: 'Status', cell: (v) => status(v.status)},
    ], vs['virtual-servers'].slice(0, 500)));
  });
  range.addEventListener('change', () => load(true).catch(view.error));
  await load(true);
  view.every(load);
}
