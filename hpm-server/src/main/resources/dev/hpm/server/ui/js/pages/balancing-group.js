// One load-balancing group: each member's weight, its target, whether it serves and whether the
// data behind it is current, and the terms that made the weight with their reasons; admins may
// delete the group.
import {api, describe, enc} from '../api.js';
import {fill, h, message, shortTime, table} from '../dom.js';

/** Serving: contactable and not quiesced; the words say why not. */
function serving(w) {
  if (!w.contactable) {
    return h('span', {class: 'status state-bad'}, 'no — not contactable');
  }
  if (w.quiesced) {
    return h('span', {class: 'status state-busy'}, 'no — quiesced');
  }
  return h('span', {class: 'status state-ok'}, 'yes');
}

function confident(w) {
  return w.confident ? h('span', {class: 'status state-ok'}, 'yes') : h('span', {class: 'status state-busy'}, 'no — stale data');
}

function terms(w) {
  return h('ul', {class: 'plain terms'}, w.terms.map((t) =>
      h('li', {dataset: {term: t.name}}, h('strong', {}, `${t.name} ${Number(t.value).toFixed(2).replace(/\.?0+$/, '')}`), ': ', t.reason)));
}

/** The last points of a member's history, newest last: "62 → 47 → 36". */
function recent(w) {
  const points = (w.history || []).slice(-6).map((p) => p.weight);
  return points.length ? points.join(' → ') : '–';
}

export async function render(view, name) {
  const group = await api.get('/load-balancing-groups/' + enc(name));
  const when = h('p', {class: 'hint', id: 'lb-time'});
  const body = h('div', {id: 'lb-weights'});
  const out = h('div', {'aria-live': 'polite'});
  const vs = Object.fromEntries(group.members.map((m) => [m.name, m]));
  const load = async () => {
    const w = await api.get('/load-balancing-groups/' + enc(name) + '/weights');
    fill(when, w.time ? `Weights of interval ${w.interval}, ${shortTime(w.time)}.` : 'No weights yet: they come after the next control interval.');
    fill(body, table([
      {title: 'Member', cell: (m) => m.member},
      {title: 'Virtual server', cell: (m) => (vs[m.member] && vs[m.member]['virtual-server']) || '–'},
      {title: 'Endpoint', cell: (m) => (vs[m.member] && vs[m.member].address ? `${vs[m.member].address}:${vs[m.member].port}` : '–')},
      {title: 'Weight', class: 'n weight', cell: (m) => m.weight},
      {title: 'Target', class: 'n target', cell: (m) => m.target},
      {title: 'Serving', cell: serving},
      {title: 'Confident', cell: confident},
      {title: 'Recent', class: 'n', cell: recent},
      {title: 'Why', cell: terms},
    ], w.weights, {id: 'lb-weights-table', 'data-empty': 'No weights yet.'}));
  };
  fill(view.main, h('p', {}, h('a', {href: '#/load-balancing'}, '← Load balancing')),
      h('h1', {}, 'Load-balancing group ', group.name), group.description ? h('p', {class: 'lead'}, group.description) : null,
      when, body,
      view.admin ? h('div', {class: 'row'}, h('button', {type: 'button', class: 'danger', id: 'lb-delete', onclick: async () => {
        if (!confirm(`Delete the load-balancing group ${group.name}? Load balancers get no more weights for it.`)) return;
        try {
          await api.del('/load-balancing-groups/' + enc(group.id));
          location.hash = '#/load-balancing';
        } catch (err) {
          fill(out, message('error', describe(err)));
        }
      }}, 'Delete group'), out) : null);
  await load();
  view.every(load);
}
