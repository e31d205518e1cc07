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

  let shown = null;

  /**
   * Approves or rejects the plan on show. DWM plans again at every decision, and in recommend mode a
   * newer plan supersedes the pending one; if it has the very actions the admin saw (same kinds,
   * servers and hosts, in order), the decision applies to it, and the page says so; otherwise the
   * page shows the newer plan to be looked at first.
   */
  const decideOn = async (verb) => {
    decide.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    const said = (p) => (verb === 'approve'
      ? `Approved: ${p.actions.length} actions are executing now.` : 'Rejected: nothing of this plan is done.');
    try {
      fill(out, message('ok', said(await api.post(`${path}/${verb}`))));
      await load();
    } catch (e) {
      const newer = e.status === 409 ? await newerPending() : null;
      if (newer && sameActions(shown, newer)) {
        const p = await api.post(`/server-pools/${enc(poolId)}/plans/${enc(newer.id)}/${verb}`);
        sessionStorage.setItem('hpm.plan-note', `DWM had replaced the plan you saw by a newer one with the same actions. ${said(p)}`);
        location.hash = `#/pools/${enc(poolId)}/plans/${enc(newer.id)}`;
        return;
      }
      fill(out, message('error', newer ? `${describe(e)}\nA newer plan with other actions replaced it: look at it before deciding.` : describe(e)));
      await load();
    }
  };

  const newerPending = async () => {
    const pool = await api.get('/server-pools/' + enc(poolId));
    return pool['pending-plan'] && pool['pending-plan'] !== planId
      ? api.get(`/server-pools/${enc(poolId)}/plans/${enc(pool['pending-plan'])}`) : null;
  };

  const load = async () => {
    const [pool, plan] = await Promise.all([api.get('/server-pools/' + enc(poolId)), api.get(path)]);
    const name = hostNames(pool);
    shown = plan;
    fill(crumbs, h('a', {href: '#/pools'}, 'Server pools'), ' › ', h('a', {href: '#/pools/' + enc(poolId)}, pool.name), ' › plan');
    fill(title, `Plan of ${pool.name} `, badge(plan.status), h('small', {}, ' ' + plan.goal));
    fill(facts, h('p', {class: 'summary', id: 'plan-summary'}, plan.summary),
        h('dl', {class: 'facts'}, h('dt', {}, 'Made'), h('dd', {}, time(plan.created)),
            h('dt', {}, 'Status'), h('dd', {id: 'plan-status'}, plan.status),
            h('dt', {}, 'Pool mode'), h('dd', {}, pool.mode), h('dt', {}, 'Plan id'), h('dd', {}, h('code', {}, plan.id))));
    // DWM replaces a pending plan at every decision; one replaced by a plan of the same actions is
    // still the one to decide on (the decision then applies to the newer plan).
    const newer = plan.status === 'superseded' && pool['pending-plan']
      ? await api.get(`/server-pools/${enc(poolId)}/plans/${enc(pool['pending-plan'])}`) : null;
    const same = newer !== null && sameActions(plan, newer);
    const open = plan.status === 'pending' || same;
    const replaced = same ? h('p', {class: 'hint', id: 'plan-replaced'}, 'DWM has since made the same plan again; a decision here applies to the newer one.') : null;
    if (open && view.admin) {
      fill(decide, h('div', {class: 'row'},
          h('button', {type: 'button', class: 'primary', id: 'plan-approve', onclick: () => decideOn('approve')}, 'Approve and execute'),
          h('button', {type: 'button', class: 'danger', id: 'plan-reject', onclick: () => decideOn('reject')}, 'Reject')),
      h('p', {class: 'hint'}, 'Approving starts every action now, in order; rejecting does none of them. DWM plans again at its next decision.'),
      replaced);
    } else if (open) {
      fill(decide, message('info', 'This plan waits for an administrator’s approval. Viewers cannot approve or reject plans.'), replaced);
    } else if (newer) {
      fill(decide, message('info', 'A newer plan with other actions replaced this one. '),
          h('a', {href: `#/pools/${enc(poolId)}/plans/${enc(newer.id)}`, id: 'newer-plan-link'}, 'See the plan waiting for approval.'));
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
  const note = sessionStorage.getItem('hpm.plan-note');
  if (note) {
    sessionStorage.removeItem('hpm.plan-note');
    fill(out, message('ok', note));
  }
  await load();
  view.every(load);
}

/** Whether two plans have the same actions: kind, server and hosts, in order (reasons and figures may differ). */
function sameActions(a, b) {
  const key = (p) => (p.actions || []).map((x) => [x.kind, (x['virtual-server'] || {}).id, x.from, x.to, x.host].join('|')).join(';');
  return a !== null && b !== null && key(a) === key(b);
}
