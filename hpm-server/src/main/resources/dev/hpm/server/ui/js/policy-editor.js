// The performance policy of one group: service classes, ordered classification rules with a live
// preview of the servers each rule matches (the server's own classifier), and the default class.
import {api, describe, enc} from './api.js';
import {fill, GOALS, h, IMPORTANCES, message, select} from './dom.js';

const ATTRIBUTES = ['name', 'host', 'tag', 'os-type'];
const OPERATORS = ['equals', 'wildcard', 'regex'];

/** An editor for group's policy; read-only unless admin. */
export function policyEditor(group, {admin, onSaved}) {
  const policy = structuredClone(group['performance-policy']);
  policy.rules = policy.rules || [];
  const root = h('div', {class: 'policy-editor'});
  const out = h('div', {'aria-live': 'polite', id: 'policy-result'});
  let preview = null;
  let timer = null;

  const schedulePreview = () => {
    clearTimeout(timer);
    timer = setTimeout(runPreview, 300);
  };
  const changed = () => {
    draw();
    schedulePreview();
  };
  async function runPreview() {
    try {
      preview = await api.post('/performance-policies/preview', {'workload-resource-group': group.name, 'performance-policy': policy});
    } catch (e) {
      preview = {error: describe(e)};
    }
    showPreview();
  }

  /** Puts the preview under each rule without redrawing the form (which would lose what is being typed). */
  function showPreview() {
    policy.rules.forEach((r, i) => {
      const el = root.querySelector(`#rule-preview-${i}`);
      if (el) fill(el, previewText(preview && preview.rules && preview.rules[i] ? preview.rules[i]['virtual-servers'] : null,
          'Matches', 'Matches no server of this group (an earlier rule may take them first).'));
    });
    const def = root.querySelector('#default-preview');
    if (def) fill(def, previewText(preview && preview['default-class'] ? preview['default-class']['virtual-servers'] : null,
        'No rule matches', 'Every server of this group is matched by a rule.'));
    const err = root.querySelector('#preview-error');
    if (err) fill(err, preview && preview.error ? message('error', 'Preview: ' + preview.error) : null);
  }

  function previewText(names, lead, none) {
    if (names === null) return 'Preview: …';
    if (!names.length) return none;
    return `${lead} ${names.length}: ${names.slice(0, 30).join(', ')}${names.length > 30 ? ', …' : ''}`;
  }

  function classRow(c, i) {
    const dis = !admin;
    const importance = select(IMPORTANCES, c.importance || 'medium', {id: `class-importance-${i}`, disabled: dis || c.goal === 'discretionary',
      'aria-label': `importance of class ${i + 1}`});
    return h('tr', {},
        h('td', {}, h('input', {id: `class-name-${i}`, value: c.name, disabled: dis, 'aria-label': `name of class ${i + 1}`,
          onchange: (e) => {
            const old = c.name;
            c.name = e.target.value.trim();
            policy.rules.forEach((r) => { if (r['service-class'] === old) r['service-class'] = c.name; });
            if (policy['default-class'] === old) policy['default-class'] = c.name;
            changed();
          }})),
        h('td', {}, select(GOALS, c.goal, {id: `class-goal-${i}`, disabled: dis, 'aria-label': `goal of class ${i + 1}`,
          onchange: (e) => {
            c.goal = e.target.value;
            if (c.goal === 'discretionary') delete c.importance; else c.importance = c.importance || 'medium';
            changed();
          }})),
        h('td', {}, importance),
        admin ? h('td', {}, h('button', {type: 'button', class: 'link danger', onclick: () => {
          policy['service-classes'].splice(i, 1);
          changed();
        }}, 'Remove')) : null);
  }

  function ruleRow(r, i) {
    const dis = !admin;
    const classNames = policy['service-classes'].map((c) => c.name);
    return h('li', {class: 'rule card', id: `rule-${i}`},
        h('div', {class: 'row'},
            h('strong', {}, `Rule ${i + 1}`), ' → class ',
            select(classNames.includes(r['service-class']) ? classNames : [r['service-class'], ...classNames], r['service-class'],
                {id: `rule-class-${i}`, disabled: dis, 'aria-label': `service class of rule ${i + 1}`,
                  onchange: (e) => { r['service-class'] = e.target.value; changed(); }}),
            admin ? [
              h('button', {type: 'button', class: 'link', disabled: i === 0, 'aria-label': `move rule ${i + 1} up`,
                onclick: () => { policy.rules.splice(i - 1, 0, policy.rules.splice(i, 1)[0]); changed(); }}, '↑ up'),
              h('button', {type: 'button', class: 'link', disabled: i === policy.rules.length - 1, 'aria-label': `move rule ${i + 1} down`,
                onclick: () => { policy.rules.splice(i + 1, 0, policy.rules.splice(i, 1)[0]); changed(); }}, '↓ down'),
              h('button', {type: 'button', class: 'link danger', onclick: () => { policy.rules.splice(i, 1); changed(); }}, 'Remove rule'),
            ] : null),
        h('ul', {class: 'filters-list'}, r.filters.map((f, j) => h('li', {},
            select(ATTRIBUTES, f.attribute, {id: `rule-${i}-attr-${j}`, disabled: dis, 'aria-label': 'attribute',
              onchange: (e) => { f.attribute = e.target.value; changed(); }}),
            select(OPERATORS, f.operator || 'equals', {id: `rule-${i}-op-${j}`, disabled: dis, 'aria-label': 'operator',
              onchange: (e) => { f.operator = e.target.value; changed(); }}),
            h('input', {id: `rule-${i}-value-${j}`, value: f.value, disabled: dis, 'aria-label': 'value',
              onchange: (e) => { f.value = e.target.value; changed(); }}),
            admin && r.filters.length > 1 ? h('button', {type: 'button', class: 'link danger',
              onclick: () => { r.filters.splice(j, 1); changed(); }}, 'Remove filter') : null))),
        admin ? h('button', {type: 'button', class: 'link', onclick: () => {
          r.filters.push({attribute: 'name', operator: 'wildcard', value: '*'});
          changed();
        }}, '+ filter (all must match)') : null,
        h('p', {class: 'preview', id: `rule-preview-${i}`}, 'Preview: …'));
  }

  function draw() {
    const classNames = policy['service-classes'].map((c) => c.name);
    const focused = root.contains(document.activeElement) ? document.activeElement.id : null;
    fill(root,
        h('h3', {}, 'Service classes'),
        h('div', {class: 'table-wrap'}, h('table', {id: 'classes-editor'},
            h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Goal'), h('th', {}, 'Importance'), admin ? h('th', {}, '') : null)),
            h('tbody', {}, policy['service-classes'].map(classRow)))),
        admin ? h('button', {type: 'button', class: 'secondary', id: 'add-class', onclick: () => {
          let n = policy['service-classes'].length + 1;
          while (classNames.includes('class-' + n)) n++;
          policy['service-classes'].push({name: 'class-' + n, goal: 'moderate', importance: 'medium'});
          changed();
        }}, '+ Add service class') : null,
        h('h3', {}, 'Classification rules'),
        h('p', {class: 'hint'}, 'Rules are tried in order; the first whose filters all match a server gives its class. Servers no rule matches get the default class.'),
        h('ol', {class: 'rules'}, policy.rules.map(ruleRow)),
        admin ? h('button', {type: 'button', class: 'secondary', id: 'add-rule', onclick: () => {
          policy.rules.push({'service-class': classNames[0], filters: [{attribute: 'name', operator: 'wildcard', value: '*'}]});
          changed();
        }}, '+ Add rule') : null,
        h('div', {class: 'field'}, h('label', {for: 'default-class'}, 'Default class'),
            select(classNames, policy['default-class'] || classNames[0], {id: 'default-class', disabled: !admin,
              onchange: (e) => { policy['default-class'] = e.target.value; changed(); }})),
        h('p', {class: 'preview', id: 'default-preview'}),
        h('div', {id: 'preview-error'}),
        admin ? h('button', {type: 'button', class: 'primary', id: 'save-policy', onclick: save}, 'Save policy') : null,
        out);
    showPreview();
    if (focused && root.querySelector('#' + CSS.escape(focused))) root.querySelector('#' + CSS.escape(focused)).focus();
  }

  async function save() {
    if (!policy['default-class']) {
      policy['default-class'] = policy['service-classes'][0] && policy['service-classes'][0].name;
    }
    try {
      const g = await api.post('/workload-resource-groups/' + enc(group.name), {'performance-policy': policy});
      fill(out, message('ok', `Saved the policy of ${g.name}. HPM uses it from the next interval.`));
      if (onSaved) onSaved(g);
    } catch (e) {
      fill(out, message('error', describe(e)));
    }
  }

  draw();
  runPreview();
  return root;
}
