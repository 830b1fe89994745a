// DOM building, formatting and the console API. Text always goes in as text nodes (never as HTML), so nothing a
// customer or a partner wrote can run as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

function setAttributes(element, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  return element;
}

/** An HTML element: h('a', {href: '/x'}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  return append(setAttributes(document.createElement(tag), attrs), children);
}

/** Replaces the children of PARENT (null, undefined and false are left out; arrays are flattened). */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return append(setAttributes(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Text from profile-service's search highlight: HTML-escaped text with the matches in <mark>; built as nodes. */
export function highlight(escaped) {
  const parts = String(escaped || '').split(/(<mark>|<\/mark>)/);
  const nodes = [];
  let marked = false;
  for (const part of parts) {
    if (part === '<mark>') { marked = true; continue; }
    if (part === '</mark>') { marked = false; continue; }
    const text = unescapeHtml(part);
    if (text) nodes.push(marked ? h('mark', null, text) : text);
  }
  return nodes;
}

function unescapeHtml(text) {
  return text.replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, entity) =>
    ({lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&'})[entity]);
}

// ---- formatting -------------------------------------------------------------------------------------------------

const dateFormat = new Intl.DateTimeFormat('en-GB', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit',
  minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short'});

export const fmt = {
  number(value) {
    return value === null || value === undefined ? '—' : Number(value).toLocaleString('en-US');
  },
  money(value, currency) {
    if (value === null || value === undefined) return '—';
    try {
      return new Intl.NumberFormat('en-US', {style: 'currency', currency: currency || 'USD', maximumFractionDigits: 0})
        .format(Number(value));
    } catch (e) {
      return `${fmt.number(value)} ${currency || ''}`.trim();
    }
  },
  percent(share) {
    return share === null || share === undefined ? '—' : `${Math.round(Number(share) * 100)} %`;
  },
  date(value) {
    if (!value) return '—';
    const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
  },
  dateTime(value) {
    if (!value) return '—';
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
  },
  /** "3 days ago", "in 5 days", "just now". */
  ago(value) {
    if (!value) return '—';
    const ms = Date.now() - new Date(value).getTime();
    if (Number.isNaN(ms)) return value;
    const future = ms < 0;
    const minutes = Math.round(Math.abs(ms) / 60000);
    const say = (n, unit) => `${future ? 'in ' : ''}${n} ${unit}${n === 1 ? '' : 's'}${future ? '' : ' ago'}`;
    if (minutes < 1) return 'just now';
    if (minutes < 60) return say(minutes, 'minute');
    const hours = Math.round(minutes / 60);
    if (hours < 48) return say(hours, 'hour');
    const days = Math.round(hours / 24);
    if (days < 60) return say(days, 'day');
    return say(Math.round(days / 30), 'month');
  },
  /** snake_case → "Snake case". */
  label(code) {
    if (!code) return '—';
    const text = String(code).replace(/[_-]+/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  },
  text(value) {
    return value === null || value === undefined || value === '' ? '—' : String(value);
  },
};

export const EXIT_STATES = {
  at_risk: 'At risk',
  escalation_required: 'Escalation required',
  expansion_ready: 'Expansion ready',
  renewal_focus: 'Renewal focus',
  attention_needed: 'Attention needed',
  healthy: 'Healthy',
};

export const BANDS = {healthy: 'Healthy', watch: 'Watch', at_risk: 'At risk'};

export function bandBadge(band) {
  return h('span', {class: `badge band-${band || 'none'}`}, band ? BANDS[band] || fmt.label(band) : 'Not scored');
}

// ---- the console API ------------------------------------------------------------------------------------------

/** An answer other than 2xx: its status and problem document. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || `The console answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

const RELOADED_AT = 'c360.reloadedForSession';

/**
 * Calls the console's JSON. Every call says it comes from this page's script (X-Requested-With), so an expired
 * session answers 499 instead of a redirect to Keycloak: the page is then loaded again, which signs in again.
 */
export async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    credentials: 'same-origin',
    headers: {'Accept': 'application/json', 'X-Requested-With': 'JavaScript', ...(options.headers || {})},
  });
  if (response.status === 499 || response.status === 401) {
    const last = Number(sessionStorage.getItem(RELOADED_AT) || 0);
    if (Date.now() - last > 10000) {
      sessionStorage.setItem(RELOADED_AT, String(Date.now()));
      location.reload();
    }
    throw new ApiError(response.status, {detail: 'Your session has ended. Reload the page to sign in again.'});
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** "{status: ok, data}" parts of the console's answers: the data, or null. */
export function data(part) {
  return part && part.status === 'ok' ? part.data : null;
}

export function errorNotice(error) {
  return h('p', {class: 'notice error', role: 'alert'}, error instanceof ApiError ? error.message : `Something went wrong: ${error}`);
}
