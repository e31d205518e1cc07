// Dynamic resource adjustments: every decision of the CPU manager, with filters.
import {api, enc, query} from '../api.js';
import {field, fill, h, num, select, shortTime, table, time} from '../dom.js';

/** The adjustments as a table: receiver, donors, shares before and after, PI, reason. */
export function adjustmentTable(list, {compact} = {}) {
  return table([
    {title: 'Time', cell: (a) => h('time', {datetime: a.time, title: time(a.time)}, compact ? shortTime(a.time) : time(a.time))},
    {title: 'Host', cell: (a) => a.host},
    {title: 'Receiver', cell: (a) => h('a', {href: '#/classes/' + enc(a.receiver.group) + '/' + enc(a.receiver['service-class'])},
        `${a.receiver.group}/${a.receiver['service-class']}`)},
    {title: 'PI', class: 'n', cell: (a) => `${num(a.receiver['pi-before'], 2)} → ${num(a.receiver['pi-projected'], 2)}`},
    {title: 'Achieved', class: 'n', cell: (a) => a.receiver['pi-achieved'] == null ? '–' : num(a.receiver['pi-achieved'], 2)},
    {title: 'Donors', cell: (a) => a.donors.map((d) => `${d.group}/${d['service-class']}`).join(', ') || '–'},
    {title: 'Shares', cell: (a) => h('ul', {class: 'changes'}, a.changes.map((c) =>
        h('li', {}, h('a', {href: '#/servers/' + enc(c.uuid)}, c.name), ` ${c.role}: ${c['shares-before']} → ${c['shares-after']}`)))},
    compact ? null : {title: 'Reason', class: 'reason', cell: (a) => a.reason},
  ].filter(Boolean), list, {class: 'adjustments', 'data-empty': 'No adjustments in this time range.'});
}

export async function render(view) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const from = h('select', {}, [['-1h', 'last hour'], ['-6h', 'last 6 hours'], ['-12h', 'last 12 hours'], ['-36h', 'last 36 hours']]
      .map(([v, t]) => h('option', {value: v, selected: v === (params.get('from') || '-36h')}, t)));
  const [hv, wrgs] = await Promise.all([api.get('/hypervisors'), api.get('/workload-resource-groups')]);
  const hostSel = select([['', 'all hosts'], ...hv.hypervisors.map((x) => [x.id, x.name])], params.get('host') || '', {id: 'adj-host'});
  const groupSel = select([['', 'all groups'], ...wrgs['workload-resource-groups'].map((g) => [g.name, g.name])],
      params.get('workload-resource-group') || '', {id: 'adj-group'});
  const vs = h('input', {id: 'adj-vs', type: 'search', placeholder: 'server name or UUID', value: params.get('virtual-server') || ''});
  const out = h('div', {'aria-live': 'polite'});
  const count = h('p', {class: 'hint'});
  const load = async () => {
    const q = {from: from.value, host: hostSel.value, 'workload-resource-group': groupSel.value, 'virtual-server': vs.value.trim(), limit: 500};
    const adj = await api.get('/dynamic-resource-adjustments' + query(q));
    const list = adj['dynamic-resource-adjustments'];
    fill(count, `${list.length} adjustment${list.length === 1 ? "" : "s"}${list.length === 500 ? ' (the newest 500)' : ''}, newest first.`);
    fill(out, adjustmentTable(list));
  };
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    load().catch(view.error);
  }}, field('Time', from), field('Host', hostSel), field('Group', groupSel), field('Server', vs),
  h('button', {type: 'submit', class: 'primary'}, 'Show'));
  [from, hostSel, groupSel].forEach((el) => el.addEventListener('change', () => load().catch(view.error)));
  fill(view.main, h('h1', {}, 'Dynamic resource adjustments'),
      h('p', {class: 'lead'}, 'Each time HPM moved CPU shares: which service class received them, from whom, the PI before and as projected, and why.'),
      form, count, out);
  await load();
  view.every(load);
}
