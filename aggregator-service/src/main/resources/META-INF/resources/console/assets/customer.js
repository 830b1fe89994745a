// A customer's page: the 360 view (health, exit state, risks with their evidence, opportunities, actions, narrative),
// profile, stakeholders, subscription and billing, support, usage, notes, the enrichment panel and the timeline.
// A section whose source is stale, partial or unavailable says so next to its title.
import {h, api, data, fmt, bandBadge, EXIT_STATES, errorNotice, ApiError, replace} from './dom.js';
import {gauge, bar, sparkline, meter} from './charts.js';

const DIMENSIONS = ['usage', 'engagement', 'support', 'commercial', 'outcome'];
const RISK_TITLES = {
  usage_decline: 'Usage decline', engagement_drop: 'Engagement drop', support_escalation: 'Support escalation',
  champion_risk: 'Champion risk', payment_issue: 'Payment issue', contract_concern: 'Contract concern',
};
const DATA_TYPE_TITLES = {person: 'Person', business: 'Business', social: 'Social profiles', property: 'Property data'};
// profile-service's event catalog (docs/event-catalog.md), offered in the timeline's type filter
const EVENT_TYPES = ['purchase', 'support_ticket', 'repair', 'work_order', 'contact', 'profile_update', 'note', 'observation',
  'note_deleted', 'subscription_created', 'subscription_updated', 'subscription_renewed', 'subscription_cancelled',
  'plan_changed', 'seats_changed', 'invoice_issued', 'invoice_paid', 'invoice_overdue', 'invoice_voided',
  'payment_succeeded', 'payment_failed', 'credit_issued', 'credit_applied', 'ticket_opened', 'ticket_updated',
  'ticket_escalated', 'ticket_resolved', 'nps_response', 'meeting_scheduled', 'meeting_held', 'meeting_cancelled',
  'csm_touchpoint', 'contact_added', 'contact_updated', 'contact_removed', 'contact_activity', 'login', 'login_failed',
  'mfa_changed', 'sso_changed', 'suspicious_activity', 'security_audit', 'session', 'feature_used', 'active_users',
  'deal_created', 'deal_updated', 'deal_won', 'deal_lost', 'quote_sent', 'quote_accepted', 'quote_rejected',
  'sales_activity', 'health_event', 'milestone_added', 'milestone_completed', 'milestone_at_risk', 'segment_joined',
  'segment_left'];
const TIMELINE_PAGE = 25;
const EVIDENCE_PAGES = 8;

export async function renderCustomer(ctx) {
  const [id] = ctx.params;
  document.title = `${id} · Customer 360`;
  const base = `/console/api/customers/${encodeURIComponent(id)}`;
  let page;
  try {
    page = await api(base);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      ctx.show(h('h1', {tabindex: -1}, 'Customer not found'),
        h('p', {class: 'notice'}, `No customer “${id}” exists for your organization.`),
        h('p', null, h('a', {href: '/', 'data-link': true}, 'Find a customer')));
      document.body.dataset.rendered = 'not-found';
      return;
    }
    throw error;
  }
  const view = page.view;
  const name = view.accountProfile?.name || id;
  document.title = `${name} · Customer 360`;

  const timeline = timelinePanel(base);
  const evidence = eventId => timeline.show(eventId);
  const enrichmentPanel = h('section', {class: 'panel span-6', id: 'enrichment', 'aria-labelledby': 'enrichment-h', 'data-section': 'enrichment'},
    h('header', null, h('h2', {id: 'enrichment-h'}, 'Enrichment')), h('p', {class: 'muted small'}, 'Loading…'));
  const records = (details, shown = view) => [
    profilePanel(shown, details?.profile),
    stakeholdersPanel(shown, details?.contacts),
    subscriptionPanel(shown, details?.subscription),
    supportPanel(shown, details?.support),
    usagePanel(shown, details?.usage),
  ];
  const [profile, stakeholders, subscription, support, usage] = records(null);

  const shown = ctx.show(
    head(view, id),
    guardrails(view),
    h('div', {class: 'grid'},
      healthPanel(view, page.healthHistory),
      exitPanel(view, evidence),
      risksPanel(view, evidence),
      opportunitiesPanel(view, evidence),
      narrativePanel(view, evidence),
      profile, stakeholders, subscription, support, usage,
      notesPanel(view),
      enrichmentPanel,
      timeline.element));
  if (!shown) return;
  performance.mark('c360:customer-rendered');
  document.body.dataset.rendered = id;

  // the rest loads once the view is drawn, so that the first answer has the server to itself
  const detailsLoading = api(`${base}/details`).catch(error => {
    const failed = {status: 'unavailable', reason: error.message};
    return {profile: failed, contacts: failed, subscription: failed, support: failed, usage: failed};
  });
  detailsLoading.then(details => {
    if (!ctx.current()) return;
    for (const panel of records(details)) document.getElementById(panel.id)?.replaceWith(panel);
    const company = data(details.profile)?.company;
    if (company) document.getElementById('page-sub-company')?.replaceChildren(` · ${company}`);
  });
  ctx.me.then(person => loadEnrichment(base, enrichmentPanel, person));
  followChanges(ctx, base, id, view, page.healthHistory, evidence, records, detailsLoading);
  const wanted = new URLSearchParams(location.search).get('event') || (location.hash.startsWith('#event-') ? location.hash.slice(7) : null);
  timeline.load().then(() => { if (wanted) timeline.show(wanted); });
}

