// The history of live migrations with filters (time range, host, server): when, which server, from
// where to where, the outcome, memory, downtime and the plan that asked for it; and a chart of the
// migrations over the range.
import {api, enc, query} from '../api.js';
import {field, fill, h, select, shortTime, table, time} from '../dom.js';
import {lineChart, parseRange, RANGES} from '../chart.js';
import {badge, bucket, progress} from '../pool-parts.js';

export async function render(view) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const hv = await api.get('/hypervisors');
  const names = new Map(hv.hypervisors.map((x) => [x.id, x.name]));
  const range = select(RANGES, params.get('range') || '6h', {id: 'mig-range'});
  const host = select([['', 'all hosts'], ...hv.hypervisors.map((x) => [x.id, x.name])], params.get('host') || '', {id: 'mig-host'});
  const vs = h('input', {type: 'search', id: 'mig-vs', placeholder: 'server name or UUID', value: params.get('vs') || ''});
  const count = h('p', {class: 'hint', id: 'mig-count', 'aria-live': 'polite'});
  const chart = h('div', {class: 'charts single'});
  const list = h('div');
  const load = async () => {
    const to = Date.now();
    const from = to - parseRange(range.value);
    let server = vs.value.trim();
    if (server && !/^[0-9a-f-]{36}$/i.test(server)) {
      server = (await api.get('/virtual-servers/' + enc(server))).id;
    }
    const all = (await api.get('/migrations' + query({since: new Date(from).toISOString(), until: new Date(to).toISOString(),
      hypervisor: host.value, 'virtual-server': server, limit: 1000}))).migrations;
    const failed = all.filter((m) => m.state === 'failed' || m.state === 'aborted').length;
    fill(count, `${all.length} migrations${failed ? `, ${failed} failed or aborted` : ''}.`);
    fill(chart, lineChart(bucket(all, {from, to}), {title: 'Migrations started (per bucket of the range)', unit: 'count', min: 0, from, to}));
    fill(list, table([
      {title: 'Started', cell: (m) => h('time', {datetime: m.started, title: time(m.started)}, shortTime(m.started))},
      {title: 'Ended', cell: (m) => (m.ended ? h('time', {datetime: m.ended, title: time(m.ended)}, shortTime(m.ended)) : '–')},
      {title: 'Server', cell: (m) => h('a', {href: '#/servers/' + enc(m['virtual-server'].id)}, m['virtual-server'].name)},
      {title: 'From → to', cell: (m) => `${names.get(m.from) || m.from} → ${names.get(m.to) || m.to}`},
      {title: 'State', cell: (m) => badge(m.state)},
      {title: 'Progress', cell: (m) => progress(m.progress, `progress of the migration of ${m['virtual-server'].name}`)},
      {title: 'Memory', class: 'n', cell: (m) => m['memory-mb'] + ' MB'},
      {title: 'Downtime', class: 'n', cell: (m) => (m['downtime-ms'] === null || m['downtime-ms'] === undefined ? '–' : m['downtime-ms'] + ' ms')},
      {title: 'Plan', cell: (m) => (m.plan && m.pool ? h('a', {href: `#/pools/${enc(m.pool)}/plans/${enc(m.plan)}`}, 'plan') : '–')},
      {title: 'Detail', class: 'reason', cell: (m) => m.detail || '–'},
    ], all, {id: 'migrations-table', 'data-empty': 'No migrations match these filters.'}));
  };
  const form = h('form', {class: 'filters', onsubmit: (e) => { e.preventDefault(); load().catch(view.error); }},
      field('Time range', range), field('Host', host), field('Server', vs), h('button', {type: 'submit', class: 'primary'}, 'Filter'));
  [range, host].forEach((el) => el.addEventListener('change', () => load().catch(view.error)));
  fill(view.main, h('h1', {}, 'Migrations'), form, count, chart, list);
  await load();
  view.every(load);
}
