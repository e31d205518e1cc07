// Virtual servers: the list with filters (host, group, status, name).
import {api, enc, query} from '../api.js';
import {field, fill, h, pct, pi, select, status, table} from '../dom.js';

/** Rows drawn at once; the count says when a filter would show the rest. */
const SHOWN = 500;
const STATUSES = [['', 'any status'], ['missing-goal', 'missing goal'], ['on-goal', 'on goal'], ['no-goal', 'no goal'],
  ['idle', 'idle'], ['no-data', 'no data'], ['not-managed', 'not managed']];

export async function render(view) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const [hv, wrgs] = await Promise.all([api.get('/hypervisors'), api.get('/workload-resource-groups')]);
  const host = select([['', 'all hosts'], ...hv.hypervisors.map((x) => [x.id, x.name])], params.get('host') || '', {id: 'vs-host'});
  const group = select([['', 'all groups'], ...wrgs['workload-resource-groups'].map((g) => [g.name, g.name])],
      params.get('workload-resource-group') || '', {id: 'vs-group'});
  const st = select(STATUSES, params.get('status') || '', {id: 'vs-status'});
  const name = h('input', {type: 'search', id: 'vs-name', placeholder: 'part of a name, or * and ?', value: params.get('name') || ''});
  const count = h('p', {class: 'hint', id: 'vs-count', 'aria-live': 'polite'});
  const list = h('div');
  const load = async () => {
    const q = {host: host.value, 'workload-resource-group': group.value, status: st.value, name: name.value.trim()};
    const all = (await api.get('/virtual-servers' + query(q)))['virtual-servers'];
    fill(count, all.length > SHOWN ? `${all.length} servers; showing the first ${SHOWN}: narrow the filters to see the others.`
        : `${all.length} servers.`);
    fill(list, table([
      {title: 'Server', cell: (s) => h('a', {href: '#/servers/' + enc(s.id)}, s.name)},
      {title: 'Host', cell: (s) => s.host},
      {title: 'Group', cell: (s) => h('a', {href: '#/groups/' + enc(s['workload-resource-group'])}, s['workload-resource-group'])},
      {title: 'Class', cell: (s) => h('a', {href: '#/classes/' + enc(s['workload-resource-group']) + '/' + enc(s['service-class'])}, s['service-class'])},
      {title: 'Importance', cell: (s) => s.importance || '–'},
      {title: 'Level', cell: (s) => s['management-level']},
      {title: 'Velocity', class: 'n', cell: (s) => pct(s.velocity)},
      {title: 'PI', class: 'n', cell: (s) => pi(s.pi)},
      {title: 'Status', cell: (s) => status(s.status)},
    ], all.slice(0, SHOWN), {id: 'servers-table', 'data-empty': 'No server matches these filters.'}));
  };
  const form = h('form', {class: 'filters', onsubmit: (e) => { e.preventDefault(); load().catch(view.error); }},
      field('Host', host), field('Group', group), field('Status', st), field('Name', name),
      h('button', {type: 'submit', class: 'primary'}, 'Filter'));
  [host, group, st].forEach((el) => el.addEventListener('change', () => load().catch(view.error)));
  let typing;
  name.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => load().catch(view.error), 250); });
  fill(view.main, h('h1', {}, 'Virtual servers'), form, count, list);
  await load();
  view.every(load);
}