/**
 * Keeps the page current: the aggregator's stream of this customer sends the parts of the view each change altered,
 * and the panels drawn from them are redrawn (the records too). The browser reconnects a dropped stream by itself;
 * the stream is closed once the person has left the page.
 */
function followChanges(ctx, base, id, view, history, evidence, records, detailsLoading) {
  if (typeof EventSource === 'undefined') return;
  const stream = new EventSource(`${base}/stream`);
  const left = setInterval(() => { if (!ctx.current()) { stream.close(); clearInterval(left); } }, 1000);
  let current = view;
  // 'view': the whole view when the stream (re)connects, newer than the page when events came in between
  const redraw = async (message, apply) => {
    if (!ctx.current()) return;
    const update = JSON.parse(message.data);
    const next = apply(update);
    if (sameView(next, current)) return; // a snapshot of what the page already shows: nothing to redraw
    current = next;
    document.getElementById('customer-head')?.replaceWith(head(current, id));
    for (const fresh of [healthPanel(current, history), exitPanel(current, evidence), risksPanel(current, evidence),
      opportunitiesPanel(current, evidence), narrativePanel(current, evidence), notesPanel(current)]) {
      document.getElementById(fresh.id)?.replaceWith(fresh);
    }
    await detailsLoading;
    const details = await api(`${base}/details`).catch(() => null);
    if (details && ctx.current()) {
      for (const panel of records(details, current)) document.getElementById(panel.id)?.replaceWith(panel);
      const company = data(details.profile)?.company;
      if (company) document.getElementById('page-sub-company')?.replaceChildren(` · ${company}`);
    }
    const sections = (update.cause?.sections || []).join(', '); // a snapshot has no cause
    const status = document.getElementById('live-status');
    if (status) status.textContent = `Updated ${new Date().toLocaleTimeString()}${sections ? ` (${sections})` : ''}.`;
    document.body.dataset.liveUpdates = String(Number(document.body.dataset.liveUpdates || 0) + 1);
  };
  stream.addEventListener('view', message => redraw(message, snapshot => snapshot));
  stream.addEventListener('sections', message => redraw(message, update => ({...current, ...update.changed})));
}

/** Whether two views say the same (when they were built aside). */
function sameView(a, b) {
  return JSON.stringify({...a, generatedAt: null}) === JSON.stringify({...b, generatedAt: null});
}

// ---- pieces -----------------------------------------------------------------------------------------------------

function panel(id, title, span, status, ...body) {
  return h('section', {class: `panel span-${span}`, id, 'aria-labelledby': `${id}-h`, 'data-section': id},
    h('header', null, h('h2', {id: `${id}-h`}, title), status?.badge), status?.note, body);
}

/** A panel that also shows profile-service's records: while they load it says so; then it is marked complete. */
function recordsPanel(id, title, span, part, status, ...body) {
  const element = panel(id, title, span, part ? status : merge(status, {badge: h('span', {class: 'status status-partial'}, 'Loading…')}), ...body);
  if (part) element.dataset.complete = 'true';
  return element;
}

/** The marker of a section of the view: stale (with its date), partial, unavailable (with the reason). */
function viewStatus(view, key) {
  const section = view.sections?.[key];
  if (!section || section.status === 'complete') return null;
  switch (section.status) {
    case 'stale':
      return {badge: h('span', {class: 'status status-stale'}, 'Stale'),
        note: h('p', {class: 'section-note'}, `Newest data from ${fmt.dateTime(section.freshAsOf)} (${fmt.ago(section.freshAsOf)}); it may be out of date.`)};
    case 'partial':
      return {badge: h('span', {class: 'status status-partial'}, 'Partial'),
        note: section.reason ? h('p', {class: 'section-note muted'}, fmt.label(section.reason)) : null};
    case 'unavailable':
      return {badge: h('span', {class: 'status status-unavailable'}, 'Unavailable'),
        note: h('p', {class: 'section-note unavailable'}, `Not available: ${section.reason || 'its source did not answer'}.`)};
    case 'not_requested':
      return {badge: h('span', {class: 'status status-partial'}, 'Not requested')};
    case 'withheld':
      return {badge: h('span', {class: 'status status-partial'}, 'Withheld'),
        note: h('p', {class: 'section-note muted'}, `Not shown to you: ${section.reason || 'a visibility rule'}.`)};
    default:
      return null;
  }
}

