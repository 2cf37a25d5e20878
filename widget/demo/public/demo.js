// The demo site's only script (a file, not inline: the CSP forbids inline scripts).
// 1. Personal Settings tabs: switch panels in place, arrow keys move between tabs.
// 2. When a two-factor element reports `two-factor-reauth-required`, ask for the password,
//    post it to /reauth (which renews the session), then call the element's retry().

function setUpTabs() {
  const tablist = document.querySelector('[role="tablist"]');
  if (!tablist) return;
  const tabs = Array.from(tablist.querySelectorAll('[role="tab"]'));
  const select = (tab, focus) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(t.getAttribute('aria-controls'));
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
    history.replaceState(null, '', tab.getAttribute('href'));
  };
  for (const tab of tabs) {
    tab.tabIndex = tab.getAttribute('aria-selected') === 'true' ? 0 : -1;
    tab.addEventListener('click', (event) => {
      event.preventDefault();
      select(tab, false);
    });
    tab.addEventListener('keydown', (event) => {
      const i = tabs.indexOf(tab);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      select(tabs[(next + tabs.length) % tabs.length], true);
    });
  }
}

function setUpReauth() {
  const dialog = document.getElementById('reauth-dialog');
  const form = document.getElementById('reauth-form');
  if (!dialog || !form) return;
  const password = document.getElementById('reauth-password');
  const error = document.getElementById('reauth-error');
  let waiting = null; // the element whose request needs a fresh sign-in

  document.addEventListener('two-factor-reauth-required', (event) => {
    waiting = event.composedPath().find((node) => typeof node?.retry === 'function') ?? event.target;
    error.hidden = true;
    password.value = '';
    if (!dialog.open) dialog.showModal();
    password.focus();
  });

  document.getElementById('reauth-cancel').addEventListener('click', () => {
    waiting = null;
    dialog.close();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const response = await fetch('/reauth', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ password: password.value }),
      credentials: 'same-origin',
    }).catch(() => null);
    if (!response || !response.ok) {
      const body = response ? await response.json().catch(() => null) : null;
      error.textContent = body?.error?.message ?? 'Could not reach the server. Try again.';
      error.hidden = false;
      password.select();
      return;
    }
    dialog.close();
    const element = waiting;
    waiting = null;
    if (element && typeof element.retry === 'function') element.retry();
  });
}

setUpTabs();
setUpReauth();
