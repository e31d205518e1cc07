// CPU management levels: the default, each host, and servers with a level of their own.
import {api, describe, enc} from '../api.js';
import {field, fill, h, message, select, table} from '../dom.js';

const LEVEL_TEXT = [['manage', 'manage: HPM adjusts CPU'], ['monitor', 'monitor: measure only'], ['none', 'none: leave alone']];

export async function render(view) {
  const out = h('div', {'aria-live': 'polite', id: 'levels-result'});
  const body = h('div');
  const draw = (levels) => {
    const dis = !view.admin;
    const def = select(LEVEL_TEXT, levels.default, {id: 'level-default', disabled: dis});
    const hostSelects = levels.hypervisors.map((x) => select([['default', `default (${levels.default})`], ...LEVEL_TEXT],
        x['own-management-level'] || 'default', {id: 'level-host-' + x.id.replace(/[^a-zA-Z0-9]/g, '-'), disabled: dis, 'aria-label': 'level of ' + x.name}));
    const vsSelects = levels['virtual-servers'].map((v) => select([['default', 'inherit'], ...LEVEL_TEXT], v['management-level'],
        {disabled: dis, 'aria-label': 'level of ' + v.name}));
    fill(body, h('form', {onsubmit: async (e) => {
      e.preventDefault();
      try {
        const now = await api.post('/mgmt-levels', {default: def.value,
          hypervisors: levels.hypervisors.map((x, i) => ({id: x.id, 'management-level': hostSelects[i].value})),
          'virtual-servers': levels['virtual-servers'].map((v, i) => ({id: v.id, 'management-level': vsSelects[i].value}))});
        draw(now);
        fill(out, message('ok', 'Saved. The new levels apply from the next interval.'));
      } catch (err) {
        fill(out, message('error', describe(err)));
      }
    }}, field('Default level', def, 'for hosts and servers without a level of their own'),
    h('h2', {}, 'Hosts'), table([
      {title: 'Host', cell: (x) => h('a', {href: '#/hosts/' + enc(x.id)}, x.name)},
      {title: 'Level now', cell: (x) => x['management-level']},
      {title: 'Set', cell: (x, i) => hostSelects[i]},
    ], levels.hypervisors, {id: 'levels-hosts'}),
    h('h2', {}, 'Servers with a level of their own'), table([
      {title: 'Server', cell: (v) => h('a', {href: '#/servers/' + enc(v.id)}, v.name)},
      {title: 'Set', cell: (v, i) => vsSelects[i]},
    ], levels['virtual-servers'], {id: 'levels-servers', 'data-empty': 'None: every server follows its host. Set a server’s own level on its page.'}),
    view.admin ? h('button', {type: 'submit', class: 'primary', id: 'levels-save'}, 'Save levels') : null, out));
  };
  fill(view.main, h('h1', {}, 'CPU management'),
      h('p', {class: 'lead'}, 'manage: HPM measures and moves CPU shares. monitor: HPM measures and reports, changes nothing. none: HPM leaves the host or server alone and puts back the CPU settings it had changed.'),
      body);
  draw(await api.get('/mgmt-levels'));
}