/** The marker of a part read from profile-service or enrichment-service: unavailable (with the reason), withheld or missing. */
function partStatus(part) {
  if (!part || part.status === 'ok') return null;
  if (part.status === 'withheld') {
    return {badge: h('span', {class: 'status status-partial'}, 'Withheld'),
      note: h('p', {class: 'section-note muted'}, `Not shown to you: ${part.reason || 'a visibility rule'}.`)};
  }
  if (part.status === 'missing') {
    return {badge: h('span', {class: 'status status-missing'}, 'Missing'), note: h('p', {class: 'section-note unavailable'}, 'The service does not know this customer.')};
  }
  return {badge: h('span', {class: 'status status-unavailable'}, 'Unavailable'),
    note: h('p', {class: 'section-note unavailable'}, `Not available: ${part.reason || 'the service did not answer'}.`)};
}

function merge(...statuses) {
  const present = statuses.filter(Boolean);
  if (!present.length) return null;
  return {badge: present[0].badge, note: present.map(s => s.note)};
}

function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(p => p).map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}

function evidenceLinks(ids, show) {
  if (!ids || !ids.length) return null;
  return h('div', {class: 'evidence'}, 'Evidence: ', ids.map((eventId, n) => h('a', {
    href: `?event=${encodeURIComponent(eventId)}`,
    'data-event-id': eventId,
    'aria-label': `Show evidence event ${eventId} in the timeline`,
    onclick: event => { event.preventDefault(); show(eventId); },
  }, `event ${n + 1}`)));
}

function head(view, id) {
  const band = view.healthSummary?.band;
  const account = view.accountProfile || {};
  return h('div', {id: 'customer-head'},
    h('div', {class: 'page-head'},
      h('h1', {tabindex: -1}, account.name || id),
      view.exitState ? h('span', {class: `badge exit-${view.exitState}`, 'data-exit-state': view.exitState},
        `Exit state: ${EXIT_STATES[view.exitState] || fmt.label(view.exitState)}`) : null,
      h('span', {class: `badge band-${band || 'none'}`, 'data-band': band || ''}, `Health: ${band ? fmt.label(band) : 'not scored'}`)),
    h('p', {class: 'page-sub'}, id, h('span', {id: 'page-sub-company'}),
      [account.segment && fmt.label(account.segment), account.industry].filter(Boolean).map(part => ` · ${part}`).join(''),
      ` · view built ${fmt.ago(view.generatedAt)}, ${fmt.percent(view.dataCompleteness)} of its sections available`),
    h('div', {id: 'enrichment-preview'}, previewCard(view.enrichment)),
    h('p', {id: 'live-status', class: 'muted small', role: 'status', 'aria-live': 'polite'}));
}

/** The enrichment preview card (customer-enrichment.md): who and where, from the enrichment on record. */
function previewCard(enrichment) {
  if (!enrichment || !enrichment.enriched) return null;
  const person = enrichment.person || {};
  const business = enrichment.business || {};
  const social = enrichment.social;
  const preferred = social?.preferred ? social.profiles?.[social.preferred]?.url : null;
  const role = [person.jobTitle, person.company || business.name].filter(Boolean).join(' at ');
  return h('p', {class: 'preview-card', 'aria-label': 'Enrichment preview'},
    h('strong', null, person.fullName || business.name || 'Enriched'),
    role ? ` · ${role}` : '',
    person.location ? ` · ${person.location}` : '',
    business.rating ? ` · rated ${business.rating}${business.reviewCount ? ` (${business.reviewCount} reviews)` : ''}` : '',
    preferred ? [' · ', h('a', {href: /^https?:/.test(preferred) ? preferred : `https://${preferred}`, rel: 'noreferrer'}, fmt.label(social.preferred))] : '',
    h('span', {class: 'muted small'}, ` · enriched ${fmt.ago(enrichment.lastEnrichedAt)}`));
}

function guardrails(view) {
  const notes = [];
  const g = view.guardrails || {};
  if (g.minimumDataMet === false) {
    notes.push(h('p', {class: 'notice'}, `Minimum data is missing (${(g.missingRequired || []).join(', ')}): read the scores with care.`));
  }
  const redacted = (g.redactions || []).find(r => r.startsWith('notes:'));
  if (redacted) {
    const count = Number(redacted.split(':')[1]);
    notes.push(h('p', {class: 'notice info', id: 'redaction-notice'},
      `${count} sensitive note${count === 1 ? ' is' : 's are'} hidden: seeing ${count === 1 ? 'it' : 'them'} needs the role c360.sensitive.`));
  }
  return notes;
}

