// One workload resource group: figures and charts of its service classes, its attributes, its
// members (search and multi-select over every server), and its performance policy.
import {api, describe, enc} from '../api.js';
import {field, fill, h, IMPORTANCES, message, pct, pi, select, status, table} from '../dom.js';
import {chartWindow, piChart, points, RANGES, stepFor, throttled, velocityChart} from '../chart.js';
import {policyEditor} from '../policy-editor.js';

/** Matches shown at once in the add-servers list. */
const SHOWN = 200;

export async function render(view, name) {
  const g = await api.get('/workload-resource-groups/' + enc(name));
  const figures = h('section', {'aria-labelledby': 'h-figures'});
  const charts = h('section', {'aria-labelledby': 'h-charts'});
  const members = h('section', {'aria-labelledby': 'h-members'});
  const range = select(RANGES, '1h', {id: 'chart-range'});
  const drawFigures = (grp) => fill(figures, h('h2', {id: 'h-figures', class: 'sr-only'}, 'Figures'),
      h('p', {class: 'summary'}, status(grp.status), ` importance ${grp.importance} · velocity ${pct(grp.velocity)} · worst PI `,
          pi(grp['worst-pi']), ` · ${grp['virtual-server-count']} servers`),
      table([
        {title: 'Service class', cell: (c) => h('a', {href: '#/classes/' + enc(grp.name) + '/' + enc(c.name)}, c.name)},
        {title: 'Goal', cell: (c) => c.goal + (c['goal-velocity'] ? ` (${c['goal-velocity']} %)` : '')},
        {title: 'Importance', cell: (c) => c.importance || '–'},
        {title: 'Velocity', class: 'n', cell: (c) => pct(c.velocity)},
        {title: 'PI', class: 'n', cell: (c) => pi(c.pi)},
        {title: 'Status', cell: (c) => status(c.status)},
        {title: 'Servers', class: 'n', cell: (c) => c['virtual-server-count']},
      ], grp['service-classes'] || [], {id: 'group-classes'}));
  const loadCharts = throttled(range, async () => {
    const m = await api.get(`/metrics/calculated/workload-resource-groups/${enc(g.name)}?from=-${range.value}&step=${stepFor(range.value)}`);
    const series = m['workload-resource-groups'][0] || {'service-classes': []};
    const span = chartWindow(range);
    const cls = series['service-classes'].filter((c) => c['goal-velocity']);
    // every class with a goal has a PI: velocity goals and response-time goals ("p90 200ms")
    const withGoal = series['service-classes'].filter((c) => c['goal-velocity'] || (c.goal && c.goal !== 'discretionary'));
    fill(charts, h('h2', {id: 'h-charts'}, 'Goal versus actual'), field('Time range', range),
        h('div', {class: 'charts'},
            velocityChart(cls.map((c) => ({label: `${c.name} `, samples: c.samples, goal: c['goal-velocity']})), span),
            piChart(withGoal.map((c) => ({name: `${c.name} PI`, points: points(c.samples, 'pi')})), span)));
  });
  range.addEventListener('change', () => loadCharts(true).catch(view.error));

  fill(view.main, h('p', {class: 'crumbs'}, h('a', {href: '#/groups'}, 'Groups'), ' › ', g.name),
      h('h1', {}, g.name, g.name === 'default' ? h('small', {}, ' built-in group: servers in no other group') : null),
      g.description ? h('p', {class: 'lead'}, g.description) : null,
      figures, charts, members,
      h('section', {'aria-labelledby': 'h-policy', id: 'policy'}, h('h2', {id: 'h-policy'}, `Performance policy “${g['performance-policy'].name}”`),
          policyEditor(g, {admin: view.admin, onSaved: (ng) => drawFigures(ng)})),
      h('section', {'aria-labelledby': 'h-attributes'}, h('h2', {id: 'h-attributes'}, 'Attributes'), attributes(view, g)));
  drawFigures(g);
  await Promise.all([loadCharts(), drawMembers(view, g, members)]);
  view.every(async () => {
    drawFigures(await api.get('/workload-resource-groups/' + enc(g.name)));
    await loadCharts();
  });
}

function attributes(view, g) {
  const dis = !view.admin;
  const description = h('input', {id: 'group-description', value: g.description || '', disabled: dis, maxlength: 256});
  const importance = select(IMPORTANCES, g.importance, {id: 'group-importance', disabled: dis});
  const min = h('input', {id: 'group-cpu-min', type: 'number', min: 0, step: 'any', value: g['cpu-minimum'] ?? '', disabled: dis, placeholder: 'none'});
  const max = h('input', {id: 'group-cpu-max', type: 'number', min: 0, step: 'any', value: g['cpu-maximum'] ?? '', disabled: dis, placeholder: 'none'});
  const out = h('div', {'aria-live': 'polite'});
  return h('form', {onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api.post('/workload-resource-groups/' + enc(g.name), {description: description.value, importance: importance.value,
        'cpu-minimum': min.value === '' ? null : Number(min.value), 'cpu-maximum': max.value === '' ? null : Number(max.value)});
      fill(out, message('ok', 'Saved.'));
    } catch (err) {
      fill(out, message('error', describe(err)));
    }
  }}, h('div', {class: 'row'}, field('Description', description), field('Importance', importance),
      field('CPU minimum (CPUs)', min), field('CPU maximum (CPUs)', max, 'HPM caps the group at this many CPUs per host')),
  view.admin ? h('div', {class: 'row'}, h('button', {type: 'submit', class: 'primary'}, 'Save attributes'),
      g.name !== 'default' ? h('button', {type: 'button', class: 'danger', id: 'delete-group', onclick: async () => {
        if (!confirm(`Delete the group ${g.name}? Its servers go back to the default group.`)) return;
        try {
          await api.del('/workload-resource-groups/' + enc(g.name));
          location.hash = '#/groups';
        } catch (err) {
          fill(out, message('error', describe(err)));
        }
      }}, 'Delete group') : null) : null, out);
}

