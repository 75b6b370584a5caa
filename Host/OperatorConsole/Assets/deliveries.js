(() => {
'use strict';
// Stuck deliveries: events each subscriber set aside, and inbound messages parked, to replay, requeue or delete.
AC.pages = AC.pages || {};

AC.pages.deliveries = {
  title: 'Stuck deliveries',
  async render(view, visit) {
    const outcome = AC.h('div', { id: 'action-outcome' });
    const events = AC.h('div', { id: 'parked-events' });
    const messages = AC.h('div', { id: 'parked-messages' });
    view.replaceChildren(AC.h('h1', {}, 'Stuck deliveries'), outcome,
      AC.h('section', { 'aria-labelledby': 'events-title' }, AC.h('h2', { id: 'events-title' }, 'Events set aside by subscribers'), events),
      AC.h('section', { 'aria-labelledby': 'messages-title' }, AC.h('h2', { id: 'messages-title' }, 'Inbound messages parked'), messages));
    const refresh = async () => {
      const [parked, inbound] = await Promise.all([
        AC.api('GET', '/events/parked', undefined, visit.signal),
        AC.api('GET', '/inbound/parked', undefined, visit.signal).catch((error) => (error.code === 'no-inbound-channel' ? null : Promise.reject(error)))]);
      events.replaceChildren(parkedEvents(parked, outcome, refresh));
      messages.replaceChildren(inbound === null
        ? AC.notice('No inbound channel is configured (Redis is off), so no message can be parked.')
        : parkedMessages(inbound, outcome, refresh));
    };
    await refresh();
    visit.every(5000, refresh);
  },
};

function parkedEvents(parked, outcome, refresh) {
  if (parked.length === 0) return AC.notice('No event is set aside: every subscriber handled everything it read.');
  return AC.table('Oldest first; replaying delivers the event to its subscriber again', ['Subscriber', 'Event', 'Attempts', 'Reason', 'Set aside', ''],
    parked.map((p) => AC.h('tr', { 'data-position': p.event.position },
      AC.h('th', { scope: 'row' }, p.subscriber),
      AC.h('td', {}, AC.h('details', {}, AC.h('summary', {}, `${p.event.type} ${p.event.sku} (${p.event.position})`), AC.h('pre', {}, JSON.stringify(p.event.data, null, 2)))),
      AC.h('td', { className: 'num' }, p.attempts),
      AC.h('td', { className: 'reason' }, p.error),
      AC.h('td', {}, p.replayRequested ? 'replay pending' : AC.when(p.parkedAt)),
      AC.h('td', { className: 'row-actions' },
        action('Replay', `Replay event ${p.event.position} to ${p.subscriber}?`, 'It is delivered again within a poll interval; on success it leaves this list.',
          'POST', `/events/parked/${encodeURIComponent(p.subscriber)}/${p.event.position}/replay`, `Event ${p.event.position} will be delivered to ${p.subscriber} again.`, outcome, refresh),
        action('Delete', `Delete event ${p.event.position} for ${p.subscriber}?`, 'It is never delivered to this subscriber.',
          'DELETE', `/events/parked/${encodeURIComponent(p.subscriber)}/${p.event.position}`, `Event ${p.event.position} was deleted for ${p.subscriber}.`, outcome, refresh)))));
}

function parkedMessages(parked, outcome, refresh) {
  if (parked.length === 0) return AC.notice('No inbound message is parked.');
  return AC.table('Oldest first; requeueing adds the payload to its stream again as a new message', ['Message', 'Payload', 'Reason', 'Deliveries', 'Parked', ''],
    parked.map((m) => AC.h('tr', { 'data-id': m.id },
      AC.h('th', { scope: 'row' }, m.messageid, AC.h('br'), AC.h('span', { className: 'muted' }, m.channel)),
      AC.h('td', {}, AC.h('code', {}, m.payload)),
      AC.h('td', { className: 'reason' }, m.reason),
      AC.h('td', { className: 'num' }, m.deliveries),
      AC.h('td', {}, AC.when(m.parkedAt)),
      AC.h('td', { className: 'row-actions' },
        action('Requeue', `Requeue message ${m.messageid}?`, 'Its payload goes back on its stream as a new message, and it leaves this list.',
          'POST', `/inbound/parked/${m.id}/requeue`, `Message ${m.messageid} was requeued.`, outcome, refresh),
        action('Delete', `Delete message ${m.messageid}?`, 'It is never handled.',
          'DELETE', `/inbound/parked/${m.id}`, `Message ${m.messageid} was deleted.`, outcome, refresh)))));
}

function action(label, question, consequence, method, path, done, outcome, refresh) {
  return AC.h('button', { type: 'button', className: 'secondary', 'aria-label': question.replace(/\?$/, ''), onclick: async () => {
    if (!await AC.ask(question, AC.h('p', {}, consequence), label)) return;
    try {
      const answer = await AC.api(method, path);
      outcome.replaceChildren(AC.notice(answer && answer.messageid ? `${done} New id: ${answer.messageid}.` : done, 'ok'));
    } catch (error) {
      outcome.replaceChildren(AC.problem(error, 'act'));
    }
    await refresh().catch(() => {});
  } }, label);
}
})();