function healthPanel(view, history) {
  const health = view.healthSummary;
  const status = viewStatus(view, 'healthSummary');
  if (!health) return panel('health', 'Health', 5, status, h('p', {class: 'empty'}, 'No health score.'));
  const points = (history || []).map(p => ({day: p.day, value: p.overall}));
  const today = new Date().toISOString().slice(0, 10);
  if (health.overallScore !== null && (!points.length || points[points.length - 1].day !== today)) {
    points.push({day: today, value: health.overallScore});
  }
  const trend = health.trend && health.trend !== 'unknown'
    ? h('span', {class: `trend-${health.trend}`}, `${fmt.label(health.trend)}${health.trendDelta !== null ? ` (${health.trendDelta > 0 ? '+' : ''}${health.trendDelta})` : ''}`)
    : h('span', {class: 'muted'}, 'Trend unknown (no earlier score)');
  return panel('health', 'Health', 5, status,
    h('div', {class: 'health-top'},
      gauge(health.overallScore, health.band),
      h('div', {class: 'stack'},
        h('div', null, bandBadge(health.band), ' ', trend),
        h('div', null, sparkline(points, 'Health score over the last 90 days')),
        h('div', {class: 'muted small'}, `${fmt.percent(health.completeness)} of the score's weight had data`))),
    h('ul', {class: 'dimensions', 'aria-label': 'Health dimensions'}, DIMENSIONS.map(key => {
      const dimension = health.dimensions?.[key] || {};
      return h('li', null,
        h('span', null, fmt.label(key), h('span', {class: 'muted small'}, ` ${dimension.weight ?? ''}%`)),
        bar(dimension.score, fmt.label(key)),
        h('span', {class: dimension.trend && dimension.trend !== 'unknown' ? `trend-${dimension.trend}` : ''},
          dimension.score === null || dimension.score === undefined ? 'no data' : String(dimension.score)));
    })));
}

function exitPanel(view, show) {
  const actions = view.recommendedActions || [];
  return panel('actions', 'Exit state and next actions', 7, null,
    h('p', {class: `exit exit-${view.exitState || 'none'}`}, view.exitState ? EXIT_STATES[view.exitState] || fmt.label(view.exitState) : 'No exit state (no score)'),
    actions.length ? h('ol', {class: 'actions-list'}, actions.map(action => h('li', null,
      h('strong', null, action.action),
      h('div', {class: 'small'}, `Owner ${action.owner} · due ${fmt.date(action.dueDate)}`,
        action.openSince ? ` · open since ${fmt.date(action.openSince)}` : '',
        action.skillTrigger ? [' · triggers ', h('code', null, action.skillTrigger)] : ''),
      evidenceLinks(action.evidenceEventIds, show))))
      : h('p', {class: 'empty'}, 'No action recommended.'),
    triggersList(view.recentTriggers, show));
}

/** The skills lately triggered for the customer (recentTriggers, newest first): what workers were asked to run, and why. */
function triggersList(triggers, show) {
  if (!triggers || !triggers.length) return null;
  return h('details', {class: 'triggers'}, h('summary', null, `Skills triggered lately (${triggers.length})`),
    h('ul', {class: 'small'}, triggers.map(trigger => h('li', {'data-trigger': trigger.skill},
      h('code', null, trigger.skill), ` ${fmt.label(trigger.cause.split(':')[0])} · ${fmt.date(trigger.occurredAt)}`,
      evidenceLinks(trigger.evidenceEventIds, show)))));
}

function risksPanel(view, show) {
  const risks = view.riskIndicators || [];
  const health = view.sections?.healthSummary;
  return panel('risks', `Risks (${risks.length})`, 6, health && health.status === 'unavailable' ? viewStatus(view, 'healthSummary') : null,
    insightList(risks, 'No risk detected.', show, risk => ({
      attrs: {'data-risk': risk.type},
      title: RISK_TITLES[risk.type] || fmt.label(risk.type),
      aside: h('span', {class: `badge sev-${risk.severity}`}, fmt.label(risk.severity)),
    })));
}

function opportunitiesPanel(view, show) {
  const items = view.opportunities || [];
  return panel('opportunities', 'Opportunities', 6, null,
    insightList(items, 'No opportunity found.', show, item => ({
      attrs: {'data-opportunity': item.type},
      title: fmt.label(item.type),
      aside: h('span', null, item.value !== null && item.value !== undefined ? fmt.money(item.value) : 'value unknown'),
    })));
}

/** Risks and opportunities alike: what was seen, what to do, how firm it is, and the events it rests on. */
function insightList(items, none, show, head) {
  if (!items.length) return h('p', {class: 'empty'}, none);
  return h('ul', {class: 'items'}, items.map(item => {
    const {attrs, title, aside} = head(item);
    return h('li', attrs,
      h('div', {class: 'item-head'}, h('strong', null, title), aside),
      h('div', null, item.signal),
      item.recommendation ? h('div', {class: 'small'}, h('strong', null, 'Recommendation: '), item.recommendation) : null,
      h('div', {class: 'muted small'}, `${fmt.label(item.basis)}, confidence ${Math.round(item.confidence * 100)} %`),
      evidenceLinks(item.evidenceEventIds, show));
  }));
}

function narrativePanel(view, show) {
  const sentences = view.narrativeEvidence || [];
  const plan = view.successPlan;
  return panel('narrative', 'Narrative', 12, null,
    view.keyNarrative ? h('p', null, view.keyNarrative) : h('p', {class: 'empty'}, 'No narrative (no score).'),
    sentences.some(sentence => sentence.evidenceEventIds?.length) ? h('details', null, h('summary', null, 'What each sentence rests on'),
      h('ul', null, sentences.map(sentence => h('li', null, sentence.text, ' ', h('span', {class: 'muted small'}, `(${sentence.basis})`),
        evidenceLinks(sentence.evidenceEventIds, show))))) : null,
    plan && plan.milestones ? h('p', {class: 'small'}, `Success plan: ${plan.completed} of ${plan.milestones} milestones completed, ${plan.atRisk} at risk.`) : null);
}

