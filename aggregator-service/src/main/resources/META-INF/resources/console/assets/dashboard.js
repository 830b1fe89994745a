// The dashboard: the organization summary and dashboard metrics of customer-analytics.md, with charts of customers
// by segment, interactions over time and the health distribution.
import {h, api, data, fmt, errorNotice} from './dom.js';
import {hbarChart, lineChart, columnChart} from './charts.js';

const PERIODS = [7, 30, 90, 365];

export async function renderDashboard(ctx) {
  document.title = 'Dashboard · Customer 360';
  const days = PERIODS.includes(Number(new URLSearchParams(location.search).get('days')))
    ? Number(new URLSearchParams(location.search).get('days')) : 30;
  const answer = await api(`/console/api/dashboard?days=${days}`);
  const summary = data(answer.summary);
  const metrics = data(answer.metrics);

  const period = h('select', {id: 'period'}, PERIODS.map(d => h('option', {value: d, selected: d === days}, `Last ${d} days`)));
  period.addEventListener('change', () => ctx.navigate(`/dashboard?days=${period.value}`, {replace: true}));

  const shown = ctx.show(
    h('div', {class: 'page-head'}, h('h1', {tabindex: -1}, 'Dashboard'),
      h('div', {class: 'field'}, h('label', {for: 'period'}, 'Period'), period)),
    h('p', {class: 'page-sub'}, metrics ? `Calculated ${fmt.dateTime(metrics.calculated_at)}` : ''),
    kpis(answer, summary, metrics),
    h('div', {class: 'grid'},
      segmentsPanel(answer.summary, summary),
      interactionsPanel(answer.summary, summary, days),
      healthPanel(answer.healthBands, summary || metrics),
      activityPanel(answer.metrics, metrics)));
  if (shown) {
    performance.mark('c360:dashboard-rendered');
    document.body.dataset.rendered = 'dashboard';
  }
}

function unavailable(part) {
  return part && part.status !== 'ok'
    ? h('p', {class: 'section-note unavailable'}, `Not available: ${part.reason || 'profile-service did not answer'}.`) : null;
}

function kpis(answer, summary, metrics) {
  const tile = (label, value) => h('div', {class: 'kpi'}, h('div', {class: 'value'}, fmt.number(value)), h('div', {class: 'label'}, label));
  return h('section', {'aria-label': 'Key figures', class: 'kpis'},
    tile('Customers', metrics?.total_customers ?? summary?.total_customers),
    tile('Interactions today', metrics?.total_interactions_today),
    tile('Interactions, 7 days', metrics?.total_interactions_week),
    tile('Interactions, 30 days', metrics?.total_interactions_month),
    tile('Interactions, all time', summary?.total_interactions));
}

function panel(id, title, span, ...body) {
  return h('section', {class: `panel span-${span}`, id, 'aria-labelledby': `${id}-h`, 'data-section': id},
    h('header', null, h('h2', {id: `${id}-h`}, title)), body);
}

function segmentsPanel(part, summary) {
  const items = Object.entries(summary?.customers_by_segment || {})
    .map(([label, value]) => ({label: fmt.label(label), value}))
    .sort((a, b) => b.value - a.value).slice(0, 12);
  return panel('chart-segments', 'Customers by segment', 6, unavailable(part),
    summary ? h('figure', null, hbarChart(items, 'Customers by segment'),
      h('figcaption', null, items.length ? 'Active segment memberships; a customer may be in several.' : 'No segment has members yet.')) : null);
}

function interactionsPanel(part, summary, days) {
  const points = (summary?.interaction_trends || []).map(p => ({date: p.date, value: p.interactions}));
  return panel('chart-interactions', 'Interactions over time', 6, unavailable(part),
    summary ? h('figure', null, lineChart(points, `Interactions per day, last ${days} days`),
      h('figcaption', null, `Timeline events per UTC day, last ${days} days.`)) : null);
}

function healthPanel(bands, totals) {
  if (!bands || bands.status !== 'ok') {
    return panel('chart-health', 'Health distribution', 6, unavailable(bands || {status: 'unavailable'}));
  }
  const counted = bands.bands.reduce((sum, b) => sum + b.customers, 0);
  const anyMore = bands.bands.some(b => b.more);
  const total = totals?.total_customers;
  const items = bands.bands.map(b => ({label: {healthy: 'Healthy', watch: 'Watch', at_risk: 'At risk'}[b.band] || b.band,
    value: b.customers, cls: `col-${b.band}`, text: `${b.customers}${b.more ? '+' : ''}`}));
  if (!anyMore && total !== undefined && total !== null && total >= counted) {
    items.push({label: 'Not scored yet', value: total - counted, cls: 'col-none'});
  }
  return panel('chart-health', 'Health distribution', 6,
    h('figure', null, columnChart(items, 'Customers per health band'),
      h('figcaption', null, 'Health bands as the 360 view last published them (healthy ≥ 75, watch ≥ 60, at risk below).')));
}

function activityPanel(part, metrics) {
  const recent = metrics?.recent_activity || [];
  const top = metrics?.top_segments || [];
  return panel('activity', 'Recent activity', 6, unavailable(part),
    recent.length ? h('ol', {class: 'items'}, recent.map(item => h('li', null,
      h('div', {class: 'item-head'},
        h('a', {href: `/customers/${encodeURIComponent(item.customer_id)}?event=${encodeURIComponent(item.event_id)}`, 'data-link': true},
          item.title || fmt.label(item.interaction_type)),
        h('span', {class: 'muted small'}, fmt.ago(item.interaction_date))),
      h('div', {class: 'muted small'}, `${fmt.label(item.interaction_type)} · ${item.customer_id}${item.status ? ` · ${fmt.label(item.status)}` : ''}`))))
      : h('p', {class: 'empty'}, 'No activity yet.'),
    top.length ? h('p', {class: 'small'}, 'Largest segments: ', top.map(s => `${fmt.label(s.segment_name)} (${s.customer_count})`).join(', ')) : null);
}
