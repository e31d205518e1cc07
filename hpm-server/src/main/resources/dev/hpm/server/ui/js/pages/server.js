// One virtual server: where it runs, its group and class, its figures and shares, its history,
// and (for admins) its management level, tags and description.
import {api, describe, enc} from '../api.js';
import {field, fill, h, message, num, pct, pi, select, status, time} from '../dom.js';
import {chartWindow, lineChart, piChart, points, RANGES, stepFor, throttled, velocityChart} from '../chart.js';

export async function render(view, id) {
  let vs = await api.get('/virtual-servers/' + enc(id));
  const facts = h('dl', {class: 'facts', id: 'vs-facts'});
  const range = select(RANGES, '1h', {id: 'chart-range'});
  const charts = h('div', {class: 'charts'});
  const drawFacts = () => fill(facts,
      ...[['Status', status(vs.status)], ['Host', vs.host],
        ['Group', h('a', {href: '#/groups/' + enc(vs['workload-resource-group'])}, vs['workload-resource-group'])],
        ['Service class', h('a', {href: '#/classes/' + enc(vs['workload-resource-group']) + '/' + enc(vs['service-class'])}, vs['service-class'])],
        ['Goal', vs.goal + (vs['goal-velocity'] ? ` (velocity ${vs['goal-velocity']} %)` : '')], ['Importance', vs.importance || '–'],
        ['Velocity', pct(vs.velocity)], ['PI', pi(vs.pi)], ['CPU used', vs['using-cpus'] === null ? '–' : `${num(vs['using-cpus'], 2)} CPUs`],
        ['CPU delay', vs['delay-cpus'] === null ? '–' : `${num(vs['delay-cpus'], 2)} CPUs`], ['vCPUs', vs.vcpus],
        ['CPU shares', vs['cpu-shares'] ?? '–'], ['CPU cap', vs['cap-cpus'] === null ? 'none' : `${vs['cap-cpus']} CPUs`],
        ['Management level', vs['management-level'] + (vs['own-management-level'] ? ' (its own)' : ' (inherited)')],
        ['Last sample', vs.sample], ['Last seen', time(vs['last-seen'])]]
          .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  const loadCharts = throttled(range, async () => {
    const m = await api.get(`/metrics/calculated/virtual-servers/${enc(vs.id)}?from=-${range.value}&step=${stepFor(range.value)}`);
    const span = chartWindow(range);
    fill(charts, velocityChart([{label: '', samples: m.samples, goal: vs['goal-velocity']}], span),
        piChart([{name: 'PI', points: points(m.samples, 'pi')}], span),
        lineChart([{name: 'CPU used', points: points(m.samples, 'using-cpus')}, {name: 'CPU delay', points: points(m.samples, 'delay-cpus')}],
            {title: 'CPU (CPUs)', unit: 'CPUs', min: 0, ...span}),
        lineChart([{name: 'shares', points: points(m.samples, 'cpu-shares')}], {title: 'CPU shares', unit: 'shares', min: 0, ...span}));
  });
  range.addEventListener('change', () => loadCharts(true).catch(view.error));
  fill(view.main, h('p', {class: 'crumbs'}, h('a', {href: '#/servers'}, 'Virtual servers'), ' › ', vs.name),
      h('h1', {}, vs.name), vs.description ? h('p', {class: 'lead'}, vs.description) : null,
      h('div', {class: 'two-col'}, facts, settings(view, vs, (nv) => { vs = nv; drawFacts(); })),
      h('h2', {}, 'History'), field('Time range', range), charts);
  drawFacts();
  await loadCharts();
  view.every(async () => {
    vs = await api.get('/virtual-servers/' + enc(vs.id));
    drawFacts();
    await loadCharts();
  });
}

function settings(view, vs, onSaved) {
  const dis = !view.admin;
  const level = select([['default', 'inherit (host or default level)'], ['manage', 'manage: HPM adjusts its CPU'],
    ['monitor', 'monitor: measure only'], ['none', 'none: leave it alone']], vs['own-management-level'] || 'default',
  {id: 'vs-level', disabled: dis});
  const tags = h('input', {id: 'vs-tags', value: (vs.tags || []).join(', '), disabled: dis});
  const description = h('input', {id: 'vs-description', value: vs.description || '', disabled: dis, maxlength: 256});
  const out = h('div', {'aria-live': 'polite', id: 'vs-result'});
  return h('form', {class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const nv = await api.post('/virtual-servers/' + enc(vs.id), {'management-level': level.value,
        tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean), description: description.value});
      fill(out, message('ok', `Saved. ${nv.name} is now at management level ${nv['management-level']}.`));
      onSaved(nv);
    } catch (err) {
      fill(out, message('error', describe(err)));
    }
  }}, h('h2', {}, 'Settings'), field('CPU management', level), field('Tags (comma-separated)', tags), field('Description', description),
  view.admin ? h('button', {type: 'submit', class: 'primary', id: 'vs-save'}, 'Save') : h('p', {class: 'hint'}, 'Viewers cannot change settings.'), out);
}