function profilePanel(view, part) {
  const account = view.accountProfile || {};
  const profile = data(part) || {};
  const attributes = profile.attributes || {};
  const shownAttributes = Object.entries(attributes).filter(([key]) => !['industry', 'accountOwner'].includes(key));
  return recordsPanel('profile', 'Profile', 4, part, merge(partStatus(part), viewStatus(view, 'accountProfile')),
    facts([
      ['Email', fmt.text(profile.email)],
      ['Phone', fmt.text(profile.phone)],
      ['Company', fmt.text(profile.company)],
      ['Industry', fmt.text(account.industry ?? attributes.industry)],
      ['Segments', (profile.segments || []).map(fmt.label).join(', ') || '—'],
      ['Customer since', fmt.date(account.customerSince ?? profile.customerSince)],
      ['ARR', fmt.money(account.arr)],
      ['Lifetime value', fmt.money(profile.lifetimeValue)],
      ['CSM', fmt.text(account.csm)],
      ['AE', fmt.text(account.ae)],
      ['Contract end', fmt.date(account.contractEnd)],
      ...shownAttributes.map(([key, value]) => [fmt.label(key.replace(/([A-Z])/g, '_$1').toLowerCase()), fmt.text(value)]),
    ]));
}

function stakeholdersPanel(view, part) {
  const engagement = view.engagementSummary || {};
  const contacts = data(part);
  const champion = engagement.champion;
  const sponsor = engagement.executiveSponsor;
  const departed = contacts?.departedKeyContacts || [];
  return recordsPanel('stakeholders', 'Contacts and stakeholders', 4, part, merge(partStatus(part), viewStatus(view, 'engagementSummary')),
    facts([
      ['Champion', champion ? [champion.name || '—', champion.title ? `, ${champion.title}` : '',
        champion.riskFlag ? h('span', {class: 'badge sev-medium'}, 'at risk') : '',
        champion.engagement ? h('span', {class: 'muted small'}, ` engagement ${champion.engagement}`) : ''] : 'none known'],
      ['Executive sponsor', sponsor ? `${sponsor.name || '—'}${sponsor.title ? `, ${sponsor.title}` : ''}${sponsor.lastEngagement ? ` (last engaged ${fmt.date(sponsor.lastEngagement)})` : ''}` : 'none known'],
      ['Last meeting', `${fmt.date(engagement.lastMeeting)}${engagement.daysSinceContact !== null && engagement.daysSinceContact !== undefined ? ` · ${engagement.daysSinceContact} days since contact` : ''}`],
      ['Meeting cadence', fmt.label(engagement.meetingCadence)],
      ['NPS', fmt.text(engagement.npsScore)],
    ]),
    departed.length ? h('p', {class: 'notice'}, `Departed key contacts: ${departed.map(c => c.name || c.id).join(', ')}`) : null,
    contacts?.contacts?.length ? h('table', null, h('caption', {class: 'visually-hidden'}, 'Contacts'),
      h('thead', null, h('tr', null, ['Name', 'Role', 'Email'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', null, contacts.contacts.slice(0, 20).map(contact => h('tr', null,
        h('td', null, contact.name || contact.id, contact.title ? h('div', {class: 'muted small'}, contact.title) : null),
        h('td', null, fmt.label(contact.role)),
        h('td', null, fmt.text(contact.email))))))
      : part ? h('p', {class: 'empty'}, 'No contacts recorded.') : null);
}

function subscriptionPanel(view, part) {
  const commercial = view.commercialSummary || {};
  const section = data(part) || {};
  const subscription = section.subscription || {};
  const billing = section.billing || {};
  const payments = section.paymentHealth || {};
  const currency = billing.currency || subscription.currency;
  const invoices = section.recentInvoices || [];
  return recordsPanel('subscription', 'Subscription and billing', 4, part, merge(partStatus(part), viewStatus(view, 'commercialSummary')),
    facts([
      ['Plan', `${fmt.text(subscription.plan)}${subscription.status ? ` (${fmt.label(subscription.status)})` : ''}`],
      ['ARR', fmt.money(commercial.arr ?? billing.arr, currency)],
      ['MRR', fmt.money(billing.mrr, currency)],
      ['Contract', `${fmt.text(commercial.contract?.type)} · ${fmt.date(commercial.contract?.startDate)} – ${fmt.date(commercial.contract?.endDate)}`],
      ['Renewal', commercial.contract?.daysToRenewal !== null && commercial.contract?.daysToRenewal !== undefined
        ? `in ${commercial.contract.daysToRenewal} days (${fmt.date(billing.renewalDate)})` : fmt.date(billing.renewalDate)],
      ['Billing status', commercial.billing?.status ? h('span', {class: `badge ${commercial.billing.status === 'current' ? 'band-healthy' : 'band-at_risk'}`}, fmt.label(commercial.billing.status)) : '—'],
      ['Overdue', payments.overdueInvoices ? `${payments.overdueInvoices} invoice(s), ${fmt.money(payments.overdueAmount, currency)}` : 'nothing overdue'],
      ['Failed payments (90 days)', fmt.text(payments.failedPaymentsLast90Days)],
      ['Seats', section.seats ? `${fmt.text(section.seats.used)} of ${fmt.text(section.seats.total)} used (${fmt.percent(section.seats.utilization)})` : '—'],
      ['Credit balance', fmt.money(section.creditBalance, currency)],
    ]),
    invoices.length ? h('table', null, h('caption', {class: 'visually-hidden'}, 'Recent invoices'),
      h('thead', null, h('tr', null, ['Invoice', 'Amount', 'Status', 'Due'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', null, invoices.map(invoice => h('tr', null, h('td', null, invoice.id), h('td', null, fmt.money(invoice.amount, invoice.currency || currency)),
        h('td', null, fmt.label(invoice.status)), h('td', null, fmt.date(invoice.dueDate)))))) : null);
}

