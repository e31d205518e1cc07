// Performance policies: every group's policy at a glance, the default policy, and the whole
// definition exported to or imported from a file.
import {api, describe, enc} from '../api.js';
import {fill, h, message, table} from '../dom.js';

export async function render(view) {
  const detail = (await api.get('/workload-resource-groups/detail'))['workload-resource-groups'];
  const out = h('div', {'aria-live': 'polite', id: 'policy-file-result'});
  const file = h('input', {type: 'file', id: 'import-file', accept: 'application/json,.json'});
  const exportButton = h('button', {type: 'button', class: 'secondary', id: 'export-policies', onclick: async () => {
    try {
      const doc = await api.get('/performance-policies/export');
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + '\n'], {type: 'application/json'}));
      const a = h('a', {href: url, download: 'hpm-policies.json'});
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      fill(out, message('ok', `Exported ${doc['workload-resource-groups'].length} groups to hpm-policies.json.`));
    } catch (e) {
      fill(out, message('error', describe(e)));
    }
  }}, 'Export to a file');
  const importForm = h('form', {class: 'row', onsubmit: async (e) => {
    e.preventDefault();
    if (!file.files.length) {
      fill(out, message('error', 'Choose a file exported from HPM first.'));
      return;
    }
    let doc;
    try {
      doc = JSON.parse(await file.files[0].text());
    } catch (err) {
      fill(out, message('error', `${file.files[0].name} is not a JSON file: ${err.message}`));
      return;
    }
    if (!confirm('Importing replaces every group and policy with those of the file. Continue?')) return;
    try {
      const r = await api.post('/performance-policies/import', doc);
      fill(out, message('ok', `Imported ${r['workload-resource-groups']} groups with ${r['virtual-servers']} listed servers.`));
      await drawList();
    } catch (err) {
      fill(out, message('error', 'Nothing was changed. ' + describe(err)));
    }
  }}, h('label', {for: 'import-file'}, 'Import from a file'), file, h('button', {type: 'submit', class: 'primary', id: 'import-policies'}, 'Import'));
  const list = h('div');
  const drawList = async (groups) => {
    groups = groups || (await api.get('/workload-resource-groups/detail'))['workload-resource-groups'];
    fill(list, table([
      {title: 'Group', cell: (g) => h('a', {href: '#/groups/' + enc(g.name)}, g.name)},
      {title: 'Policy', cell: (g) => g['performance-policy'].name},
      {title: 'Service classes', cell: (g) => h('ul', {class: 'plain'}, g['performance-policy']['service-classes'].map((c) =>
          h('li', {}, h('a', {href: '#/classes/' + enc(g.name) + '/' + enc(c.name)}, c.name),
              ` ${c.goal}${c.importance ? ', ' + c.importance : ''}`)))},
      {title: 'Rules', cell: (g) => h('ol', {class: 'plain'}, (g['performance-policy'].rules || []).map((r) =>
          h('li', {}, r.filters.map((f) => `${f.attribute} ${f.operator || 'equals'} "${f.value}"`).join(' and ') + ' → ' + r['service-class'])))},
      {title: 'Default class', cell: (g) => g['performance-policy']['default-class']},
      {title: '', cell: (g) => h('a', {href: '#/groups/' + enc(g.name) + '?policy', class: 'button-link'}, view.admin ? 'Edit policy' : 'View policy')},
    ], groups, {id: 'policies-table'}));
  };
  fill(view.main, h('h1', {}, 'Performance policies'),
      h('p', {class: 'lead'}, 'Each group has a policy: service classes with a goal and an importance, and rules that say which servers belong to which class. The default group’s policy is the default policy for every server in no other group.'),
      h('section', {class: 'card'}, h('h2', {}, 'Export and import'),
          h('p', {class: 'hint'}, 'The file holds the velocity mapping and every group with its members and policy; importing it validates everything first and changes nothing if any part is wrong.'),
          exportButton, view.admin ? importForm : null, out),
      list);
  await drawList(detail);
}
