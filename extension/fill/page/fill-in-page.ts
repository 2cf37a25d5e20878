/**
 * The content script's fill flow for one document: watch for code fields, ask the
 * background what this page may have (the background decides from the sender's own site),
 * fill automatically where the policy says so, put the fill button on the fields otherwise,
 * and fill what the background pushes (the confirmation code after a scan, a fill the user
 * started from the popup or an automated test).
 *
 * The page never sees an account or a code until one is in its field; codes are asked for
 * only when a field is ready to take one, because the background counts every code it hands
 * out as used (so the next fill gets the next step's code).
 */
import { checkFill, fillCodeField, isFieldEmpty, isFieldUntouched } from './fill-field';
import type { FillEntry, PageCodeOffer, PageFillPlan } from '../../../shared/protocol/extension-messages';
import { showFillButton, showUnlockButton, type FillButton } from './fill-button';
import { findCodeFields, type CodeField, type FindOptions } from './find-code-fields';
import { submitField } from './submit-field';
import { watchCodeFields, type CodeFieldWatcher } from './watch-code-fields';

/** The background, as seen from the page (messages in production, plain functions in tests). */
export type { PageCodeOffer, PageFillPlan };

export type PageFillBackend = {
  /** The plan for the sender's page; `withCode`: a field is ready, include the automatic code. */
  plan(request: { withCode: boolean }): Promise<PageFillPlan>;
  /**
   * The code of one offered account: for a fill the user asked for (`byUser`: a click on the
   * fill button), or an automatic fill still waiting for a code a step ahead.
   */
  code(accountId: string, byUser: boolean): Promise<PageCodeOffer>;
  /** The user clicked "Unlock to fill": show the extension's unlock view. */
  unlock(): Promise<void>;
};

export type PageFill = {
  /** Fills `code` into the first field that can take it (a fill the background started). */
  fillNow(code: string, options: { submit: boolean }): Promise<boolean>;
  /** Asks the background again (accounts changed). */
  refresh(): void;
  /** The vault was unlocked after "Unlock to fill": plan every field again and fill by the usual rules. */
  resume(): Promise<void>;
  stop(): void;
};

export type PageFillOptions = Pick<FindOptions, 'layout' | 'readShadowRoot'> & {
  minIntervalMs?: number;
  /** Called after each fill, for feedback and tests. */
  onFilled?: (field: CodeField, how: 'automatic' | 'button' | 'pushed') => void;
};

const WAIT_MARGIN_MS = 20;

const keyOf = (field: CodeField) => (field.kind === 'single' ? field.input : field.inputs[0]!);

export function startPageFill(doc: Document, backend: PageFillBackend, options: PageFillOptions = {}): PageFill {
  const view = doc.defaultView!;
  const buttons = new Map<HTMLInputElement, { button: FillButton; field: CodeField }>();
  /** "Unlock to fill" controls, while the vault is locked. */
  const lockedButtons = new Map<HTMLInputElement, FillButton>();
  let submitAfterFill = false;
  let stopped = false;
  let pending: number | null = null;

  const fill = async (field: CodeField, offer: PageCodeOffer, accountId: string, how: 'automatic' | 'button'): Promise<void> => {
    let { code, notBefore } = offer;
    // The next acceptable code may be a step ahead: wait for it instead of filling one the
    // server refuses. Timers may fire a little early, hence the margin and the few retries.
    for (let attempt = 0; code === null && attempt < 3; attempt++) {
      await new Promise<void>((resolve) => (pending = view.setTimeout(resolve, Math.max(0, notBefore - Date.now()) + WAIT_MARGIN_MS)));
      pending = null;
      if (stopped || !keyOf(field).isConnected) return;
      ({ code, notBefore } = await backend.code(accountId, how === 'button'));
    }
    if (code === null) return;
    if ((await fillCodeField(field, code)) !== 'filled') return;
    options.onFilled?.(field, how);
    if (submitAfterFill) submitField(field);
  };

  const showButtons = (fields: CodeField[], offer: FillEntry[]) => {
    for (const field of fields) {
      const key = keyOf(field);
      const existing = buttons.get(key);
      if (existing) {
        existing.button.update(offer);
        continue;
      }
      const button = showFillButton(field, offer, (accountId) => {
        // Never overwrite what the user typed, and never spend a code on a field that cannot take it.
        if (!isFieldUntouched(field)) return;
        backend.code(accountId, true).then((offered) => fill(field, offered, accountId, 'button'), ignore);
      });
      buttons.set(key, { button, field });
    }
  };

  const showLocked = (fields: CodeField[]) => {
    for (const field of fields) {
      const key = keyOf(field);
      if (lockedButtons.has(key) || buttons.has(key)) continue;
      lockedButtons.set(key, showUnlockButton(field, () => void backend.unlock().catch(ignore)));
    }
  };

  const dropLocked = () => {
    for (const button of lockedButtons.values()) button.remove();
    lockedButtons.clear();
  };

  /** Drops the buttons of fields that are gone and moves the others with their fields. */
  const prune = (all: CodeField[]) => {
    const alive = new Set(all.map(keyOf));
    for (const [key, button] of lockedButtons) {
      if (!alive.has(key)) {
        button.remove();
        lockedButtons.delete(key);
      } else button.reposition();
    }
    for (const [key, { button }] of buttons) {
      if (!alive.has(key)) {
        button.remove();
        buttons.delete(key);
      } else button.reposition();
    }
  };

  const onFields = async (added: CodeField[], all: CodeField[]) => {
    prune(all);
    if (added.length === 0 || stopped) return;
    // Automatic fills go into empty fields only: a field we filled before keeps its code.
    const ready = added.find(isFieldEmpty);
    let plan: PageFillPlan;
    try {
      plan = await backend.plan({ withCode: ready !== undefined });
    } catch {
      return; // Locked vault, extension reloaded: this page simply gets no help.
    }
    if (stopped) return;
    if (plan.locked) return showLocked(added);
    dropLocked();
    submitAfterFill = plan.submitAfterFill;
    if (plan.offer.length > 0) showButtons(added, plan.offer);
    if (plan.automatic && ready) await fill(ready, plan.automatic, plan.automatic.accountId, 'automatic').catch(ignore);
  };

  const watcher: CodeFieldWatcher = watchCodeFields(doc, (added, all) => void onFields(added, all), {
    layout: options.layout,
    readShadowRoot: options.readShadowRoot,
    minIntervalMs: options.minIntervalMs,
  });

  return {
    async fillNow(code, { submit }) {
      // A fresh look: the field may have appeared since the watcher's last scan.
      for (const field of findCodeFields(doc, { layout: options.layout, readShadowRoot: options.readShadowRoot })) {
        if (checkFill(field, code) !== null) continue;
        if ((await fillCodeField(field, code)) !== 'filled') continue;
        options.onFilled?.(field, 'pushed');
        if (submit) submitField(field);
        return true;
      }
      return false;
    },
    refresh: () => watcher.rescan(),
    async resume() {
      if (stopped) return;
      dropLocked();
      const all = findCodeFields(doc, { layout: options.layout, readShadowRoot: options.readShadowRoot });
      await onFields(all, all);
    },
    stop() {
      stopped = true;
      watcher.stop();
      if (pending !== null) view.clearTimeout(pending);
      for (const { button } of buttons.values()) button.remove();
      buttons.clear();
      dropLocked();
    },
  };
}

function ignore(): void {}