function supportPanel(view, part) {
  const summary = view.supportSummary || {};
  const section = data(part) || {};
  const open = section.open || [];
  const escalation = summary.activeEscalation;
  return recordsPanel('support', 'Support', 6, part, merge(partStatus(part), viewStatus(view, 'supportSummary')),
    escalation ? h('p', {class: 'notice error'}, h('strong', null, `Open escalation ${escalation.ticketId} (${escalation.severity})`),
      `: ${escalation.issue || 'no title'} · open ${escalation.daysOpen ?? '?'} days`) : null,
    facts([
      ['Open tickets', `${fmt.text(summary.openTickets ?? section.openTickets)}${summary.escalations ? ` (${summary.escalations} escalated)` : ''}`],
      ['Tickets in 90 days', fmt.text(summary.ticketsLast90Days)],
      ['Average resolution', fmt.text(summary.avgResolutionTime)],
      ['CSAT', fmt.text(summary.csat)],
      ['Top issues', (summary.topIssues || []).map(issue => `${fmt.label(issue.category)} (${issue.count})`).join(', ') || '—'],
    ]),
    open.length ? h('table', null, h('caption', {class: 'visually-hidden'}, 'Open tickets'),
      h('thead', null, h('tr', null, ['Ticket', 'Priority', 'Status', 'Opened'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', null, open.map(ticket => h('tr', null,
        h('td', null, h('strong', null, ticket.id), ' ', ticket.title || '', ticket.escalated ? [' ', h('span', {class: 'badge sev-high'}, 'escalated')] : null),
        h('td', null, fmt.text(ticket.priority)), h('td', null, fmt.label(ticket.status)), h('td', null, fmt.date(ticket.openedAt ?? ticket.firstSeenAt)))))) : part ? h('p', {class: 'empty'}, 'No open tickets.') : null);
}

function usagePanel(view, part) {
  const summary = view.usageSummary || {};
  const section = data(part) || {};
  const features = section.features || [];
  return recordsPanel('usage', 'Usage', 6, part, merge(partStatus(part), viewStatus(view, 'usageSummary')),
    facts([
      ['Monthly active users', `${fmt.text(summary.mau)}${summary.mauTrend ? ` (${summary.mauTrend})` : ''}`],
      ['Sessions, last 30 days', `${fmt.text(section.sessionsLast30Days)} (previous 30 days: ${fmt.text(section.sessionsPrevious30Days)})`],
      ['Usage depth', fmt.percent(summary.usageDepth)],
      ['Top features', (summary.topFeatures || []).join(', ') || '—'],
      ['Underused (entitled, unused 90 days)', (summary.underutilized || []).join(', ') || 'none'],
    ]),
    features.length ? h('table', null, h('caption', {class: 'visually-hidden'}, 'Features used in 90 days'),
      h('thead', null, h('tr', null, ['Feature', 'Uses (90 days)', 'Users', 'Last used'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', null, features.slice(0, 12).map(feature => h('tr', null, h('td', null, feature.feature),
        h('td', null, fmt.number(feature.usesLast90Days)), h('td', null, fmt.number(feature.users)), h('td', null, fmt.ago(feature.lastUsedAt)))))) : null);
}

function notesPanel(view) {
  const notes = Array.isArray(view.keyNotes) ? view.keyNotes : [];
  return panel('notes', 'Notes', 6, null,
    notes.length ? notes.map(note => note.redacted
      ? h('div', {class: 'note redacted', 'data-redacted': 'true'},
        `Sensitive note — hidden (needs c360.sensitive) · ${fmt.date(note.lastChangedAt)}`)
      : h('div', {class: 'note'},
        note.title ? h('strong', null, note.title) : null,
        note.sensitive ? [' ', h('span', {class: 'badge sev-medium'}, 'sensitive')] : null,
        h('div', null, note.content || ''),
        h('div', {class: 'muted small'}, [note.category && fmt.label(note.category), fmt.date(note.lastChangedAt)].filter(Boolean).join(' · '))))
      : h('p', {class: 'empty'}, 'No notes.'));
}

