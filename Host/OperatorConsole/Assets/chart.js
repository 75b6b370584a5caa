(() => {
'use strict';
// The activity chart: allocations per second, and out-of-stock events, in 10-second columns over a window.
AC.activityChart = (activity, now) => {
  const column = 10;
  const since = Date.parse(activity.since);
  const columns = Math.max(1, Math.round((now - since) / 1000 / column));
  const allocated = new Array(columns).fill(0);
  const outOfStock = new Array(columns).fill(0);
  for (const second of activity.seconds) {
    const index = Math.min(columns - 1, Math.floor((Date.parse(second.second) - since) / 1000 / column));
    if (index < 0) continue;
    allocated[index] += second.allocated;
    outOfStock[index] += second.outOfStock;
  }
  const rates = allocated.map((n) => n / column);
  const peak = Math.max(1, ...rates);
  const total = allocated.reduce((a, b) => a + b, 0);
  const refusals = outOfStock.reduce((a, b) => a + b, 0);
  const width = 900;
  const height = 160;
  const step = width / columns;
  const svg = AC.svg('svg', {
    viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', className: 'chart', role: 'img',
    'aria-label': `${AC.count(total)} allocations and ${AC.count(refusals)} out-of-stock events; peak ${peak.toFixed(1)} allocations a second`,
  });
  rates.forEach((rate, i) => {
    if (rate > 0) {
      const barHeight = (rate / peak) * (height - 12);
      svg.append(AC.svg('rect', { className: 'allocated', x: i * step + 1, y: height - barHeight, width: Math.max(1, step - 2), height: barHeight },
        AC.svg('title', {}, `${rate.toFixed(1)} allocations a second`)));
    }
    if (outOfStock[i] > 0) {
      svg.append(AC.svg('rect', { className: 'out-of-stock', x: i * step + 1, y: 0, width: Math.max(1, step - 2), height: 8 },
        AC.svg('title', {}, `${outOfStock[i]} out of stock`)));
    }
  });
  const minutes = Math.round(columns * column / 60);
  return AC.h('figure', { className: 'activity' },
    AC.h('figcaption', {}, AC.h('strong', {}, 'Allocations a second'), ` over the last ${minutes} minutes, `,
      AC.h('span', { className: 'key-out' }, 'out-of-stock events'), ' along the top.'),
    AC.h('div', { className: 'plot' },
      AC.h('span', { className: 'peak' }, `${peak.toFixed(1)}/s`), svg),
    AC.h('div', { className: 'axis' }, AC.h('span', {}, `${minutes} min ago`), AC.h('span', {}, 'now')),
    AC.h('p', { className: 'muted', id: 'activity-summary' },
      `${AC.count(total)} allocations, ${AC.count(refusals)} out-of-stock events.`));
};
})();
