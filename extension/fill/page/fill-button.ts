/**
 * The in-page fill button: a small key button at the right end of a code field, and the
 * account chooser it opens when more than one account could fill the field (newest token
 * first; previous tokens one more click away). It reacts to trusted events only, so a page
 * script calling `.click()` or dispatching events cannot make it fill anything, and only once it
 * has stood still and visible for a moment (in-page/activation-guard.ts), so a page cannot trick a
 * click onto it with an overlay or by moving it under the cursor. A host the page tampered
 * with (in-page/in-page-host.ts) is replaced by a fresh one, and the delay starts over. While
 * the vault is locked the same control shows a padlock ("Unlock to fill"): a click opens the
 * extension's unlock view.
 */
import type { FillEntry } from '../../../shared/protocol/extension-messages';
import { guardActivation, type ActivationGuard } from '../../in-page/activation-guard';
import { createInPageHost, type InPageHost } from '../../in-page/in-page-host';
import type { CodeField } from './find-code-fields';

/** One line of the chooser: no secret, no code. */
export type ChooserEntry = Pick<FillEntry, 'id' | 'issuer' | 'account' | 'previous'>;

export type FillButton = {
  /** Replaces the accounts offered. */
  update(entries: readonly ChooserEntry[]): void;
  /** Re-reads the field's position (the page scrolled or moved). */
  reposition(): void;
  remove(): void;
  readonly element: HTMLElement;
};

const SIZE = 22;
/** How often the button re-reads its field's position (one getBoundingClientRect). */
const FOLLOW_MS = 250;

const CSS = `
.key, .menu { color-scheme: light dark; font: 13px/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
button { font: inherit; cursor: pointer; }
.key { position: absolute; left: 0; top: 0; width: ${SIZE}px; height: ${SIZE}px; padding: 0; border: 1px solid #8886;
  border-radius: 6px; background: Canvas; color: CanvasText; display: grid; place-items: center; }
.key:hover, .key:focus-visible { outline: 2px solid Highlight; }
.key svg { width: 14px; height: 14px; }
.menu { position: absolute; right: -4px; top: ${SIZE + 4}px; min-width: 220px; max-width: 320px; margin: 0; padding: 4px;
  list-style: none; background: Canvas; color: CanvasText; border: 1px solid #8886; border-radius: 8px;
  box-shadow: 0 6px 24px #0004; }
.menu[hidden] { display: none; }
.menu button { display: block; width: 100%; text-align: start; padding: 6px 8px; border: 0; border-radius: 6px;
  background: transparent; color: inherit; }
.menu button:hover, .menu button:focus-visible { background: Highlight; color: HighlightText; outline: none; }
.account { display: block; opacity: .75; font-size: 12px; }
.title { padding: 4px 8px; font-size: 12px; opacity: .75; }
.more { font-size: 12px; opacity: .85; }
`;

const LOCK_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2"><rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/></svg>';

const KEY_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2"><circle cx="8" cy="15" r="4"/><path d="m10.8 12.2 8.2-8.2m-3 3 2 2m-4-1 2 2"/></svg>';

/**
 * Shows the button on `field` (its first box for split fields). `onChoose` runs after a
 * trusted click on the button (one account) or on a chooser entry.
 */
export function showFillButton(field: CodeField, entries: readonly ChooserEntry[], onChoose: (id: string) => void): FillButton {
  return showControl(field, entries, { onChoose, onUnlock: null });
}

/**
 * The control in its locked form on `field`: "Unlock to fill". `onUnlock` runs after a
 * trusted click; the page learns nothing but that its site has an account.
 */
export function showUnlockButton(field: CodeField, onUnlock: () => void): FillButton {
  return showControl(field, [], { onChoose: () => undefined, onUnlock });
}

