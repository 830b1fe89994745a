// The console's entry point: who is signed in, the page the path names, and links that change the page without a
// reload (history API). Pages: / (find a customer), /customers/{id}, /dashboard.
import {h, api, errorNotice, replace} from './dom.js';
import {renderFinder} from './finder.js';
import {renderCustomer} from './customer.js';
import {renderDashboard} from './dashboard.js';

const main = document.getElementById('main');
const who = document.getElementById('who');

const routes = [
  {pattern: /^\/$/, nav: 'finder', render: renderFinder},
  {pattern: /^\/customers\/([^/]+)$/, nav: null, render: renderCustomer},
  {pattern: /^\/dashboard$/, nav: 'dashboard', render: renderDashboard},
];

// Asked once per page load; each page waits for it only when it needs it, so its own data loads in parallel.
const me = api('/console/api/me');
me.then(showWho, () => {});

function showWho(person) {
  const roles = person.roles.map(role => role.replace(/^c360\./, '')).join(', ') || 'no console role';
  who.replaceChildren(
    h('span', null, h('strong', null, person.user), ` · ${person.tenant}`),
    h('span', {class: 'roles'}, roles),
    h('a', {href: '/console/logout'}, 'Sign out'));
}

let generation = 0;

export function navigate(url, {replace = false} = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  route(true);
}

async function route(moveFocus) {
  const mine = ++generation;
  const path = location.pathname;
  const match = routes.map(r => ({r, m: path.match(r.pattern)})).find(x => x.m);
  document.querySelectorAll('[data-nav]').forEach(link => {
    if (match && link.dataset.nav === match.r.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
  if (!match) {
    replace(main, h('h1', {tabindex: -1}, 'Page not found'), h('p', null, h('a', {href: '/', 'data-link': true}, 'Find a customer')));
    return;
  }
  const ctx = {
    params: match.m.slice(1).map(decodeURIComponent),
    me,
    navigate,
    current: () => mine === generation,
    show(...nodes) {
      if (mine !== generation) return false;
      replace(main, nodes);
      return true;
    },
  };
  try {
    const person = await Promise.race([me, new Promise(resolve => setTimeout(resolve, 0, null))]);
    if (person && !person.roles.includes('c360.viewer')) {
      ctx.show(h('h1', {tabindex: -1}, 'No access'), h('p', {class: 'notice error'},
        `${person.user} is signed in but lacks the role c360.viewer, which the console needs.`));
      return;
    }
    await match.r.render(ctx);
  } catch (error) {
    ctx.show(errorNotice(error));
  }
  // after a page change, the heading takes the focus (unless the page put it somewhere, e.g. the search box)
  if (moveFocus && ctx.current() && !main.contains(document.activeElement)) {
    const heading = main.querySelector('h1');
    (heading || main).focus({preventScroll: false});
  }
}

// Links marked data-link change the page in place; modified clicks (new tab, …) keep the browser's behaviour.
document.addEventListener('click', event => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[data-link]');
  if (!link || link.origin !== location.origin) return;
  event.preventDefault();
  navigate(link.pathname + link.search + link.hash);
});

// "/" jumps to the search box from anywhere (except while typing).
document.addEventListener('keydown', event => {
  if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey) return;
  const target = event.target;
  if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
  event.preventDefault();
  const search = document.getElementById('q');
  if (search) search.focus();
  else navigate('/');
});

window.addEventListener('popstate', () => route(true));
route(false);