async function drawMembers(view, g, section) {
  const all = (await api.get('/virtual-servers'))['virtual-servers'];
  const inGroup = all.filter((s) => s['workload-resource-group'] === g.name);
  const others = all.filter((s) => s['workload-resource-group'] !== g.name);
  const out = h('div', {'aria-live': 'polite', id: 'members-result'});
  const act = async (action, ids) => {
    if (!ids.length) {
      fill(out, message('error', 'Select at least one server first.'));
      return;
    }
    try {
      await api.post(`/workload-resource-groups/${enc(g.name)}/actions`, {action, 'virtual-servers': ids});
      await drawMembers(view, g, section);
      section.querySelector('#members-result').replaceWith(h('div', {'aria-live': 'polite', id: 'members-result'},
          message('ok', `${action === 'add-virtual-servers' ? 'Added' : 'Removed'} ${ids.length} server${ids.length > 1 ? 's' : ''}.`)));
    } catch (e) {
      fill(out, message('error', describe(e)));
    }
  };
  const memberPicker = picker('member', inGroup, view.admin, 'Remove selected from group', (ids) => act('remove-virtual-servers', ids),
      'No servers in this group yet.');
  const addPicker = picker('candidate', others, view.admin, `Add selected to ${g.name}`, (ids) => act('add-virtual-servers', ids),
      'Every server is in this group.');
  fill(section, h('h2', {id: 'h-members'}, `Virtual servers (${inGroup.length})`),
      g.name === 'default' ? h('p', {class: 'hint'}, 'Servers come here when no other group lists them.') : null,
      memberPicker, view.admin && g.name !== 'default' ? h('details', {class: 'card', id: 'add-servers'},
          h('summary', {}, 'Add servers to this group'), addPicker) : null, out);
}

/** A searchable list with checkboxes over any number of servers; shows the first matches. */
function picker(prefix, servers, admin, actionText, onAction, emptyText) {
  const chosen = new Set();
  const search = h('input', {type: 'search', id: `${prefix}-search`, placeholder: 'filter by name, host, group or class',
    'aria-label': `filter ${prefix === 'member' ? 'members' : 'servers'}`});
  const list = h('div');
  const count = h('span', {class: 'hint', id: `${prefix}-count`});
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const match = servers.filter((s) => !q || [s.name, s.host, s['workload-resource-group'], s['service-class']]
        .some((v) => v && v.toLowerCase().includes(q)));
    const shown = match.slice(0, SHOWN);
    const allBox = h('input', {type: 'checkbox', id: `${prefix}-all`, 'aria-label': 'select every server shown',
      checked: shown.length > 0 && shown.every((s) => chosen.has(s.id)),
      onchange: (e) => { shown.forEach((s) => (e.target.checked ? chosen.add(s.id) : chosen.delete(s.id))); draw(); }});
    fill(count, `${chosen.size} selected · ${match.length} match${match.length > SHOWN ? `, showing the first ${SHOWN}: refine the filter` : ''}`);
    fill(list, servers.length === 0 ? h('p', {class: 'empty'}, emptyText) : table([
      admin ? {title: allBox, cell: (s) => h('input', {type: 'checkbox', class: `${prefix}-check`, value: s.name,
        'aria-label': 'select ' + s.name, checked: chosen.has(s.id),
        onchange: (e) => { (e.target.checked ? chosen.add(s.id) : chosen.delete(s.id)); fill(count, `${chosen.size} selected · ${match.length} match`); }})} : null,
      {title: 'Server', cell: (s) => h('a', {href: '#/servers/' + enc(s.id)}, s.name)},
      {title: 'Host', cell: (s) => s.host},
      {title: 'Group', cell: (s) => s['workload-resource-group']},
      {title: 'Class', cell: (s) => s['service-class']},
      {title: 'Velocity', class: 'n', cell: (s) => pct(s.velocity)},
      {title: 'PI', class: 'n', cell: (s) => pi(s.pi)},
    ].filter(Boolean), shown, {id: `${prefix}-table`}));
  };
  search.addEventListener('input', draw);
  draw();
  return h('div', {class: 'picker'}, h('div', {class: 'row'}, search, count),
      admin ? h('button', {type: 'button', class: 'secondary', id: `${prefix}-action`, onclick: () => onAction([...chosen])}, actionText) : null,
      list);
}