// ---- enrichment ---------------------------------------------------------------------------------------------

async function loadEnrichment(base, element, person) {
  try {
    drawEnrichment(element, await api(`${base}/enrichment`), person, base, null);
  } catch (error) {
    replace(element, h('header', null, h('h2', {id: 'enrichment-h'}, 'Enrichment')), errorNotice(error));
  }
}

function drawEnrichment(element, panelData, person, base, message) {
  const enrichment = data(panelData.enrichment);
  const quota = data(panelData.quota);
  const gates = panelData.gates || {gated: []};
  const canEdit = person.roles.includes('c360.editor');
  const status = merge(partStatus(panelData.enrichment), enrichment && enrichment.enriched && !enrichment.fresh
    ? {badge: h('span', {class: 'status status-stale'}, 'Stale'), note: h('p', {class: 'section-note'}, `Expired ${fmt.ago(enrichment.expiresAt)}; refresh to update it.`)} : null);
  const live = h('p', {class: 'small', role: 'status', 'aria-live': 'polite'}, message || '');
  const refresh = h('button', {type: 'button', class: 'button', id: 'refresh-enrichment',
    disabled: !canEdit || (quota && quota.canEnrich === false)}, 'Refresh enrichment');
  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    live.textContent = 'Refreshing: asking the providers…';
    try {
      const next = await api(`${base}/enrichment/refresh`, {method: 'POST'});
      const fields = data(next.enrichment)?.fields?.length || 0;
      const preview = document.getElementById('enrichment-preview');
      if (preview) replace(preview, previewCard(data(next.enrichment)));
      drawEnrichment(element, next, person, base, fields ? `Refreshed: ${fields} field${fields === 1 ? '' : 's'} on record.` : 'Refreshed: no provider returned data.');
      element.querySelector('#refresh-enrichment')?.focus();
    } catch (error) {
      live.textContent = error instanceof ApiError && error.status === 429
        ? `The monthly enrichment quota is spent${error.problem?.resetAt ? `; it resets ${fmt.date(error.problem.resetAt)}` : ''}.`
        : `Refresh failed: ${error.message}`;
      refresh.disabled = false;
    }
  });
  const fields = enrichment?.fields || [];
  replace(element,
    h('header', null, h('h2', {id: 'enrichment-h'}, 'Enrichment'), status?.badge,
      quota ? h('span', {class: 'badge band-none'}, `${fmt.label(quota.tier)} tier`) : null),
    status?.note,
    quota ? h('div', {class: 'quota'},
      h('strong', {id: 'quota-used'}, quota.limit === null ? `Used ${quota.current} (unlimited)` : `Used ${quota.current}/${quota.limit}`),
      quota.limit === null ? null : meter(quota.current, quota.limit, `Enrichment quota: ${quota.current} of ${quota.limit} used this month`),
      h('span', {class: 'muted small'}, `this month · resets ${fmt.date(quota.resetAt)}`))
      : h('p', {class: 'section-note unavailable'}, `Quota not available${panelData.quota?.reason ? `: ${panelData.quota.reason}` : ''}.`),
    gates.gated?.length ? h('p', {class: 'upgrade', id: 'upgrade-hint'},
      `${gates.gated.map(type => DATA_TYPE_TITLES[type] || fmt.label(type)).join(' and ')} ${gates.gated.length === 1 ? 'is' : 'are'} not part of the ${gates.tier} tier. `,
      h('strong', null, `Upgrade to ${fmt.label(gates.upgradeTo)}`), ' to enrich them.') : null,
    h('div', {class: 'quota'}, refresh,
      canEdit ? null : h('span', {class: 'muted small'}, 'Refreshing needs the role c360.editor.'),
      enrichment?.lastEnrichedAt ? h('span', {class: 'muted small'}, `Last enriched ${fmt.ago(enrichment.lastEnrichedAt)}`) : null),
    live,
    fields.length ? h('table', {id: 'enrichment-fields'}, h('caption', {class: 'visually-hidden'}, 'Enriched fields with their provenance'),
      h('thead', null, h('tr', null, ['Field', 'Value', 'Provider', 'Confidence', 'Age'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', null, fields.map(field => h('tr', null,
        h('td', null, fmt.label(field.field.replace(/([A-Z])/g, '_$1').toLowerCase()), h('div', {class: 'muted small'}, DATA_TYPE_TITLES[field.dataType] || field.dataType)),
        h('td', null, fieldValue(field.value)),
        h('td', null, field.provider),
        h('td', {class: 'confidence'}, field.confidence === null || field.confidence === undefined ? '—' : `${Math.round(field.confidence * 100)} %`),
        h('td', null, `${fmt.ago(field.retrievedAt)}`, h('div', {class: 'muted small'}, `expires ${fmt.date(field.expiresAt)}`))))))
      : h('p', {class: 'empty'}, enrichment?.enriched === false || !enrichment ? 'Not enriched yet.' : 'No fields.'),
    (enrichment?.degraded || []).length ? h('p', {class: 'small muted'}, 'Providers that failed last time: ',
      enrichment.degraded.map(d => `${d.provider || d.name} (${d.reason || 'failed'})`).join('; ')) : null);
}

