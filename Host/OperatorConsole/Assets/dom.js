(() => {
'use strict';
// Small DOM helpers. Text always goes in as text nodes, never as HTML, so no payload can inject markup.
const AC = (window.AC = window.AC || {});

AC.h = (tag, attributes, ...children) => build(document.createElement(tag), attributes, children);
AC.svg = (tag, attributes, ...children) => build(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

AC.count = (n) => new Intl.NumberFormat('en').format(n);
AC.when = (iso) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
AC.clock = (iso) => new Date(iso).toLocaleTimeString('en-GB');

// A bar of allocated against purchased units; its width is set through the CSSOM, which the policy allows.
AC.bar = (allocated, purchased) => {
  const share = purchased > 0 ? Math.min(1, allocated / purchased) : 1;
  const fill = AC.h('span', { className: 'fill' + (share >= 1 ? ' full' : '') });
  fill.style.width = `${(share * 100).toFixed(1)}%`;
  return AC.h('span', { className: 'bar', role: 'img', 'aria-label': `${AC.count(allocated)} of ${AC.count(purchased)} allocated` }, fill);
};

AC.table = (caption, headings, rows) => AC.h('table', {},
  AC.h('caption', {}, caption),
  AC.h('thead', {}, AC.h('tr', {}, headings.map((heading) => AC.h('th', { scope: 'col' }, heading)))),
  AC.h('tbody', {}, rows));

AC.link = (path, text, attributes) => AC.h('a', { href: AC.pageUrl(path), ...attributes }, text);
AC.pageUrl = (path) => `${AC.base}/console/${path}`;
AC.notice = (text, kind) => AC.h('p', { className: `notice ${kind || ''}`, role: kind === 'problem' ? 'alert' : 'status' }, text);
})();
