// The REST API as the page uses it: a token from a login, JSON in and out, errors in words.
const BASE = '/zhpm/wsapi/v1';
const KEY = 'hpm.session';

/** An error the page can show as it is. */
export class ApiError extends Error {
  constructor(status, reason, message, problems) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.problems = problems || [];
  }
  /** The message and, for invalid input, each problem: "field: fix". */
  describe() {
    const lines = [this.message];
    for (const p of this.problems) {
      lines.push(`${p.field}: ${p.fix}` + (p.value !== undefined && p.value !== null ? ` (was "${p.value}")` : ''));
    }
    return lines.join('\n');
  }
}

/** Any error in words: an API error with its problems, else its message. */
export function describe(e) {
  return e instanceof ApiError ? e.describe() : (e && e.message) || String(e);
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

let onUnauthenticated = () => {};
export function whenLoggedOut(fn) {
  onUnauthenticated = fn;
}

async function send(method, path, body, headers = {}) {
  const s = session();
  const h = {'Accept': 'application/json', 'X-Requested-With': 'hpm-ui', ...headers};
  if (s && !h.Authorization) {
    h.Authorization = 'Bearer ' + s.token;
  }
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(BASE + path, {method, headers: h, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, 'unreachable', 'The HPM server cannot be reached. Check that it is running, then try again.');
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const e = json && json.message
        ? new ApiError(response.status, json.reason, json.message, json.problems)
        : new ApiError(response.status, 'http-' + response.status, `The server answered ${response.status} ${response.statusText}.`);
    if (response.status === 401 && !headers.Authorization) {
      sessionStorage.removeItem(KEY);
      onUnauthenticated('Your session has ended. Log in again.');
    }
    throw e;
  }
  return json;
}

export const api = {
  get: (path) => send('GET', path),
  post: (path, body) => send('POST', path, body === undefined ? {} : body),
  del: (path) => send('DELETE', path),
};

/** Logs in with a user and password: creates an API token for this browser tab. */
export async function login(user, password) {
  const basic = 'Basic ' + btoa(String.fromCharCode(...new TextEncoder().encode(user + ':' + password)));
  const token = await send('POST', '/tokens', {label: 'web UI ' + new Date().toISOString().slice(0, 16)},
      {Authorization: basic});
  const who = await send('GET', '/session', undefined, {Authorization: 'Bearer ' + token.token});
  const s = {token: token.token, id: token.id, name: who.name, role: who.role};
  sessionStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

/** Logs out: revokes this tab's token. */
export async function logout() {
  const s = session();
  sessionStorage.removeItem(KEY);
  if (s) {
    try {
      await send('DELETE', '/tokens/' + encodeURIComponent(s.id), undefined, {Authorization: 'Bearer ' + s.token});
    } catch {
      // the token may have expired or been revoked already
    }
  }
}

export const isAdmin = () => (session() || {}).role === 'admin';

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v));
  return q.length ? '?' + q.join('&') : '';
}

export const enc = encodeURIComponent;
