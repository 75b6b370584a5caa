(() => {
'use strict';
// Stock: products by SKU prefix, a page at a time; a product's batches in allocation order, its lines, and quantity changes.
AC.pages = AC.pages || {};
const pageSize = 25;

AC.pages.stock = {
  title: 'Stock',
  render(view, visit) {
    return visit.segments.length > 0 ? product(view, visit.segments[0], visit) : list(view, visit);
  },
};

async function list(view, visit) {
  const prefix = visit.query.get('prefix') || '';
  const after = visit.query.get('after') || '';
  const search = AC.h('form', { role: 'search', className: 'inline', onsubmit: (event) => {
    event.preventDefault();
    const value = new FormData(event.target).get('prefix').trim();
    AC.go(value ? `stock?prefix=${encodeURIComponent(value)}` : 'stock');
  } }, AC.h('label', {}, 'SKU starts with ', AC.h('input', { name: 'prefix', value: prefix, autocomplete: 'off', spellcheck: 'false' })),
  AC.h('button', { type: 'submit' }, 'Search'));
  const query = new URLSearchParams({ limit: String(pageSize) });
  if (prefix) query.set('prefix', prefix);
  if (after) query.set('after', after);
  const page = await AC.api('GET', `/products?${query}`, undefined, visit.signal);
  const rows = page.items.map((p) => AC.h('tr', {},
    AC.h('th', { scope: 'row' }, AC.link(`stock/${encodeURIComponent(p.sku)}`, p.sku)),
    AC.h('td', { className: 'num' }, AC.count(p.purchased)),
    AC.h('td', { className: 'num' }, AC.count(p.allocated)),
    AC.h('td', { className: 'num' }, AC.count(p.available)),
    AC.h('td', {}, AC.bar(p.allocated, p.purchased))));
  const more = new URLSearchParams();
  if (prefix) more.set('prefix', prefix);
  if (page.next) more.set('after', page.next);
  view.replaceChildren(AC.h('h1', {}, 'Stock'), search,
    rows.length ? AC.table(prefix ? `Products whose SKU starts with “${prefix}”` : 'Products in SKU order',
      ['SKU', 'Purchased', 'Allocated', 'Available', 'Allocated share'], rows)
      : AC.notice(prefix ? `No SKU starts with “${prefix}”.` : 'No product yet: add a batch through the API.'),
    AC.h('nav', { className: 'pager', 'aria-label': 'Pages' },
      after ? AC.link(`stock${prefix ? `?prefix=${encodeURIComponent(prefix)}` : ''}`, 'First page') : null,
      page.next ? AC.link(`stock?${more}`, 'Next page', { rel: 'next' }) : null));
}

// The allocation rule's order: warehouse stock first, then the earliest ETA; ties keep the order batches were added.
AC.allocationOrder = (batches) => batches.map((b, i) => ({ ...b, added: i }))
  .sort((a, b) => (a.eta === null) !== (b.eta === null) ? (a.eta === null ? -1 : 1) : (a.eta || '').localeCompare(b.eta || '') || a.added - b.added);

async function product(view, sku, visit) {
  const found = await AC.api('GET', `/products/${encodeURIComponent(sku)}`, undefined, visit.signal);
  const outcome = AC.h('div', { id: 'change-outcome' });
  const lines = AC.h('div', { id: 'lines' });
  const batches = AC.allocationOrder(found.batches).map((b) => AC.h('tr', {},
    AC.h('th', { scope: 'row' }, b.ref),
    AC.h('td', {}, b.eta || AC.h('span', { className: 'muted' }, 'warehouse')),
    AC.h('td', { className: 'num' }, AC.count(b.qty)),
    AC.h('td', { className: 'num' }, AC.count(b.allocated)),
    AC.h('td', { className: 'num' }, AC.count(b.available)),
    AC.h('td', {}, AC.bar(b.allocated, b.qty)),
    AC.h('td', {}, AC.h('button', { type: 'button', className: 'secondary', 'aria-label': `Change the quantity of ${b.ref}`,
      onclick: () => changeQuantity(b, outcome, view, sku, visit) }, 'Change quantity'))));
  view.replaceChildren(
    AC.h('p', { className: 'crumbs' }, AC.link('stock', 'Stock'), ' / ', sku),
    AC.h('h1', {}, sku, ' ', AC.h('span', { className: 'muted' }, `version ${found.version}`)),
    outcome,
    AC.table('Batches in the order lines are allocated to them: warehouse first, then by ETA',
      ['Batch', 'ETA', 'Purchased', 'Allocated', 'Available', 'Allocated share', ''], batches),
    AC.h('section', { 'aria-labelledby': 'lines-title' }, AC.h('h2', { id: 'lines-title' }, 'Allocated lines'), lines));
  await moreLines(lines, sku, 0, visit);
}

async function moreLines(place, sku, after, visit) {
  const page = await AC.api('GET', `/products/${encodeURIComponent(sku)}/allocations?limit=${pageSize}&after=${after}`, undefined, visit.signal);
  let body = place.querySelector('tbody');
  if (!body) {
    if (page.items.length === 0) { place.replaceChildren(AC.notice('No line is allocated to this product.')); return; }
    place.replaceChildren(AC.table('Lines in the order they were allocated', ['Order', 'Quantity', 'Batch'], []));
    body = place.querySelector('tbody');
  }
  body.append(...page.items.map((l) => AC.h('tr', {},
    AC.h('th', { scope: 'row' }, AC.link(`orders/${encodeURIComponent(l.orderid)}`, l.orderid)),
    AC.h('td', { className: 'num' }, AC.count(l.qty)), AC.h('td', {}, l.batchref))));
  place.querySelector('.more')?.remove();
  if (page.next) {
    place.append(AC.h('button', { type: 'button', className: 'more secondary', onclick: () => moreLines(place, sku, page.next, visit) }, 'More lines'));
  }
}

async function changeQuantity(batch, outcome, view, sku, visit) {
  const values = await AC.ask(`Change the quantity of ${batch.ref}`, [
    AC.h('p', {}, `${batch.ref} holds ${AC.count(batch.qty)} units, ${AC.count(batch.allocated)} of them allocated. `,
      'Lines that no longer fit move to other batches, or lose their stock when none has room.'),
    AC.h('label', {}, 'New quantity ', AC.h('input', { name: 'qty', type: 'number', min: 0, step: 1, required: true, value: batch.qty, inputmode: 'numeric' })),
  ], 'Change quantity');
  if (!values) return;
  try {
    const change = await AC.api('PATCH', `/batches/${encodeURIComponent(batch.ref)}`, { qty: Number(values.qty) });
    await product(view, sku, visit);
    document.getElementById('change-outcome').replaceChildren(changeOutcome(change));
  } catch (error) {
    outcome.replaceChildren(AC.problem(error, 'change stock'));
  }
}

function changeOutcome(change) {
  const moved = change.reallocated.map((l) => AC.h('li', {}, AC.link(`orders/${encodeURIComponent(l.orderid)}`, l.orderid),
    ` (${AC.count(l.qty)}) moved from ${l.from} to ${l.to}`));
  const lost = change.unallocated.map((l) => AC.h('li', {}, AC.link(`orders/${encodeURIComponent(l.orderid)}`, l.orderid),
    ` (${AC.count(l.qty)}) lost its stock`));
  return AC.h('section', { className: 'notice ok', role: 'status' },
    AC.h('h2', {}, `${change.batch.ref} now holds ${AC.count(change.batch.qty)}`),
    moved.length || lost.length ? null : AC.h('p', {}, 'Every line still fits: none moved.'),
    moved.length ? [AC.h('h3', {}, 'Moved'), AC.h('ul', { className: 'moved' }, moved)] : null,
    lost.length ? [AC.h('h3', {}, 'Lost their stock'), AC.h('ul', { className: 'lost' }, lost)] : null);
}
})();