function fieldValue(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// ---- timeline -----------------------------------------------------------------------------------------------

function timelinePanel(base) {
  const list = h('ol', {class: 'timeline', 'aria-label': 'Timeline, newest first'});
  const status = h('p', {class: 'muted small', role: 'status', 'aria-live': 'polite'});
  const type = h('input', {id: 'tl-type', name: 'type', list: 'tl-types', autocomplete: 'off', placeholder: 'any type'});
  const from = h('input', {id: 'tl-from', name: 'from', type: 'date'});
  const to = h('input', {id: 'tl-to', name: 'to', type: 'date'});
  const more = h('button', {type: 'button', class: 'button secondary', hidden: true}, 'Show older');
  let cursor = null;
  let loaded = 0;

  const filters = () => {
    const query = new URLSearchParams({limit: String(TIMELINE_PAGE)});
    if (type.value.trim()) query.set('type', type.value.trim());
    if (from.value) query.set('from', `${from.value}T00:00:00Z`);
    if (to.value) {
      const end = new Date(`${to.value}T00:00:00Z`);
      end.setUTCDate(end.getUTCDate() + 1);
      query.set('to', end.toISOString());
    }
    return query;
  };

  async function load(append) {
    const query = filters();
    if (append && cursor) query.set('cursor', cursor);
    status.textContent = 'Loading the timeline…';
    try {
      const page = await api(`${base}/timeline?${query}`);
      if (!append) { replace(list); loaded = 0; }
      list.append(...page.items.map(entry));
      loaded += page.items.length;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      status.textContent = loaded ? `${loaded} event${loaded === 1 ? '' : 's'}${cursor ? ', older ones available' : ''}` : 'No events match.';
    } catch (error) {
      status.textContent = `Timeline not available: ${error.message}`;
    }
  }

  function entry(event) {
    return h('li', {id: `event-${event.eventId}`, tabindex: -1, 'data-event-id': event.eventId, 'data-redacted': event.redacted ? 'true' : null},
      h('div', null, h('time', {datetime: event.occurredAt}, fmt.dateTime(event.occurredAt)), h('div', {class: 'type'}, event.eventType)),
      h('div', null,
        event.redacted
          ? h('em', {class: 'muted'}, `Sensitive ${fmt.label(event.eventType).toLowerCase()} — hidden (needs c360.sensitive)`)
          : [h('strong', null, event.title || fmt.label(event.eventType)), event.description ? h('div', null, event.description) : null],
        h('div', {class: 'muted small'}, [event.status && fmt.label(event.status), event.amount !== null && event.amount !== undefined ? fmt.money(event.amount) : null,
          event.sourceService].filter(Boolean).join(' · '))));
  }

  /** Shows one event: pages through the (unfiltered) timeline until it is there, then highlights it. */
  async function show(eventId) {
    const find = () => list.querySelector(`[data-event-id="${CSS.escape(eventId)}"]`);
    if (!find() && (type.value || from.value || to.value)) {
      type.value = ''; from.value = ''; to.value = '';
      await load(false);
    }
    for (let n = 0; !find() && cursor && n < EVIDENCE_PAGES; n++) await load(true);
    const item = find();
    list.querySelectorAll('.highlight').forEach(el => el.classList.remove('highlight'));
    if (!item) {
      status.textContent = `Event ${eventId} is not in the timeline (it may be older than the pages read, or hidden).`;
      return;
    }
    item.classList.add('highlight');
    item.scrollIntoView({block: 'center'});
    item.focus({preventScroll: true});
  }

  more.addEventListener('click', () => load(true));
  const element = h('section', {class: 'panel span-12', id: 'timeline', 'aria-labelledby': 'timeline-h', 'data-section': 'timeline'},
    h('header', null, h('h2', {id: 'timeline-h'}, 'Timeline')),
    h('form', {class: 'timeline-filters', onsubmit: event => { event.preventDefault(); load(false); }},
      h('div', {class: 'field'}, h('label', {for: 'tl-type'}, 'Event type'), type,
        h('datalist', {id: 'tl-types'}, EVENT_TYPES.map(t => h('option', {value: t})))),
      h('div', {class: 'field'}, h('label', {for: 'tl-from'}, 'From'), from),
      h('div', {class: 'field'}, h('label', {for: 'tl-to'}, 'To (inclusive)'), to),
      h('button', {type: 'submit', class: 'button'}, 'Filter'),
      h('button', {type: 'button', class: 'button secondary', onclick: () => { type.value = ''; from.value = ''; to.value = ''; load(false); }}, 'Clear')),
    status, list, h('p', null, more));
  return {element, load: () => load(false), show};
}
