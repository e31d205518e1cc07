// Workload resource groups: the list, and creating a group.
import {api, describe, enc} from '../api.js';
import {field, fill, h, IMPORTANCES, message, pct, pi, select, status, table} from '../dom.js';

export async function render(view) {
  const list = h('div');
  const load = async () => {
    const wrgs = (await api.get('/workload-resource-groups'))['workload-resource-groups'];
    fill(list, table([
      {title: 'Group', cell: (g) => h('a', {href: '#/groups/' + enc(g.name)}, g.name)},
      {title: 'Importance', cell: (g) => g.importance},
      {title: 'Policy', cell: (g) => g['policy-name']},
      {title: 'Servers', class: 'n', cell: (g) => g['virtual-server-count']},
      {title: 'CPU min', class: 'n', cell: (g) => g['cpu-minimum'] ?? '–'},
      {title: 'CPU max', class: 'n', cell: (g) => g['cpu-maximum'] ?? '–'},
      {title: 'Velocity', class: 'n', cell: (g) => pct(g.velocity)},
      {title: 'Worst PI', class: 'n', cell: (g) => pi(g['worst-pi'])},
      {title: 'Status', cell: (g) => status(g.status)},
      {title: 'Description', cell: (g) => g.description},
    ], wrgs, {id: 'groups-table'}));
  };
  fill(view.main, h('h1', {}, 'Workload resource groups'),
      h('p', {class: 'lead'}, 'A group holds the virtual servers of one business application; its performance policy gives them service classes.'),
      view.admin ? createForm(view) : null, list);
  await load();
  view.every(load);
}

function createForm(view) {
  const name = h('input', {id: 'new-group-name', required: true, maxlength: 64, autocomplete: 'off'});
  const importance = select(IMPORTANCES, 'medium', {id: 'new-group-importance'});
  const description = h('input', {id: 'new-group-description', maxlength: 256});
  const out = h('div', {'aria-live': 'polite'});
  return h('details', {class: 'card', id: 'create-group'}, h('summary', {}, 'Create a group'),
      h('form', {onsubmit: async (e) => {
        e.preventDefault();
        try {
          const g = await api.post('/workload-resource-groups', {name: name.value.trim(), importance: importance.value,
            description: description.value});
          location.hash = '#/groups/' + enc(g.name);
        } catch (err) {
          fill(out, message('error', describe(err)));
        }
      }}, h('div', {class: 'row'}, field('Name', name), field('Importance', importance), field('Description', description)),
      h('button', {type: 'submit', class: 'primary', id: 'create-group-submit'}, 'Create group'), out));
}
