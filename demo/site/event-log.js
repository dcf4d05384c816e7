// The demo's event log: every Saleday event bubbles out of its widget's shadow DOM (the events are
// `composed`), so one listener per type on `document` hears all of them. Entries are built with
// DOM methods only: the page enforces Trusted Types, so `innerHTML = string` would throw.
(() => {
  const list = document.querySelector('[data-event-log]');
  if (!list) return;
  const clear = document.querySelector('[data-event-log-clear]');
  const LIMIT = 60;
  const TYPES = {
    'saleday-started': 'started',
    'saleday-ended': 'ended',
    'saleday-before-order': 'order',
    'saleday-order': 'order',
    'saleday-milestone': 'milestone',
    'saleday-error': 'error',
  };
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
  const seconds = new Intl.NumberFormat(undefined, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'long',
  });

  const empty = () => {
    const item = document.createElement('li');
    item.className = 'empty';
    item.textContent =
      'Nothing yet. Events appear here as the sale opens, milestones are reached and orders are placed.';
    return item;
  };

  /** A short, readable summary of an event's detail. */
  function describe(event) {
    const detail = event.detail ?? {};
    const target = event.target;
    const own = ['deal', 'sale', 'metric']
      .map((name) => target?.getAttribute?.(name) && `${name}=${target.getAttribute(name)}`)
      .filter(Boolean);
    const facts = [];
    const pick = (value, label) => {
      if (value === undefined || value === null || value === '') return;
      facts.push(label ? `${label} ${value}` : String(value));
    };
    pick(detail.windowName || detail.windowId, 'window');
    pick(detail.order?.orderId ?? detail.orderId, 'order');
    pick(detail.order?.status ?? detail.status);
    pick(detail.dealId, 'deal');
    pick(detail.quantity, '×');
    pick(detail.metric);
    const label = detail.label ?? detail.formatted ?? detail.value ?? detail.milestone;
    // A milestone says how fast: "$100K in 28 seconds" (since the sale's window opened).
    pick(
      event.type === 'saleday-milestone' && detail.sinceOpen >= 0
        ? `${label} in ${seconds.format(Math.round(detail.sinceOpen / 1000))}`
        : label,
    );
    pick(detail.code);
    pick(detail.message);
    if (!facts.length && typeof detail !== 'object') facts.push(String(detail));
    return [`<${target?.localName ?? 'page'}${own.length ? ` ${own.join(' ')}` : ''}>`, ...facts]
      .join(' · ')
      .slice(0, 240);
  }

  function add(event) {
    list.querySelector('.empty')?.remove();
    const item = document.createElement('li');
    const when = document.createElement('time');
    const now = new Date();
    when.dateTime = now.toISOString();
    when.textContent = time.format(now);
    const type = document.createElement('span');
    type.className = 'log-type';
    type.dataset.kind = TYPES[event.type];
    type.textContent = event.type;
    const detail = document.createElement('span');
    detail.className = 'log-detail';
    detail.textContent = describe(event);
    item.append(when, type, detail);
    list.prepend(item);
    while (list.children.length > LIMIT) list.lastElementChild.remove();
  }

  for (const type of Object.keys(TYPES)) document.addEventListener(type, add);
  clear?.addEventListener('click', () => list.replaceChildren(empty()));
  list.replaceChildren(empty());
})();
