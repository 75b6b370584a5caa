(() => {
'use strict';
// Follows GET /events/stream with fetch (an EventSource cannot send a credential), from a position on,
// and calls back with each event until the signal aborts; the caller keeps the last position to follow again from.
AC.follow = (after, onEvent, onState, signal) => {
  let last = after;
  const run = async () => {
    while (!signal.aborted) {
      try {
        const response = await fetch(`${AC.base}/events/stream?after=${last}`, {
          headers: { Accept: 'text/event-stream', ...AC.credential.headers() }, signal,
        });
        if (!response.ok) {
          const problem = await response.json().catch(() => ({}));
          const error = new AC.ApiError(response.status, problem);
          if (response.status !== 503) { onState('failed', error); return; }
          onState('busy', error);
          await pause(5000, signal);
          continue;
        }
        onState('live');
        await read(response.body.getReader(), (event) => { last = event.position; onEvent(event); });
      } catch (error) {
        if (signal.aborted) return;
        onState('reconnecting', error);
      }
      await pause(1000, signal);
    }
  };
  run();
};

async function read(reader, onEvent) {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
      if (data) onEvent(JSON.parse(data));
    }
  }
}

function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
})();
