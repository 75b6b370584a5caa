(() => {
'use strict';
// Live events: a tail of the feed, filtered by type and SKU, that pauses and resumes without losing its place.
AC.pages = AC.pages || {};
const types = ['Allocated', 'Deallocated', 'AllocationLost', 'BatchAdded', 'BatchQuantityChanged', 'OutOfStock'];
const kept = 500;

AC.pages.events = {
  title: 'Live events',
  async render(view, visit) {
    const newest = await AC.api('GET', '/events/newest', undefined, visit.signal);
    const type = AC.h('select', { name: 'type' }, AC.h('option', { value: '' }, 'All types'), types.map((t) => AC.h('option', { value: t }, t)));
    const sku = AC.h('input', { name: 'sku', autocomplete: 'off', spellcheck: 'false' });
    const toggle = AC.h('button', { type: 'button', 'aria-pressed': 'false' }, 'Pause');
    const state = AC.h('div', { className: 'muted', role: 'status', id: 'tail-state' }, 'Connecting…');
    const rows = AC.h('tbody', {});
    const payload = AC.h('div', { className: 'payload', id: 'payload' }, AC.h('p', { className: 'muted' }, 'Select an event to see its payload.'));
    const filters = AC.h('form', { className: 'inline', onsubmit: (event) => event.preventDefault() },
      AC.h('label', {}, 'Type ', type), AC.h('label', {}, 'SKU starts with ', sku), toggle);
    view.replaceChildren(AC.h('h1', {}, 'Live events'), filters, state,
      AC.h('div', { className: 'split' },
        AC.h('table', { className: 'events' }, AC.h('caption', {}, 'Newest first'),
          AC.h('thead', {}, AC.h('tr', {}, ['Position', 'Time', 'Type', 'SKU', ''].map((h) => AC.h('th', { scope: 'col' }, h)))), rows),
        payload));

    const matches = (event) => (!type.value || event.type === type.value) && event.sku.startsWith(sku.value.trim());
    const filter = () => { for (const row of rows.children) row.hidden = !matches(row.event); };
    type.addEventListener('change', filter);
    sku.addEventListener('input', filter);

    const show = (event) => {
      const row = AC.h('tr', { 'data-position': event.position },
        AC.h('td', { className: 'num' }, event.position), AC.h('td', {}, AC.clock(event.occurredAt)),
        AC.h('td', {}, AC.h('span', { className: `tag ${event.type}` }, event.type)), AC.h('td', {}, event.sku),
        AC.h('td', {}, AC.h('button', { type: 'button', className: 'secondary', 'aria-label': `Show event ${event.position}`,
          onclick: () => payload.replaceChildren(AC.h('h2', {}, `Event ${event.position}`), AC.h('pre', {}, JSON.stringify(event, null, 2))) }, 'Payload')));
      row.event = event;
      row.hidden = !matches(event);
      rows.prepend(row);
      while (rows.children.length > kept) rows.lastElementChild.remove();
    };

    let following = null;
    // Positions are not consecutive (they may follow the clock), so the tail starts at the newest event, not some way back.
    // `place` is the last event shown: pausing keeps it, resuming follows from it.
    let place = newest.position;
    const start = () => {
      const controller = new AbortController();
      visit.signal.addEventListener('abort', () => controller.abort(), { once: true });
      following = controller;
      AC.follow(place, (event) => { place = event.position; show(event); }, (now, error) => {
        state.textContent = now === 'live' ? `Live after event ${place}: new events appear at the top.`
          : now === 'busy' ? 'The feed is busy; trying again shortly.'
          : now === 'failed' ? '' : 'Connection lost; reconnecting…';
        if (now === 'failed') state.replaceChildren(AC.problem(error, 'read'));
      }, controller.signal);
    };
    toggle.addEventListener('click', () => {
      if (following) {
        following.abort();
        following = null;
        toggle.textContent = 'Resume';
        toggle.setAttribute('aria-pressed', 'true');
        state.textContent = `Paused after event ${place}: resuming shows everything since.`;
      } else {
        toggle.textContent = 'Pause';
        toggle.setAttribute('aria-pressed', 'false');
        start();
      }
    });
    start();
  },
};
})();
