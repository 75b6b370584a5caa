(() => {
'use strict';
// Calls to this host's API with the operator's credential, and what to show when one fails.
AC.base = document.querySelector('meta[name="allocation-base"]').content;
const credentialKey = 'allocation-console-credential';

AC.credential = {
  read() {
    try { return JSON.parse(sessionStorage.getItem(credentialKey)); } catch { return null; }
  },
  save(kind, secret) { sessionStorage.setItem(credentialKey, JSON.stringify({ kind, secret })); },
  clear() { sessionStorage.removeItem(credentialKey); },
  headers() {
    const held = AC.credential.read();
    if (!held) return {};
    return held.kind === 'token' ? { Authorization: `Bearer ${held.secret}` } : { 'X-Api-Key': held.secret };
  },
};

AC.ApiError = class extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || '';
    this.title = problem.title || `HTTP ${status}`;
  }
};

AC.api = async (method, path, body, signal) => {
  const headers = { Accept: 'application/json', ...AC.credential.headers() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(AC.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (failure) {
    if (failure.name === 'AbortError') throw failure;
    throw new AC.ApiError(0, { title: 'No answer', detail: 'The service did not answer: is it running, and is the network up?', code: 'unreachable' });
  }
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) throw new AC.ApiError(response.status, json || { title: response.statusText });
  return json;
};

function safeJson(text) {
  try { return JSON.parse(text); } catch { return { title: 'Unreadable answer', detail: text.slice(0, 200) }; }
}

// What a failed call shows: a way to sign in, the scope that is missing, or the problem's own words.
AC.problem = (error, doing) => {
  const scope = AC.h('code', {}, doing === 'read' ? 'allocation.read' : 'allocation.write');
  const credential = {
    401: ['Sign in to continue', ['This service needs a credential to ', doing, '. Sign in with an API key, or a bearer token with the ', scope, ' scope.'], 'Sign in'],
    403: ['Not allowed', ['Your credential may not ', doing, ': it needs the ', scope, ' scope. Sign in with another one.'], 'Sign in again'],
  }[error.status];
  if (credential) {
    const [title, text, action] = credential;
    return AC.h('section', { className: 'notice problem', role: 'alert' },
      AC.h('h2', {}, title), AC.h('p', {}, text), AC.h('button', { type: 'button', onclick: AC.signIn }, action));
  }
  return AC.h('section', { className: 'notice problem', role: 'alert' },
    AC.h('h2', {}, error.title || 'Something went wrong'),
    AC.h('p', {}, error.message),
    error.code ? AC.h('p', { className: 'muted' }, 'Code: ', AC.h('code', {}, error.code)) : null);
};

// A modal question. Resolves with the form's values on confirm, or null on cancel.
AC.ask = (title, body, confirmText) => new Promise((resolve) => {
  const dialog = document.getElementById('dialog');
  const form = AC.h('form', { method: 'dialog' },
    AC.h('h2', { id: 'dialog-title' }, title), body,
    AC.h('div', { className: 'actions' },
      AC.h('button', { type: 'submit', value: 'cancel', formnovalidate: true, className: 'secondary' }, 'Cancel'),
      AC.h('button', { type: 'submit', value: 'confirm' }, confirmText)));
  dialog.replaceChildren(form);
  dialog.onclose = () => resolve(dialog.returnValue === 'confirm' ? Object.fromEntries(new FormData(form)) : null);
  dialog.returnValue = '';
  dialog.showModal();
  (form.querySelector('input, select') || form.querySelector('button[value="confirm"]')).focus();
});

AC.signIn = async () => {
  const values = await AC.ask('Sign in', [
    AC.h('p', {}, 'The credential stays in this tab only, and is sent with each call to this service.'),
    AC.h('label', {}, 'Kind ', AC.h('select', { name: 'kind' },
      AC.h('option', { value: 'key' }, 'API key (X-Api-Key)'), AC.h('option', { value: 'token' }, 'Bearer token (JWT)'))),
    AC.h('label', {}, 'Secret ', AC.h('input', { name: 'secret', type: 'password', required: true, autocomplete: 'off' })),
  ], 'Sign in');
  if (values && values.secret) {
    AC.credential.save(values.kind, values.secret.trim());
    AC.showCredential();
    AC.render();
  }
};

AC.showCredential = () => {
  const held = AC.credential.read();
  const place = document.getElementById('credential');
  place.replaceChildren(held
    ? AC.h('span', {}, AC.h('span', { className: 'muted' }, held.kind === 'token' ? 'Bearer token' : 'API key', ' in use '),
      AC.h('button', { type: 'button', className: 'secondary', onclick: () => { AC.credential.clear(); AC.showCredential(); AC.render(); } }, 'Sign out'))
    : AC.h('button', { type: 'button', className: 'secondary', onclick: AC.signIn }, 'Sign in'));
};
})();
