(() => {
'use strict';
// Overview: store-wide counts, live activity, and how far behind each subscriber is.
AC.pages = AC.pages || {};

AC.pages.overview = {
  title: 'Overview',
  async render(view, visit) {
    const lags = new Map();
    const counts = AC.h('div', { className: 'cards' });
    const chart = AC.h('div', { id: 'activity' });
    const subscribers = AC.h('div', { id: 'subscribers' });
    view.replaceChildren(AC.h('h1', {}, 'Overview'), counts,
      AC.h('section', { 'aria-labelledby': 'activity-title' }, AC.h('h2', { id: 'activity-title' }, 'Activity'), chart),
      AC.h('section', { 'aria-labelledby': 'subscribers-title' }, AC.h('h2', { id: 'subscribers-title' }, 'Subscribers'), subscribers));
    const refresh = async () => {
      const [stock, activity, subscriptions] = await Promise.all([
        AC.api('GET', '/stock', undefined, visit.signal),
        AC.api('GET', '/events/activity?minutes=15', undefined, visit.signal),
        AC.api('GET', '/events/subscriptions', undefined, visit.signal)]);
      counts.replaceChildren(
        card('SKUs', stock.skus, AC.link('stock', 'Browse stock')),
        card('Batches', stock.batches),
        card('Allocated lines', stock.allocatedLines),
        card('Out of stock now', stock.outOfStockSkus, null, stock.outOfStockSkus > 0 ? 'warn' : ''));
      chart.replaceChildren(AC.activityChart(activity, Date.now()));
      subscribers.replaceChildren(subscriberTable(subscriptions, lags));
    };
    await refresh();
    visit.every(5000, refresh);
  },
};

function card(label, value, action, kind) {
  return AC.h('div', { className: `card ${kind || ''}` },
    AC.h('span', { className: 'label' }, label), AC.h('span', { className: 'value', 'data-count': label }, AC.count(value)), action);
}

function subscriberTable(subscriptions, lags) {
  if (subscriptions.length === 0) return AC.notice('No subscriber has read the event log yet.');
  const rows = subscriptions.map((s) => {
    const before = lags.get(s.subscriber);
    lags.set(s.subscriber, s.lag);
    const growing = before !== undefined && s.lag > before;
    const alarms = [growing ? 'lag growing' : null, s.parked > 0 ? AC.link('deliveries', `${s.parked} set aside`) : null,
      s.trimmedThrough !== null ? `missed events up to ${s.trimmedThrough}` : null].filter(Boolean);
    return AC.h('tr', { className: alarms.length ? 'alert' : '' },
      AC.h('th', { scope: 'row' }, s.subscriber),
      AC.h('td', { className: 'num' }, AC.count(s.position)),
      AC.h('td', { className: 'num' }, AC.count(s.lag)),
      AC.h('td', { className: 'num' }, AC.count(s.parked)),
      AC.h('td', {}, s.owner || AC.h('span', { className: 'muted' }, 'none')),
      AC.h('td', {}, alarms.length ? alarms.flatMap((alarm, i) => (i ? [', ', alarm] : [alarm])) : 'keeping up'));
  });
  return AC.table('Each subscriber, the last event it handled, and how many are waiting', ['Subscriber', 'Position', 'Lag', 'Set aside', 'Held by', 'State'], rows);
}
})();
