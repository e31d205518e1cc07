// Load-balancing groups (docs/workload-balancing.md): the groups whose members get weights for
// load balancers, and, for admins, creating one.
import {api, describe, enc} from '../api.js';
import {field, fill, h, message, table} from '../dom.js';

export async function render(view) {
  const list = h('div', {id: 'lb-groups'});
  const load = async () => {
    const r = await api.get('/load-balancing-groups');
    const lbs = r['sasp-load-balancers'];
    fill(list, table([
      {title: 'Group', cell: (g) => h('a', {href: '#/load-balancing/' + enc(g.name)}, g.name)},
      {title: 'Members', class: 'n', cell: (g) => g.members.length},
      {title: 'Description', cell: (g) => g.description || ''},
    ], r['load-balancing-groups'], {id: 'lb-groups-table', 'data-empty': 'No load-balancing groups yet.'}),
    h('p', {class: 'hint', id: 'lb-sasp'}, lbs.length === 0 ? 'No load balancer has contacted HPM over SASP.'
        : 'Load balancers over SASP: ' + lbs.map((lb) => `${lb['lb-uid']} (${lb.connected ? 'connected' : 'disconnected'})`).join(', ') + '.'));
  };
  fill(view.main, h('h1', {}, 'Load balancing'),
      h('p', {class: 'lead'}, 'Each interval HPM gives every member of a load-balancing group a weight from 0 to 100 for the load balancers in front of it (SASP or HAProxy’s agent check): more for a member whose host has headroom, less for one whose class misses its goal, 0 while its host is in maintenance.'),
      view.admin ? createForm() : null, list);
  await load();
  view.every(load);
}

/** One member per line: "name virtual-server [address:port]". */
export function parseMembers(text) {
  const members = [];
  const problems = [];
  text.split('\n').map((l) => l.trim()).forEach((line, i) => {
    if (!line) {
      return;
    }
    const [name, vs, endpoint, ...rest] = line.split(/\s+/);
    if (!vs || rest.length) {
      problems.push(`line ${i + 1} “${line}”: write the member’s name, its virtual server and optionally address:port`);
      return;
    }
    const m = {name, 'virtual-server': vs};
    if (endpoint) {
      const at = endpoint.lastIndexOf(':');
      const port = Number(endpoint.slice(at + 1));
      if (at <= 0 || !Number.isInteger(port)) {
        problems.push(`line ${i + 1}: “${endpoint}” is not address:port, e.g. 192.0.2.11:8080`);
        return;
      }
      m.address = endpoint.slice(0, at).replace(/^\[|\]$/g, '');
      m.port = port;
    }
    members.push(m);
  });
  return {members, problems};
}

function createForm() {
  const name = h('input', {id: 'new-lb-name', required: true, maxlength: 64, autocomplete: 'off'});
  const description = h('input', {id: 'new-lb-description', maxlength: 256});
  const members = h('textarea', {id: 'new-lb-members', rows: 4, cols: 60, placeholder: 'web-1 shop-web-1 192.0.2.11:8080'});
  const out = h('div', {'aria-live': 'polite', id: 'new-lb-result'});
  return h('details', {class: 'card', id: 'create-lb-group'}, h('summary', {}, 'Create a load-balancing group'),
      h('form', {onsubmit: async (e) => {
        e.preventDefault();
        const parsed = parseMembers(members.value);
        if (parsed.problems.length) {
          fill(out, message('error', parsed.problems.join('\n')));
          return;
        }
        try {
          const g = await api.post('/load-balancing-groups', {name: name.value.trim(), description: description.value,
            members: parsed.members});
          location.hash = '#/load-balancing/' + enc(g.name);
        } catch (err) {
          fill(out, message('error', describe(err)));
        }
      }}, h('div', {class: 'row'}, field('Name', name), field('Description', description)),
      field('Members', members, 'One per line: its name, the virtual server that runs it, and for SASP its address:port.'),
      h('button', {type: 'submit', class: 'primary', id: 'create-lb-submit'}, 'Create group'), out));
}
