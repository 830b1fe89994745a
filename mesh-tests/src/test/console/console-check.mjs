// Drives the 360 console as people would, in Debian's headless Chromium (playwright-core, no browser download):
// signs in through Keycloak's login page, finds a customer by typing, opens it with the keyboard, reads its risks and
// notes, follows a risk's evidence into the timeline, refreshes the enrichment, opens the dashboard, and saves a
// screenshot of each page. Prints one JSON document of what it saw; the Java test (ConsoleIT) asserts on it.
//
//   node console-check.mjs --url http://127.0.0.1:8080 --customer cust_initech --query Initech \
//     --sensitive "CFO is evaluating a competitor" --screenshots target/console-screenshots
//
// Exit 0 when every step ran (what it saw may still be wrong: that is for the caller to judge), 1 when a step failed.
import {chromium} from 'playwright-core';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {parseArgs} from 'node:util';

const {values: args} = parseArgs({options: {
  url: {type: 'string', default: 'http://127.0.0.1:8080'},
  customer: {type: 'string', default: 'cust_initech'},
  query: {type: 'string', default: 'Initech'},
  sensitive: {type: 'string', default: 'CFO is evaluating a competitor'},
  screenshots: {type: 'string', default: 'target/console-screenshots'},
  chromium: {type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium'},
  'viewer': {type: 'string', default: 'acme-viewer'},
  'editor': {type: 'string', default: 'acme-analyst'},
  'other-tenant': {type: 'string', default: 'globex-viewer'},
  // the live step opens a ticket through HTTP ingest, as a partner would, with this user's events.writer token
  ingest: {type: 'string', default: 'http://127.0.0.1:8081'},
  keycloak: {type: 'string', default: 'http://127.0.0.1:8180'},
  writer: {type: 'string', default: 'acme-admin'},
}});

const STEP_TIMEOUT = 15000;
const base = args.url.replace(/\/$/, '');
const customerPath = `/customers/${encodeURIComponent(args.customer)}`;
const report = {url: base, customer: args.customer, screenshots: [], steps: [], requestOrigins: new Set()};
mkdirSync(args.screenshots, {recursive: true});

const browser = await chromium.launch({executablePath: args.chromium, headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu']});
try {
  report.unauthenticated = await unauthenticated();
  report.viewer = await asViewer();
  report.editor = await asEditor();
  report.otherTenant = await asOtherTenant();
  report.ok = true;
} catch (error) {
  report.ok = false;
  report.error = String(error && error.stack || error);
} finally {
  await browser.close();
}
report.requestOrigins = [...report.requestOrigins].sort();
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
process.exit(report.ok ? 0 : 1);

// ---- scenarios --------------------------------------------------------------------------------------------------

async function unauthenticated() {
  const context = await browser.newContext();
  try {
    const api = await context.request.get(`${base}/console/api/me`, {headers: {'X-Requested-With': 'JavaScript'}, maxRedirects: 0});
    const page = await context.request.get(`${base}/`, {maxRedirects: 0});
    return {apiStatus: api.status(), pageStatus: page.status(), pageRedirect: page.headers()['location'] || null};
  } finally {
    await context.close();
  }
}

async function asViewer() {
  const {context, page} = await signedIn(args.viewer, '/');
  try {
    const seen = {};
    await page.waitForSelector('h1:has-text("Find a customer")');
    seen.searchFocused = await page.evaluate(() => document.activeElement?.id === 'q');
    await page.waitForSelector('#recent :is(ul, .empty)');
    await shot(page, 'viewer-finder-empty');

    // search as you type, then Enter opens the first customer (keyboard only)
    const typed = args.query.slice(0, 5);
    await page.locator('#q').pressSequentially(typed, {delay: 60});
    await page.waitForSelector(`#results[data-query="${typed}"] table a[data-link]`, {timeout: STEP_TIMEOUT});
    seen.results = await page.$$eval('#results tbody tr', rows => rows.map(r => r.querySelector('a').textContent));
    await page.waitForSelector('#mentions section', {timeout: STEP_TIMEOUT}).catch(() => {});
    await shot(page, 'viewer-finder-search');
    // the filters: health band, then segment (the search box emptied)
    await page.fill('#q', '');
    await page.selectOption('#band', 'at_risk');
    await page.waitForSelector('#results[data-filters="healthBand=at_risk"]', {timeout: STEP_TIMEOUT});
    seen.atRiskResults = await page.$$eval('#results tbody tr a', links => links.map(a => a.textContent));
    await page.selectOption('#band', '');
    await page.selectOption('#segment', 'mid_market');
    await page.waitForSelector('#results[data-filters="segment=mid_market"]', {timeout: STEP_TIMEOUT});
    seen.segmentResults = await page.$$eval('#results tbody tr a', links => links.map(a => a.textContent));
    await page.selectOption('#segment', '');
    await page.locator('#q').pressSequentially(typed, {delay: 30});
    await page.waitForSelector(`#results[data-query="${typed}"][data-filters="q=${typed}"]`, {timeout: STEP_TIMEOUT});
    await page.locator('#q').press('Enter');
    await rendered(page, args.customer);
    seen.pathAfterEnter = new URL(page.url()).pathname;
    Object.assign(seen, await customerPage(page));
    await shot(page, 'viewer-customer', true);

    // a risk's evidence link shows its event in the timeline
    const firstEvidence = page.locator('#risks [data-risk] .evidence a').first();
    seen.evidenceLinkLabel = await firstEvidence.getAttribute('aria-label');
    await firstEvidence.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#timeline li.highlight', {timeout: STEP_TIMEOUT});
    seen.highlightedEvent = await page.$eval('#timeline li.highlight', li => li.dataset.eventId);
    seen.highlightedFocused = await page.evaluate(() => document.activeElement?.classList.contains('highlight'));
    await shot(page, 'viewer-timeline-evidence');

    // timeline filter by type
    await page.fill('#tl-type', 'note');
    await page.press('#tl-type', 'Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('#timeline li .type')].every(t => t.textContent === 'note')
      && document.querySelectorAll('#timeline li').length > 0, null, {timeout: STEP_TIMEOUT});
    seen.filteredTimeline = await page.$$eval('#timeline li', items => items.map(li => ({
      type: li.querySelector('.type').textContent, redacted: li.dataset.redacted === 'true'})));

    // first render of the customer page, loaded afresh (twice: the first may build the view, the second hits its cache)
    seen.firstRenderMs = [];
    seen.firstRenderParts = [];
    for (let n = 0; n < 3; n++) {
      await page.goto(`${base}${customerPath}`);
      await rendered(page, args.customer);
      const timing = await page.evaluate(id => {
        const round = ms => Math.round(ms);
        const nav = performance.getEntriesByType('navigation')[0];
        const api = performance.getEntriesByType('resource').find(r => r.name.endsWith(`/console/api/customers/${encodeURIComponent(id)}`));
        return {rendered: round(performance.getEntriesByName('c360:customer-rendered')[0].startTime),
          html: round(nav.responseEnd), scriptsRun: round(nav.domContentLoadedEventEnd),
          apiStart: api ? round(api.startTime) : null, apiEnd: api ? round(api.responseEnd) : null};
      }, args.customer);
      seen.firstRenderMs.push(timing.rendered);
      seen.firstRenderParts.push(timing);
    }

    // scripts and styles come under a version of their content and are kept by the browser
    seen.assetUrls = await page.evaluate(() => [...document.querySelectorAll('script[src], link[href]')].map(e => e.src || e.href));
    seen.assetCacheControl = (await context.request.get(seen.assetUrls.find(u => u.endsWith('/app.js')))).headers()['cache-control'];

    // the dashboard, reached from the navigation
    await page.getByRole('link', {name: 'Dashboard'}).click();
    await rendered(page, 'dashboard');
    seen.dashboard = await dashboardPage(page);
    await shot(page, 'viewer-dashboard', true);

    // back to the finder: the customer is now among the recently opened
    await page.getByRole('link', {name: 'Find a customer'}).click();
    await page.waitForSelector('#recent ul a', {timeout: STEP_TIMEOUT});
    seen.recent = await page.$$eval('#recent ul a', links => links.map(a => new URL(a.href).pathname));
    await shot(page, 'viewer-finder-recent');
    seen.keyboard = await keyboardWalk(page);

    // signing out ends the session: the console asks for a sign-in again
    await page.getByRole('link', {name: 'Sign out'}).click();
    await page.waitForSelector('#username');
    seen.afterSignOut = new URL(page.url()).origin;
    return seen;
  } finally {
    await context.close();
  }
}

async function asEditor() {
  // a deep link: Keycloak sends the person back to the customer page itself
  const {context, page} = await signedIn(args.editor, customerPath);
  try {
    await rendered(page, args.customer);
    const seen = {pathAfterSignIn: new URL(page.url()).pathname, ...(await customerPage(page))};

    // live: a ticket opened now shows on the open page without a reload
    const liveTitle = `Checkout down ${Date.now()}`;
    const sent = Date.now();
    seen.liveIngestStatus = await openTicket(liveTitle);
    await page.waitForFunction(title => (document.querySelector('#support')?.textContent || '').includes(title),
      liveTitle, {timeout: 30000});
    seen.liveUpdateMs = Date.now() - sent;
    seen.liveTitle = liveTitle;
    seen.liveUpdates = await page.evaluate(() => Number(document.body.dataset.liveUpdates || 0));
    seen.liveStatus = await text(page, '#live-status');
    await page.waitForSelector('#refresh-enrichment');
    seen.quotaBefore = await text(page, '#quota-used');
    seen.refreshEnabled = await page.isEnabled('#refresh-enrichment');
    await page.click('#refresh-enrichment');
    await page.waitForFunction(() => /Refreshed|failed|quota/.test(document.querySelector('#enrichment [role=status]')?.textContent || ''),
      null, {timeout: 30000});
    seen.refreshMessage = await text(page, '#enrichment [role=status]');
    seen.quotaAfter = await text(page, '#quota-used');
    seen.enrichmentFields = await page.$$eval('#enrichment-fields tbody tr', rows => rows.map(r => {
      const cells = [...r.querySelectorAll('td')].map(td => td.textContent.trim());
      return {field: cells[0], value: cells[1], provider: cells[2], confidence: cells[3], age: cells[4]};
    }));
    await shot(page, 'editor-customer-enriched', true);
    return seen;
  } finally {
    await context.close();
  }
}

async function asOtherTenant() {
  const {context, page} = await signedIn(args['other-tenant'], '/');
  try {
    const seen = {};
    await page.waitForSelector('#q');
    await page.locator('#q').pressSequentially(args.query, {delay: 30});
    await page.waitForSelector(`#results[data-query="${args.query}"]`, {state: 'attached', timeout: STEP_TIMEOUT});
    await page.waitForSelector('#mentions section', {timeout: STEP_TIMEOUT});
    seen.finderText = await text(page, '#results-status');
    seen.resultRows = await page.$$eval('#results tbody tr', rows => rows.length);
    seen.mentionsText = await text(page, '#mentions');
    await shot(page, 'other-tenant-finder');
    await page.goto(`${base}${customerPath}`);
    await rendered(page, 'not-found');
    seen.customerHeading = await text(page, 'h1');
    seen.pageText = await page.evaluate(() => document.body.innerText);
    await shot(page, 'other-tenant-customer');

    // the console's JSON with this session: another tenant's customer is not found, and hostile input is never a 5xx
    const api = async path => {
      const response = await context.request.get(`${base}${path}`, {headers: {'X-Requested-With': 'JavaScript'}});
      return {path, status: response.status(), body: await response.text()};
    };
    const id = encodeURIComponent(args.customer);
    seen.api = [];
    for (const path of [`/console/api/customers/${id}`, `/console/api/customers/${id}/details`, `/console/api/customers/${id}/timeline`,
      `/console/api/customers/${id}/enrichment`, `/console/api/search?q=${encodeURIComponent(args.query)}`,
      `/console/api/customers?q=${encodeURIComponent(args.query)}`, '/console/api/recent', '/console/api/dashboard']) {
      seen.api.push(await api(path));
    }
    const hostile = ["' OR '1'='1", '../../etc/passwd', '<script>alert(1)</script>', '%00', '${jndi:ldap://127.0.0.1:1/x}', 'x'.repeat(3000)];
    seen.hostile = [];
    for (const value of hostile) {
      const v = encodeURIComponent(value);
      for (const path of [`/console/api/customers/${v}`, `/console/api/customers/${v}/details`, `/console/api/customers/${v}/timeline`, `/console/api/search?q=${v}`,
        `/console/api/customers?q=${v}&segment=${v}&healthBand=${v}`, `/console/api/customers/${id}/timeline?type=${v}&from=${v}`,
        `/console/api/dashboard?days=${v}`]) {
        const answer = await api(path);
        seen.hostile.push({path: path.slice(0, 80), status: answer.status});
      }
    }
    const refresh = await context.request.post(`${base}/console/api/customers/${id}/enrichment/refresh`);
    seen.refreshWithoutScriptHeader = refresh.status();
    return seen;
  } finally {
    await context.close();
  }
}

// ---- helpers ------------------------------------------------------------------------------------------------------

/** Opens a P1 ticket of the customer through HTTP ingest (a partner's event); answers the HTTP status. */
async function openTicket(title) {
  const form = new URLSearchParams({grant_type: 'password', client_id: 'c360-cli', username: args.writer, password: args.writer});
  const token = await fetch(`${args.keycloak}/realms/customer360/protocol/openid-connect/token`, {method: 'POST', body: form})
    .then(response => response.json()).then(body => body.access_token);
  const event = {event_id: `live-${Date.now()}`, customer_id: args.customer, event_type: 'ticket_opened',
    timestamp: Math.floor(Date.now() / 1000), source_service: 'helpdesk',
    data: {ticket_id: `TKT-LIVE-${Date.now()}`, priority: 'urgent', title}};
  const response = await fetch(`${args.ingest}/api/v1/events`, {method: 'POST', body: JSON.stringify(event),
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${token}`}});
  return response.status;
}

/** A fresh browser session that opens PATH, signs in on Keycloak's page, and comes back to PATH. */
async function signedIn(user, path) {
  const context = await browser.newContext({viewport: {width: 1366, height: 900}});
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const errors = [];
  page.on('pageerror', error => errors.push(String(error)));
  page.on('request', request => report.requestOrigins.add(new URL(request.url()).origin));
  await page.goto(`${base}${path}`);
  await page.waitForSelector('#username');
  report.steps.push({user, loginPage: new URL(page.url()).origin});
  if (!report.loginScreenshot) {
    report.loginScreenshot = true;
    await shot(page, 'keycloak-sign-in');
  }
  await page.fill('#username', user);
  await page.fill('#password', user);
  await page.click('#kc-login');
  await page.waitForURL(url => url.origin === new URL(base).origin && !url.searchParams.has('code'));
  await page.waitForSelector('#who strong');
  report.steps.push({user, signedInAs: await text(page, '#who strong'), scriptErrors: errors});
  return {context, page};
}

async function rendered(page, value) {
  await page.waitForSelector(`body[data-rendered="${value}"]`, {timeout: STEP_TIMEOUT});
}

async function text(page, selector) {
  return (await page.textContent(selector))?.trim() ?? null;
}

async function shot(page, name, fullPage = false) {
  const file = join(args.screenshots, `${name}.png`);
  await page.screenshot({path: file, fullPage});
  report.screenshots.push(file);
}

async function customerPage(page) {
  await page.waitForSelector('#enrichment :is(#quota-used, .section-note, .notice)', {timeout: STEP_TIMEOUT});
  for (const panel of ['profile', 'stakeholders', 'subscription', 'support', 'usage']) {
    await page.waitForSelector(`#${panel}[data-complete="true"]`, {timeout: STEP_TIMEOUT});
  }
  await page.waitForFunction(() => !/Loading the timeline/.test(document.querySelector('#timeline [role=status]')?.textContent || ''));
  return page.evaluate(sensitive => {
    const q = selector => document.querySelector(selector);
    const all = selector => [...document.querySelectorAll(selector)];
    return {
      heading: q('h1')?.textContent,
      exitState: q('.page-head [data-exit-state]')?.dataset.exitState,
      exitStateLabel: q('.page-head [data-exit-state]')?.textContent,
      healthScore: q('#health .gauge')?.getAttribute('aria-label'),
      dimensions: all('#health .dimensions li').map(li => li.textContent),
      sparkline: q('#health .sparkline')?.getAttribute('aria-label'),
      risks: all('#risks [data-risk]').map(li => ({type: li.dataset.risk, title: li.querySelector('strong').textContent,
        severity: li.querySelector('.badge').textContent, evidence: [...li.querySelectorAll('.evidence a')].map(a => a.dataset.eventId)})),
      actions: all('#actions .actions-list > li').map(li => li.textContent),
      triggers: all('#actions [data-trigger]').map(li => li.dataset.trigger),
      opportunities: all('#opportunities .items > li').length,
      narrative: q('#narrative p')?.textContent,
      notes: all('#notes .note').map(n => ({redacted: n.dataset.redacted === 'true', text: n.textContent})),
      redactionNotice: q('#redaction-notice')?.textContent ?? null,
      sensitiveTextShown: document.body.innerText.includes(sensitive),
      stakeholders: q('#stakeholders')?.innerText,
      subscription: q('#subscription')?.innerText,
      support: q('#support')?.innerText,
      usage: q('#usage')?.innerText,
      profile: q('#profile')?.innerText,
      sectionMarkers: all('.panel header .status').map(s => `${s.closest('.panel').id}:${s.textContent}`),
      quota: q('#quota-used')?.textContent ?? null,
      upgradeHint: q('#upgrade-hint')?.textContent ?? null,
      refreshEnabled: q('#refresh-enrichment') ? !q('#refresh-enrichment').disabled : null,
      timelineEvents: all('#timeline li').length,
      redactedTimelineEvents: all('#timeline li[data-redacted="true"]').length,
    };
  }, args.sensitive);
}

async function dashboardPage(page) {
  return page.evaluate(() => ({
    kpis: [...document.querySelectorAll('.kpi')].map(k => k.textContent),
    charts: [...document.querySelectorAll('[data-section^="chart-"]')].map(section => ({
      id: section.id,
      svg: section.querySelector('svg[role="img"]')?.getAttribute('aria-label') ?? null,
      shapes: section.querySelectorAll('svg rect, svg polyline, svg polygon').length,
    })),
    recentActivity: document.querySelectorAll('#activity .items > li').length,
  }));
}

/** Tab from the top of a page that does not move the focus itself: skip link, brand, navigation, sign-out, … */
async function keyboardWalk(page) {
  await page.goto(`${base}/dashboard`);
  await rendered(page, 'dashboard');
  const stops = [];
  for (let n = 0; n < 6; n++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => {
      const el = document.activeElement;
      return el.id || el.getAttribute('aria-label') || el.textContent.replace(/\s+/g, ' ').trim().slice(0, 40) || el.tagName;
    }));
  }
  // the skip link moves the focus to the content
  await page.goto(`${base}/dashboard`);
  await rendered(page, 'dashboard');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const skipLinkTarget = await page.evaluate(() => document.activeElement?.id);
  // "/" from anywhere opens the finder with the search box focused
  await page.keyboard.press('/');
  await page.waitForSelector('#q');
  await page.waitForFunction(() => document.activeElement?.id === 'q');
  return {tabStops: stops, skipLinkTarget, slashFocusesSearch: true};
}
