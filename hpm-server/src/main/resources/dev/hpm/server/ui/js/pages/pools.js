// Server pools: each pool with its mode, power draw, hosts (power state, maintenance, CPU, memory)
// and the plan waiting for approval.
import {api, enc} from '../api.js';
import {fill, h, num, pct, table} from '../dom.js';
import {badge} from '../pool-parts.js';

export async function render(view) {
  const list = h('div', {id: 'pools'});
  fill(view.main, h('h1', {}, 'Server pools'),
      h('p', {class: 'lead'}, 'Hosts that DWM balances, consolidates and powers as one. In recommend mode its plans wait here for an administrator’s approval.'),
      list);
  const load = async () => {
    const pools = (await api.get('/server-pools'))['server-pools'];
    if (!pools.length) {
      fill(list, h('p', {class: 'empty'}, 'No server pools yet. An administrator makes one with hpm pool create --name NAME --host HOST…'));
      return;
    }
    fill(list, pools.map((p) => h('section', {class: 'card pool', 'aria-labelledby': 'pool-h-' + p.id, dataset: {pool: p.name}},
        h('h2', {id: 'pool-h-' + p.id}, h('a', {href: '#/pools/' + enc(p.id)}, p.name), ' ', h('small', {}, p.description || '')),
        h('p', {class: 'summary'}, 'Mode ', badge(p.mode === 'off' ? 'off-mode' : p.mode, p.mode), ` · ${p['powered-hosts']} of ${p.hypervisors.length} hosts powered`,
            ` · ${num(p.watts, 0)} W · ${p['migrations-in-flight']} migrations in flight`,
            p['pending-plan'] ? [' · ', h('a', {href: `#/pools/${enc(p.id)}/plans/${enc(p['pending-plan'])}`, class: 'pending-link'},
                'a plan waits for approval')] : null),
        table([
          {title: 'Host', cell: (x) => x.name},
          {title: 'Power', cell: (x) => badge(x['power-state'])},
          {title: 'Maintenance', cell: (x) => badge(x.maintenance)},
          {title: 'CPU', class: 'n', cell: (x) => (x['cpu-utilisation'] === null ? '–' : pct(x['cpu-utilisation'] * 100))},
          {title: 'Memory', class: 'n', cell: (x) => `${x['memory-used-mb']} of ${x['memory-mb']} MB`},
          {title: 'Servers', class: 'n', cell: (x) => x['virtual-servers'].length},
          {title: 'Draw', class: 'n', cell: (x) => num(x.watts, 0) + ' W'},
        ], p.hypervisors, {class: 'pool-hosts'}))));
  };
  await load();
  view.every(load);
}
