// Find a customer: search as you type (name, email, company), filters by segment and health band, the customers
// this person opened lately, and where the words occur in timelines and notes (full-text search).
import {h, api, fmt, bandBadge, EXIT_STATES, highlight, errorNotice} from './dom.js';

const TYPING_PAUSE_MS = 150;
const PAGE = 20;

export async function renderFinder(ctx) {
  document.title = 'Find a customer · Customer 360';
  const params = new URLSearchParams(location.search);

  const input = h('input', {type: 'search', id: 'q', name: 'q', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Name, email or company', 'aria-describedby': 'q-help', 'aria-controls': 'results'});
  input.value = params.get('q') || '';
  const segment = h('select', {id: 'segment', name: 'segment'}, h('option', {value: ''}, 'All segments'));
  const band = h('select', {id: 'band', name: 'healthBand'},
    h('option', {value: ''}, 'Any health'),
    h('option', {value: 'healthy'}, 'Healthy'),
    h('option', {value: 'watch'}, 'Watch'),
    h('option', {value: 'at_risk'}, 'At risk'));
  band.value = params.get('healthBand') || '';
  const wantedSegment = params.get('segment') || '';
  if (wantedSegment) segment.append(h('option', {value: wantedSegment}, fmt.label(wantedSegment)));
  segment.value = wantedSegment;

  const status = h('p', {id: 'results-status', class: 'muted small', role: 'status', 'aria-live': 'polite'});
  const results = h('div', {id: 'results'});
  const mentions = h('div', {id: 'mentions'});
  const recent = h('div', {id: 'recent'}, h('p', {class: 'muted small'}, 'Loading…'));

  ctx.show(
    h('h1', {tabindex: -1}, 'Find a customer'),
    h('form', {class: 'finder-form', role: 'search', onsubmit: event => {
      event.preventDefault();
      const first = results.querySelector('a[data-link]');
      if (first) ctx.navigate(first.getAttribute('href'));
    }},
      h('div', {class: 'field'}, h('label', {for: 'q'}, 'Search customers'), input),
      h('div', {class: 'field'}, h('label', {for: 'segment'}, 'Segment'), segment),
      h('div', {class: 'field'}, h('label', {for: 'band'}, 'Health band'), band)),
    h('p', {id: 'q-help', class: 'muted small'},
      'Results update as you type. Enter opens the first customer; ↓ moves into the results; / comes back here.'),
    h('section', {'aria-labelledby': 'recent-h'}, h('h2', {id: 'recent-h'}, 'Recently opened'), recent),
    h('section', {'aria-labelledby': 'results-h'}, h('h2', {id: 'results-h'}, 'Customers'), status, results),
    mentions);

  input.addEventListener('keydown', event => {
    if (event.key === 'ArrowDown') {
      const first = results.querySelector('a[data-link]');
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  results.addEventListener('keydown', event => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...results.querySelectorAll('a[data-link]')];
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    if (event.key === 'ArrowUp' && at === 0) input.focus();
    else links[Math.min(links.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))].focus();
  });

  let sequence = 0;
  let timer = null;
  const search = () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(++sequence), TYPING_PAUSE_MS);
  };
  input.addEventListener('input', search);
  segment.addEventListener('change', search);
  band.addEventListener('change', search);

  async function run(mine, cursor, append) {
    const query = input.value.trim();
    const filters = new URLSearchParams();
    if (query) filters.set('q', query);
    if (segment.value) filters.set('segment', segment.value);
    if (band.value) filters.set('healthBand', band.value);
    if (!append && ctx.current()) history.replaceState(null, '', filters.toString() ? `/?${filters}` : '/');
    const listQuery = new URLSearchParams(filters);
    listQuery.set('limit', String(PAGE));
    if (cursor) listQuery.set('cursor', cursor);
    status.textContent = 'Searching…';
    const list = api(`/console/api/customers?${listQuery}`);
    const found = query.length >= 2 && !append ? api(`/console/api/search?${new URLSearchParams({q: query, limit: '10'})}`) : null;
    try {
      const page = await list;
      if (mine !== sequence || !ctx.current()) return;
      showCustomers(page, query, append, () => run(mine, page.nextCursor, true));
      results.dataset.query = query;
      results.dataset.filters = filters.toString();
    } catch (error) {
      if (mine === sequence) { status.textContent = ''; results.replaceChildren(errorNotice(error)); }
    }
    if (!append) {
      try {
        const hits = found ? await found : null;
        if (mine === sequence && ctx.current()) showMentions(hits);
      } catch (error) {
        if (mine === sequence) mentions.replaceChildren(errorNotice(error));
      }
    }
  }

  function showCustomers(page, query, append, more) {
    const rows = page.items.map(customer => h('tr', null,
      h('td', null, h('a', {href: `/customers/${encodeURIComponent(customer.id)}`, 'data-link': true}, customer.name || customer.id),
        h('div', {class: 'muted small'}, customer.id)),
      h('td', null, fmt.text(customer.company)),
      h('td', null, fmt.text(customer.email)),
      h('td', null, fmt.label(customer.status)),
      h('td', null, bandBadge(customer.healthBand), customer.healthScore !== null && customer.healthScore !== undefined
        ? ` ${customer.healthScore}` : ''),
      h('td', null, customer.exitState ? EXIT_STATES[customer.exitState] || fmt.label(customer.exitState) : '—'),
      h('td', null, fmt.money(customer.lifetimeValue))));
    let table = results.querySelector('table');
    if (!append || !table) {
      results.replaceChildren();
      if (!rows.length) {
        status.textContent = query ? `No customers match “${query}”.` : 'No customers match these filters.';
        return;
      }
      table = h('table', {class: 'results'},
        h('caption', {class: 'visually-hidden'}, 'Customers'),
        h('thead', null, h('tr', null, ['Customer', 'Company', 'Email', 'Status', 'Health', 'Exit state', 'Lifetime value']
          .map(title => h('th', {scope: 'col'}, title)))),
        h('tbody'));
      results.append(table);
    }
    table.tBodies[0].append(...rows);
    results.querySelector('.more')?.remove();
    const shown = table.tBodies[0].rows.length;
    status.textContent = `${shown} customer${shown === 1 ? '' : 's'}${page.nextCursor ? ' (more available)' : ''}`;
    if (page.nextCursor) {
      results.append(h('p', {class: 'more'}, h('button', {type: 'button', class: 'button secondary', onclick: more}, 'Show more')));
    }
  }

  function showMentions(hits) {
    const items = (hits?.items || []).filter(item => item.kind !== 'customer');
    if (!hits) { mentions.replaceChildren(); return; }
    mentions.replaceChildren(h('section', {'aria-labelledby': 'mentions-h'},
      h('h2', {id: 'mentions-h'}, 'Found in timelines and notes'),
      items.length ? h('ul', {class: 'mentions'}, items.map(item => h('li', null,
        h('a', {href: `/customers/${encodeURIComponent(item.customerId)}${item.kind === 'event' ? `?event=${encodeURIComponent(item.id)}` : ''}`,
          'data-link': true}, item.title || fmt.label(item.kind)),
        ` · ${fmt.label(item.kind)} of ${item.customerId} · ${fmt.ago(item.at)}`,
        h('div', {class: 'small'}, highlight(item.highlight)))))
        : h('p', {class: 'empty'}, 'No timeline entries or notes mention it.')));
  }

  // segments for the filter, and recent customers, alongside the first search
  api('/console/api/segments').then(answer => {
    for (const item of answer.segments || []) {
      if (item.segment_name === wantedSegment) continue;
      segment.append(h('option', {value: item.segment_name}, `${fmt.label(item.segment_name)} (${item.customer_count})`));
    }
  }, () => {});
  api('/console/api/recent').then(answer => {
    recent.replaceChildren(answer.items.length
      ? h('ul', {class: 'recent'}, answer.items.map(customer => h('li', null,
        h('a', {href: `/customers/${encodeURIComponent(customer.id)}`, 'data-link': true},
          h('strong', null, customer.name || customer.id), h('br'),
          h('span', {class: 'muted small'}, customer.company || customer.id), ' ', bandBadge(customer.health?.band)))))
      : h('p', {class: 'empty'}, 'Customers you open appear here.'));
  }, error => recent.replaceChildren(errorNotice(error)));
  run(++sequence);
  if (ctx.current()) input.focus();
}
