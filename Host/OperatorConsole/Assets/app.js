(() => {
'use strict';
// The router: each address under /console is a view; links within the console change the view without reloading.
AC.pages = AC.pages || {};
let leaving = null;
let visits = 0;

function place() {
  const root = `${AC.base}/console`;
  const rest = location.pathname.startsWith(root) ? location.pathname.slice(root.length) : '';
  const segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: segments[0] || 'overview', segments: segments.slice(1), query: new URLSearchParams(location.search) };
}

AC.go = (path, replace) => {
  const url = AC.pageUrl(path);
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  AC.render();
};

AC.render = async () => {
  if (leaving) leaving.abort();
  const visit = new AbortController();
  leaving = visit;
  const { name, segments, query } = place();
  const page = AC.pages[name];
  const view = document.getElementById('view');
  for (const link of document.querySelectorAll('nav a[data-page]')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  document.title = `${page ? page.title : 'Not found'} · Allocation console`;
  view.replaceChildren(AC.h('p', { className: 'muted', role: 'status' }, 'Loading…'));
  if (!page) {
    view.replaceChildren(AC.h('h1', {}, 'Not found'), AC.h('p', {}, 'The console has no page here. ', AC.link('', 'Go to the overview')));
    return;
  }
  const started = performance.now();
  try {
    // A view keeps running (polls, streams) until the next one starts; `signal` tells it to stop.
    await page.render(view, { segments, query, signal: visit.signal, every: (ms, work) => every(visit.signal, ms, work) });
  } catch (error) {
    if (error.name !== 'AbortError' && !visit.signal.aborted) view.replaceChildren(AC.h('h1', {}, page.title), AC.problem(error, 'read'));
  }
  if (!visit.signal.aborted) {
    // For tests and the curious: how long the view took, and when its first screenful was ready since navigation began.
    document.body.dataset.rendered = `${name}:${Math.round(performance.now() - started)}`;
    document.body.dataset.renderedAt = String(Math.round(performance.now()));
    // After a change of view, focus moves to it (as a page load would); on the first load it stays at the top, before the skip link.
    if (visits++ > 0) view.focus({ preventScroll: true });
  }
};

function every(signal, ms, work) {
  const timer = setInterval(() => { if (!document.hidden) work().catch(() => {}); }, ms);
  signal.addEventListener('abort', () => clearInterval(timer));
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(`${AC.base}/console`) || url.pathname.includes('/console/assets/')) return;
  event.preventDefault();
  history.pushState(null, '', url);
  AC.render();
});

window.addEventListener('popstate', AC.render);
AC.showCredential();
AC.render();
})();
