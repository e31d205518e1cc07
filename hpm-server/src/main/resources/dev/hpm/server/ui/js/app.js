// The application: login, navigation, the router, and live refresh of the page on show.
import {describe, isAdmin, login, logout, session, whenLoggedOut} from './api.js';
import {fill, h, message} from './dom.js';
import * as overview from './pages/overview.js';
import * as groups from './pages/groups.js';
import * as group from './pages/group.js';
import * as policies from './pages/policies.js';
import * as classes from './pages/classes.js';
import * as servers from './pages/servers.js';
import * as server from './pages/server.js';
import * as management from './pages/management.js';
import * as adjustments from './pages/adjustments.js';
import * as host from './pages/host.js';
import * as pools from './pages/pools.js';
import * as pool from './pages/pool.js';
import * as plan from './pages/plan.js';
import * as migrations from './pages/migrations.js';
import * as balancing from './pages/balancing.js';
import * as balancingGroup from './pages/balancing-group.js';

/** How often a page on show asks for fresh figures. */
const REFRESH_MS = 5000;

const ROUTES = [
  [/^\/overview$/, overview, 'Overview'],
  [/^\/groups$/, groups, 'Groups'],
  [/^\/groups\/([^/]+)$/, group, 'Groups'],
  [/^\/policies$/, policies, 'Policies'],
  [/^\/classes$/, classes, 'Service classes'],
  [/^\/classes\/([^/]+)\/([^/]+)$/, classes, 'Service classes'],
  [/^\/servers$/, servers, 'Servers'],
  [/^\/servers\/([^/]+)$/, server, 'Servers'],
  [/^\/hosts\/([^/]+)$/, host, 'Overview'],
  [/^\/management$/, management, 'CPU management'],
  [/^\/adjustments$/, adjustments, 'Adjustments'],
  [/^\/pools$/, pools, 'Pools'],
  [/^\/pools\/([^/]+)$/, pool, 'Pools'],
  [/^\/pools\/([^/]+)\/plans\/([^/]+)$/, plan, 'Pools'],
  [/^\/migrations$/, migrations, 'Migrations'],
  [/^\/load-balancing$/, balancing, 'Load balancing'],
  [/^\/load-balancing\/([^/]+)$/, balancingGroup, 'Load balancing'],
];
const NAV = [['#/overview', 'Overview'], ['#/groups', 'Groups'], ['#/policies', 'Policies'], ['#/classes', 'Service classes'],
  ['#/servers', 'Servers'], ['#/management', 'CPU management'], ['#/adjustments', 'Adjustments'], ['#/pools', 'Pools'],
  ['#/migrations', 'Migrations'], ['#/load-balancing', 'Load balancing']];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const banner = document.getElementById('banner');
let timers = [];
let generation = 0;

/** Shows an error in words at the top of the page. */
export function showError(e) {
  const text = describe(e);
  banner.textContent = text;
  banner.hidden = false;
}

function clearError() {
  banner.hidden = true;
  banner.textContent = '';
}

function stopTimers() {
  timers.forEach(clearInterval);
  timers = [];
}

/**
 * What a page gets: where to draw, and how to be refreshed while it is on show ({@code every(fn, ms)}
 * runs fn every ms, 5 s unless given, until the page is left or the function it returns is called).
 */
function view(gen) {
  return {
    main,
    admin: isAdmin(),
    every(fn, ms = REFRESH_MS) {
      const run = async () => {
        if (gen !== generation) {
          return;
        }
        try {
          await fn();
        } catch (e) {
          showError(e);
        }
      };
      const timer = setInterval(run, ms);
      timers.push(timer);
      return () => clearInterval(timer);
    },
    error: showError,
    clearError,
  };
}

async function route() {
  stopTimers();
  clearError();
  const gen = ++generation;
  if (!session()) {
    showLogin();
    return;
  }
  const path = (location.hash || '#/overview').slice(1).split('?')[0];
  const match = ROUTES.map(([re, page, section]) => [path.match(re), page, section]).find(([m]) => m);
  renderChrome(match ? match[2] : '');
  if (!match) {
    fill(main, h('h1', {}, 'Page not found'), h('p', {}, 'There is no page ', h('code', {}, path), '. ',
        h('a', {href: '#/overview'}, 'Go to the overview.')));
    return;
  }
  const [m, page] = match;
  fill(main, h('p', {class: 'loading'}, 'Loading…'));
  try {
    await page.render(view(gen), ...m.slice(1).map(decodeURIComponent));
  } catch (e) {
    if (gen === generation) {
      fill(main, h('h1', {}, 'This page could not be shown'), message('error', describe(e)));
    }
  }
  if (gen === generation) {
    main.setAttribute('aria-busy', 'false');
  }
}

function renderChrome(section) {
  const s = session();
  nav.hidden = false;
  fill(nav, h('ul', {}, NAV.map(([href, text]) =>
      h('li', {}, h('a', {href, 'aria-current': text === section ? 'page' : null}, text)))));
  fill(who, h('span', {class: 'user'}, s.name, ' ', h('span', {class: 'role role-' + s.role}, s.role === 'admin' ? 'admin' : 'viewer (read-only)')),
      h('button', {type: 'button', class: 'link', onclick: async () => {
        await logout();
        history.replaceState(null, '', '#/overview');
        showLogin('You have logged out.');
      }}, 'Log out'));
}

function showLogin(note) {
  stopTimers();
  nav.hidden = true;
  fill(nav);
  fill(who);
  const user = h('input', {id: 'login-user', name: 'user', autocomplete: 'username', required: true});
  const password = h('input', {id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const out = h('div', {'aria-live': 'polite'}, note ? message('info', note) : null);
  const form = h('form', {class: 'login card', onsubmit: async (ev) => {
    ev.preventDefault();
    fill(out, message('info', 'Logging in…'));
    try {
      await login(user.value.trim(), password.value);
      password.value = '';
      clearError();
      route();
    } catch (e) {
      password.value = '';
      password.focus();
      fill(out, message('error', e.status === 401
          ? 'The user name or password is not right. Try again, or ask an administrator.'
          : describe(e)));
    }
  }},
  h('h1', {}, 'Log in to HPM'),
  h('div', {class: 'field'}, h('label', {for: 'login-user'}, 'User'), user),
  h('div', {class: 'field'}, h('label', {for: 'login-password'}, 'Password'), password),
  h('button', {type: 'submit', class: 'primary', id: 'login-submit'}, 'Log in'), out,
  h('p', {class: 'hint'}, 'On first start the server writes the admin password to the file it names (initial-admin-password in its data directory).'));
  fill(main, form);
  user.focus();
}

document.getElementById('menu-toggle').addEventListener('click', (ev) => {
  const open = ev.currentTarget.getAttribute('aria-expanded') !== 'true';
  ev.currentTarget.setAttribute('aria-expanded', String(open));
  document.body.classList.toggle('nav-open', open);
});
nav.addEventListener('click', () => {
  document.body.classList.remove('nav-open');
  document.getElementById('menu-toggle').setAttribute('aria-expanded', 'false');
});
whenLoggedOut((note) => showLogin(note));
window.addEventListener('hashchange', route);
route();

