// One DWM plan: why (its summary), the indicators before, projected and achieved side by side, and
// each action with its reason and before → after. A pending plan has Approve and Reject buttons for
// administrators; a viewer sees the plan and no buttons (the server refuses a viewer's POST anyway).
import {api, describe, enc} from '../api.js';
import {fill, h, message, time} from '../dom.js';
import {actionTable, badge, hostNames, indicatorTable} from '../pool-parts.js';

/** How often an executing plan is redrawn. */
const FOLLOW_MS = 1000;

export async function render(view, poolId, planId) {
  const title = h('h1', {}, 'Plan');
  const facts = h('div');
  const decide = h('div', {id: 'plan-decision'});
  const out = h('div', {'aria-live': 'polite', id: 'plan-result'});
  const indicators = h('section', {'aria-labelledby': 'h-plan-indicators'});
  const actions = h('section', {'aria-labelledby': 'h-plan-actions'});
  const crumbs = h('p', {class: 'crumbs'});
  fill(view.main, crumbs, title, facts, decide, out, indicators, actions);
  const path = `/server-pools/${enc(poolId)}/plans/${enc(planId)}`;
  let stop = null;

  const decideOn = async (verb) => {
    decide.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      const p = await api.post(`${path}/${verb}`);
      fill(out, message('ok', verb === 'approve'
          ? `Approved: ${p.actions.length} actions are executing now.` : 'Rejected: nothing of this plan is done.'));
      await load();
    } catch (e) {
      fill(out, message('error', describe(e)));
      await load();
    }
  };

  const load = async () => {
    const [pool, plan] = await Promise.all([api.get('/server-pools/' + enc(poolId)), api.get(path)]);
    const name = hostNames(pool);
    fill(crumbs, h('a', {href: '#/pools'}, 'Server pools'), ' › ', h('a', {href: '#/pools/' + enc(poolId)}, pool.name), ' › plan');
    fill(title, `Plan of ${pool.name} `, badge(plan.status), h('small', {}, ' ' + plan.goal));
    fill(facts, h('p', {class: 'summary', id: 'plan-summary'}, plan.summary),
        h('dl', {class: 'facts'}, h('dt', {}, 'Made'), h('dd', {}, time(plan.created)),
            h('dt', {}, 'Status'), h('dd', {id: 'plan-status'}, plan.status),
            h('dt', {}, 'Pool mode'), h('dd', {}, pool.mode), h('dt', {}, 'Plan id'), h('dd', {}, h('code', {}, plan.id))));
    if (plan.status === 'pending' && view.admin) {
      fill(decide, h('div', {class: 'row'},
          h('button', {type: 'button', class: 'primary', id: 'plan-approve', onclick: () => decideOn('approve')}, 'Approve and execute'),
          h('button', {type: 'button', class: 'danger', id: 'plan-reject', onclick: () => decideOn('reject')}, 'Reject')),
      h('p', {class: 'hint'}, 'Approving starts every action now, in order; rejecting does none of them. DWM plans again at its next decision.'));
    } else if (plan.status === 'pending') {
      fill(decide, message('info', 'This plan waits for an administrator’s approval. Viewers cannot approve or reject plans.'));
    } else {
      fill(decide);
    }
    fill(indicators, h('h2', {id: 'h-plan-indicators'}, 'Indicators'),
        h('p', {class: 'hint'}, plan.achieved ? 'Achieved is measured after the last action ended.'
          : 'Achieved appears once the plan has been executed.'), indicatorTable(plan));
    fill(actions, h('h2', {id: 'h-plan-actions'}, `Actions (${plan.actions.length})`), actionTable(plan, name));
    if (plan.status === 'executing' && !stop) {
      stop = view.every(load, FOLLOW_MS);
    } else if (plan.status !== 'executing' && stop && plan.achieved) {
      stop();
      stop = null;
    }
  };
  await load();
  view.every(load);
}
