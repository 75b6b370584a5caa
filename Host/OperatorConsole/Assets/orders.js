(() => {
'use strict';
// Orders: look one up, see its lines and what happened to each of them, from the event log.
AC.pages = AC.pages || {};

AC.pages.orders = {
  title: 'Orders',
  async render(view, visit) {
    const orderId = visit.segments[0] || '';
    const form = AC.h('form', { role: 'search', className: 'inline', onsubmit: (event) => {
      event.preventDefault();
      const value = new FormData(event.target).get('orderid').trim();
      if (value) AC.go(`orders/${encodeURIComponent(value)}`);
    } }, AC.h('label', {}, 'Order id ', AC.h('input', { name: 'orderid', value: orderId, required: true, autocomplete: 'off', spellcheck: 'false' })),
    AC.h('button', { type: 'submit' }, 'Look up'));
    view.replaceChildren(AC.h('h1', {}, 'Orders'), form);
    if (!orderId) {
      view.append(AC.notice('Enter an order id to see its lines, their batches and their history.'));
      return;
    }
    let order;
    try {
      order = await AC.api('GET', `/orders/${encodeURIComponent(orderId)}?limit=1000`, undefined, visit.signal);
    } catch (error) {
      if (error.status !== 404) throw error;
      view.append(AC.notice(`No order “${orderId}”: it has no allocated line and no event in the log.`, 'warn'));
      return;
    }
    view.append(AC.h('h2', {}, 'Lines now'), order.lines.length
      ? AC.table(`The lines of ${order.orderid} and the batches that hold them`, ['SKU', 'Quantity', 'Batch', 'ETA'],
        order.lines.map((l) => AC.h('tr', {},
          AC.h('th', { scope: 'row' }, AC.link(`stock/${encodeURIComponent(l.sku)}`, l.sku)),
          AC.h('td', { className: 'num' }, AC.count(l.qty)), AC.h('td', {}, l.batchref),
          AC.h('td', {}, l.eta || AC.h('span', { className: 'muted' }, 'warehouse')))))
      : AC.notice('No line of this order is allocated now.'),
    AC.h('h2', {}, 'History'), history(order.events));
  },
};

// Reads the log the way people say it: a taken-back line allocated again moved; one followed by a loss lost its stock.
AC.orderStory = (events) => {
  const story = [];
  const told = new Set();
  events.forEach((e, i) => {
    if (told.has(i)) return;
    const d = e.data;
    const j = events.findIndex((n, k) => k > i && !told.has(k) && n.sku === e.sku);
    const next = j > 0 ? events[j] : null;
    if (e.type === 'Deallocated' && d.takenback && next && next.type === 'Allocated') {
      told.add(j);
      story.push({ event: next, kind: 'moved', text: `moved from ${d.batchref} to ${next.data.batchref}` });
    } else if (e.type === 'Deallocated' && d.takenback && next && next.type === 'AllocationLost') {
      told.add(j);
      story.push({ event: next, kind: 'lost', text: `lost its stock in ${d.batchref}` });
    } else if (e.type === 'Deallocated') {
      story.push({ event: e, kind: 'deallocated', text: `deallocated from ${d.batchref}` });
    } else if (e.type === 'AllocationLost') {
      story.push({ event: e, kind: 'lost', text: `lost its stock in ${d.batchref}` });
    } else if (e.type === 'Allocated') {
      story.push({ event: e, kind: 'allocated', text: `allocated to ${d.batchref}` });
    }
  });
  return story;
};

function history(events) {
  if (events.length === 0) return AC.notice('The event log holds nothing about this order (retention may have trimmed it).');
  return AC.h('ol', { className: 'history' }, AC.orderStory(events).map(({ event, kind, text }) => AC.h('li', { className: kind },
    AC.h('span', { className: `tag ${kind}` }, kind),
    ' ', AC.h('strong', {}, event.sku), ` × ${AC.count(event.data.qty)} ${text} `,
    AC.h('time', { datetime: event.occurredAt, className: 'muted' }, AC.when(event.occurredAt)),
    AC.h('details', {}, AC.h('summary', {}, `Event ${event.position}`), AC.h('pre', {}, JSON.stringify(event, null, 2))))));
}
})();