function showControl(field: CodeField, entries: readonly ChooserEntry[], actions: { onChoose: (id: string) => void; onUnlock: (() => void) | null }): FillButton {
  const { onChoose, onUnlock } = actions;
  const anchor = field.kind === 'single' ? field.input : field.inputs[field.inputs.length - 1]!;
  const doc = anchor.ownerDocument;
  const view = doc.defaultView!;
  let offered: readonly ChooserEntry[] = entries;
  let showPrevious = false;

  const key = doc.createElement('button');
  key.type = 'button';
  key.className = 'key';
  if (onUnlock === null) {
    key.setAttribute('aria-haspopup', 'menu');
    key.setAttribute('aria-expanded', 'false');
  }
  key.innerHTML = onUnlock === null ? KEY_ICON : LOCK_ICON;
  const menu = doc.createElement('div');
  menu.className = 'menu';
  menu.setAttribute('role', 'menu');
  menu.hidden = true;
  const onKeydown = (event: Event) => {
    if ((event as KeyboardEvent).key === 'Escape' && !menu.hidden) {
      event.stopPropagation();
      openMenu(false);
      key.focus();
    }
  };
  /** A fresh host holding our controls; the page touching it gets it replaced (`rehost`). */
  const createShell = (): InPageHost => {
    const fresh = createInPageHost(anchor, CSS, { onTampered: () => rehost() });
    fresh.root.append(key, menu);
    fresh.root.addEventListener('keydown', onKeydown);
    return fresh;
  };
  let shell = createShell();
  const keyGuard = guardActivation(key);
  const menuGuard = guardActivation(menu);

  const label = () => {
    if (onUnlock !== null) {
      key.title = 'Unlock to fill: the vault is locked';
      key.setAttribute('aria-label', 'Unlock to fill');
      return;
    }
    const only = offered.length === 1 ? offered[0] : undefined;
    key.title = only ? `Fill the code for ${describe(only)}` : 'Choose an account to fill the code';
    key.setAttribute('aria-label', key.title);
  };

  const openMenu = (open: boolean) => {
    menu.hidden = !open;
    key.setAttribute('aria-expanded', String(open));
    if (open) renderMenu();
  };

  const renderMenu = () => {
    menu.replaceChildren();
    const title = doc.createElement('div');
    title.className = 'title';
    title.textContent = 'Fill the code for';
    menu.append(title);
    const current = offered.filter((e) => !e.previous);
    const previous = offered.filter((e) => e.previous);
    for (const entry of current) menu.append(entryButton(entry));
    if (previous.length > 0 && !showPrevious) {
      const more = doc.createElement('button');
      more.type = 'button';
      more.className = 'more';
      more.setAttribute('role', 'menuitem');
      more.textContent = `Previous tokens (${previous.length})`;
      more.addEventListener('click', trusted(menuGuard, () => {
        showPrevious = true;
        renderMenu();
        menu.querySelector<HTMLElement>('[data-previous]')?.focus();
      }));
      menu.append(more);
    }
    if (showPrevious) for (const entry of previous) menu.append(entryButton(entry));
    // New entries, new box: what is under the cursor may be another entry now. Measured after
    // the change (the guard compares later boxes with this one).
    menuGuard.moved();
  };

  const entryButton = (entry: ChooserEntry) => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.setAttribute('role', 'menuitem');
    button.dataset.id = entry.id;
    button.setAttribute('aria-label', describe(entry));
    if (entry.previous) button.dataset.previous = '';
    const issuer = doc.createElement('span');
    issuer.textContent = entry.issuer || entry.account;
    const account = doc.createElement('span');
    account.className = 'account';
    account.textContent = entry.previous ? `${entry.account} (previous token)` : entry.account;
    button.append(issuer, account);
    button.addEventListener('click', trusted(menuGuard, () => {
      openMenu(false);
      onChoose(entry.id);
    }));
    return button;
  };

  key.addEventListener('click', trusted(keyGuard, () => {
    if (onUnlock !== null) return onUnlock();
    const only = offered.length === 1 ? offered[0] : undefined;
    if (only) onChoose(only.id);
    else openMenu(menu.hidden === true);
  }));
  // Keep the field focused: a press on our button must not blur what the user is typing into.
  key.addEventListener('mousedown', (event) => event.preventDefault());
  const onOutside = (event: Event) => {
    if (!menu.hidden && !event.composedPath().includes(shell.host)) openMenu(false);
  };
  doc.addEventListener('pointerdown', onOutside, true);

  let frame = 0;
  let placed = '';
  const reposition = () => {
    frame = 0;
    if (!anchor.isConnected) return remove();
    const box = anchor.getBoundingClientRect();
    const hidden = box.width === 0 && box.height === 0;
    const visibility = hidden ? 'hidden' : 'visible';
    const x = Math.round(box.right - SIZE - 4);
    const y = Math.round(box.top + (box.height - SIZE) / 2);
    shell.setStyle('visibility', visibility);
    shell.place(x, y);
    // Shown again or moved: a click now may have been aimed at what was there before. After
    // the move, so that the guards measure the box the control has now.
    if (`${visibility} ${x} ${y}` !== placed) {
      placed = `${visibility} ${x} ${y}`;
      keyGuard.moved();
      menuGuard.moved();
    }
  };

  /** The page touched our host: move the controls into a fresh one, where we put it, and start the delay over. */
  function rehost(): void {
    const old = shell;
    shell = createShell();
    old.remove();
    placed = '';
    reposition();
    keyGuard.moved();
    menuGuard.moved();
  }
  const schedule = () => {
    if (frame === 0) frame = view.requestAnimationFrame(reposition);
  };
  view.addEventListener('scroll', schedule, { capture: true, passive: true });
  view.addEventListener('resize', schedule, { passive: true });
  const resizeObserver = typeof view.ResizeObserver === 'function' ? new view.ResizeObserver(schedule) : null;
  resizeObserver?.observe(anchor);
  // Frameworks move fields without resizing them (a dialog's content changing above the
  // field): a cheap look now and then keeps the button on its field, never over the page.
  const follow = view.setInterval(schedule, FOLLOW_MS);

  function remove() {
    view.removeEventListener('scroll', schedule, { capture: true });
    view.removeEventListener('resize', schedule);
    doc.removeEventListener('pointerdown', onOutside, true);
    resizeObserver?.disconnect();
    keyGuard.disconnect();
    menuGuard.disconnect();
    view.clearInterval(follow);
    if (frame !== 0) view.cancelAnimationFrame(frame);
    shell.remove();
  }

  label();
  reposition();
  return {
    update(next) {
      offered = next;
      label();
      if (!menu.hidden) renderMenu();
    },
    reposition,
    remove,
    get element() {
      return shell.host;
    },
  };
}

function describe(entry: ChooserEntry): string {
  const name = entry.issuer ? `${entry.issuer} (${entry.account})` : entry.account;
  return entry.previous ? `${name}, previous token` : name;
}

/**
 * Wraps a listener so that synthetic events (page scripts, `.click()`) do nothing, nor do
 * clicks `guard` refuses (the control just appeared or moved, or something covers it).
 */
function trusted(guard: ActivationGuard, listener: () => void): (event: Event) => void {
  return (event) => {
    if (!event.isTrusted) return;
    event.preventDefault();
    event.stopPropagation();
    if (guard.allows()) listener();
  };
}
