/**
 * The scan, from click to saved account: make the tab active, list the page's QR candidates,
 * capture, decode crops (then the whole frame, then candidates scrolled into view, then a
 * rectangle the user drags), sort what was found, ask the user when there is a choice or a
 * suspicious issuer, check the tab is still on the captured page, save through the vault,
 * tell the user, and run the after-scan hooks. Questions to the user survive a worker restart
 * (scan-flow-store.ts): the page's answer resumes the flow in `answer`.
 */
import { browser } from 'wxt/browser';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { OtpParams } from '../../shared/otp';
import type { AccountSummary, ScanResult } from '../../shared/protocol/automation';
import type { AccountView, AddOutcome } from '../../shared/protocol/extension-messages';
import type { MigrationScanResult } from '../../shared/protocol/backup';
import { siteOf, type SiteBinding } from '../../shared/site/site-of';
import { toSummary } from '../vault/account-record';
import { runAfterScan } from './after-scan';
import { callScanPage } from './call-scan-page';
import { captureTab } from './capture-tab';
import { checkIssuerSite } from './check-issuer-site';
import { classifyQr, type QrContent } from './classify-qr';
import { toCaptureRect, toCssRect } from './crop-rect';
import { checkFrameOrigin } from './check-frame-origin';
import { listForeignFrames, type BrowserFrames } from './list-foreign-frames';
import { decodeQr } from './decode-qr';
import { decodeCrop, FRAME_MAX_SIDE, findCodes, type FoundText } from './find-codes';
import { rasteriseImage } from './rasterise-image';
import { ScanError } from './scan-error';
import { clearFlow, FLOW_TTL_MS, loadFlow, saveFlow, type FlowStep, type FoundCode, type ScanFlow } from './scan-flow-store';
import { accountLabel } from '../messaging/account-label';
import { addedMessage, mismatchMessage } from './scan-messages';
import { SETTLED_AFTER_MS, type PageReport, type ScanAnswer } from '../messaging/scan-page-protocol';

export type ScanDeps = {
  /** Saves parsed `params` bound to `page` (null: unbound), by the vault's duplicate and replace rules. */
  addAccount(params: OtpParams, page: SiteBinding | null): Promise<{ account: AccountView; outcome: AddOutcome }>;
  /** One scanned Google Authenticator export code (the backup feature); absent: not supported. */
  importMigration?(uri: string): Promise<MigrationScanResult>;
};

export type ScanOptions = {
  /**
   * When nothing is found, let the user drag a rectangle around the code (the buttons, menu
   * and shortcut do). Automation gets `[no_qr_found]` at once instead: no one is there to drag.
   */
  interactive?: boolean;
};

/** Off-screen candidates scrolled into view, at most, before giving up (each costs a capture). */
export const MAX_REVEALS = 3;
/** An import that waits longer than this for the user gets a toast saying where to confirm it. */
const IMPORT_NOTICE_MS = 300;

type Flow = Omit<ScanFlow, 'step'>;
type Outcome = { result: ScanResult } | { waiting: true };
type Waiter = { flowId: string; resolve(result: ScanResult): void; reject(error: unknown): void; timer: ReturnType<typeof setTimeout> };
type OtpContent = Extract<QrContent, { kind: 'otpauth' }>;

export type Scanner = ReturnType<typeof createScanner>;

/** Creates the scanner; call once at the worker's top level (it listens to tab events). */
export function createScanner(deps: ScanDeps) {
  /** Callers waiting for the user in this worker's lifetime, by tab. */
  const waiters = new Map<number, Waiter>();
  /** When each tab was last brought forward, as this worker saw it (a restarted worker knows none). */
  const shownAt = new Map<number, number>();

  browser.tabs.onActivated.addListener(({ tabId }) => {
    shownAt.set(tabId, performance.now());
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    shownAt.delete(tabId);
    void abandon(tabId, new ScanError('tab_changed', 'The tab was closed before the scan finished; nothing was saved.'));
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    // A new URL or a reload: the question on the page (and the code it was about) is gone.
    if ((change.url || change.status === 'loading') && waiters.has(tabId)) {
      void abandon(tabId, new ScanError('tab_changed', 'The page changed before the scan finished; nothing was saved.'));
    }
  });

  /** Scans the visible page of `tabId` (made active first) and saves the code found. */
  async function scanTab(tabId: number, options: ScanOptions = {}): Promise<ScanResult> {
    await abandon(tabId, new ScanError('cancelled', 'A new scan of this tab replaced this one.'));
    try {
      const { windowId, wasActive, url } = await activate(tabId);
      // A tab on screen for a while is captured while the page lists its candidates. A tab just
      // brought forward (by us, or by a test's bringToFront a moment ago; headless Chromium
      // keeps every tab "visible", so the page cannot tell) may still present an older frame:
      // the page first waits for its pixels and two frames, and the capture comes after.
      const shown = shownAt.get(tabId);
      const justShown = !wasActive || shown === undefined || performance.now() - shown < SETTLED_AFTER_MS;
      // From now on this worker knows the tab is on screen (a worker started since it was shown cannot know when).
      if (justShown && (!wasActive || shown === undefined)) shownAt.set(tabId, performance.now());
      // The early capture counts only if the page says it was settled (page/settle-pixels.ts).
      const early = justShown ? null : captureTab(windowId);
      early?.catch(() => undefined);
      // The browser's own count of frames from other origins, while the page lists its own.
      const frames = listForeignFrames(tabId).catch(() => UNCOUNTED_FRAMES);
      const report = await callScanPage(tabId, 'collect', justShown);
      // Else the early capture may be older than the page's pixels (or show an earlier scan's
      // toast): capture again, now the page has waited for its pixels and two frames.
      const first = early && report.fresh ? early : captureTab(windowId);
      // From the browser, not the page; checked again (with the page's token) before saving.
      const pageUrl = url ?? report.url;
      const found = await readPage(windowId, tabId, report, first, frames, first === early);
      const texts = found.map((f) => f.text);
      // The page's origin and site, once: every check and the save use these.
      const flow: Flow = { id: crypto.randomUUID(), tabId, windowId, pageUrl, page: siteOf(pageUrl), token: report.token, startedAt: Date.now() };
      const outcome =
        texts.length > 0
          ? await decide(flow, texts)
          : options.interactive
            ? await ask(flow, { kind: 'select' })
            : noQrFound('No QR code was found on this page. Make sure the whole code is visible, then scan again.');
      if ('result' in outcome) return outcome.result;
      return await new Promise<ScanResult>((resolve, reject) => {
        const timer = setTimeout(() => void abandon(tabId, new ScanError('cancelled', 'The question on the page went unanswered; nothing was saved.')), FLOW_TTL_MS);
        waiters.set(tabId, { flowId: flow.id, resolve, reject, timer });
      });
    } catch (error) {
      await tell(tabId, error);
      throw error;
    }
  }

  /** The page's answer to a question in tab `tabId` (taken from the sender). Resumes the flow. */
  async function answer(tabId: number, flowId: string, reply: ScanAnswer): Promise<void> {
    const flow = await loadFlow(tabId);
    if (!flow || flow.id !== flowId) return; // A stale dialog: that flow is gone.
    const waiter = waiters.get(tabId);
    try {
      // The question is answered: it is no longer stored (a follow-up question stores itself).
      await clearFlow(tabId);
      const outcome = await resume(flow, reply);
      if ('waiting' in outcome) return;
      settle(tabId, (w) => w.resolve(outcome.result), waiter);
    } catch (error) {
      await tell(tabId, error);
      settle(tabId, (w) => w.reject(error), waiter);
    }
  }

  /**
   * Decodes an image file or pasted image and saves its code, bound to the page at
   * `target.url` when that is a web page (else unbound, like an import). A suspicious issuer
   * needs `acceptIssuer` (else [issuer_mismatch]).
   */
  async function scanImage(image: string | Blob, target: { tabId: number | null; url: string | null }, options: { acceptIssuer?: boolean } = {}): Promise<ScanResult> {
    const raster = await rasteriseImage(image);
    let text: string | null;
    try {
      text = decodeQr(raster.pixels(undefined, FRAME_MAX_SIDE));
    } finally {
      raster.close();
    }
    if (text === null) throw new ScanError('no_qr_found', 'No QR code was found in this image. Try a sharper or larger picture of the code.');
    const content = classifyQr(text);
    if (content.kind === 'migration') return importMigrations([content.uri], null);
    const code = pickAccount([content]);
    const page = target.url === null ? null : siteOf(target.url);
    const mismatch = checkIssuerSite(code.params.issuer, page?.site ?? null);
    if (mismatch && !options.acceptIssuer) throw new ScanError('issuer_mismatch', mismatchMessage(mismatch));
    return saved(target.tabId, page === null ? null : target.url, await deps.addAccount(code.params, page));
  }

  // ---- steps ---------------------------------------------------------------------------

  /**
   * The codes the page shows, from `shot` (a capture of `first`) on, scrolling candidates into
   * view. A code inside a frame of another origin ends the scan: it is that site's, not this page's.
   */
  async function readPage(windowId: number, tabId: number, first: PageReport, shot: Promise<string>, frames: Promise<BrowserFrames>, early: boolean): Promise<FoundText[]> {
    const tried = new Set<number>();
    const revealed = new Set<number>();
    let report = first;
    for (let reveals = 0; ; reveals++) {
      let found = await decodeShot(reveals === 0 ? shot : captureTab(windowId), report, tried);
      if (reveals === 0 && early && found.length === 0 && report.candidates.some((c) => c.inView)) {
        // The page was settled, yet its in-view candidates show no code in a capture begun
        // before it answered (a script may have drawn the code just then): never answer "no QR
        // code" from that capture alone.
        tried.clear();
        found = await decodeShot(captureTab(windowId), report, tried);
      }
      if (found.length > 0) checkFrameOrigin(found, { page: report.foreignFrames, browser: await frames, candidates: report.candidates });
      if (found.length > 0 || reveals >= MAX_REVEALS) return found;
      // Nothing in view: scroll the most QR-like candidate not yet decoded into view, capture again.
      const next = report.candidates.find((c) => !c.inView && !tried.has(c.id) && !revealed.has(c.id));
      if (!next) return found;
      revealed.add(next.id);
      const fresh = await callScanPage(tabId, 'reveal', next.id);
      if (!fresh) return found;
      report = fresh;
    }
  }

  /** The codes in one capture of the page `report` describes. */
  async function decodeShot(shot: Promise<string>, report: PageReport, tried: Set<number>): Promise<FoundText[]> {
    const raster = await rasteriseImage(await shot);
    try {
      return findCodes(raster, report, { fullFrame: true, tried });
    } finally {
      raster.close();
    }
  }

  async function decide(flow: Flow, texts: string[]): Promise<Outcome> {
    const contents = texts.map((text) => classifyQr(text));
    const accounts = contents.filter((c): c is OtpContent => c.kind === 'otpauth');
    if (accounts.length > 1) {
      return ask(flow, { kind: 'choose', codes: accounts.map((a) => ({ params: a.params, label: accountLabel(a.params) })) });
    }
    if (accounts.length === 0) {
      const exports = contents.flatMap((c) => (c.kind === 'migration' ? [c.uri] : []));
      if (exports.length > 0) return { result: await importMigrations(exports, flow.tabId) };
    }
    const code = pickAccount(contents);
    return checkIssuer(flow, { params: code.params, label: accountLabel(code.params) });
  }

  async function checkIssuer(flow: Flow, code: FoundCode): Promise<Outcome> {
    const mismatch = checkIssuerSite(code.params.issuer, flow.page?.site ?? null);
    if (mismatch) return ask(flow, { kind: 'confirm-issuer', code, mismatch });
    return { result: await save(flow, code) };
  }

  async function resume(flow: ScanFlow, reply: ScanAnswer): Promise<Outcome> {
    const step = flow.step;
    if (reply.kind === 'cancel') throw new ScanError('cancelled', 'The scan was cancelled; nothing was saved.');
    if (step.kind === 'choose' && reply.kind === 'choose') {
      const code = step.codes[reply.index];
      if (!code) throw new ScanError('cancelled', 'That choice is no longer on offer; nothing was saved.');
      return checkIssuer(flow, code);
    }
    if (step.kind === 'confirm-issuer' && reply.kind === 'confirm') return { result: await save(flow, step.code) };
    if (step.kind === 'select' && reply.kind === 'select') {
      const [shot, frames, browserFrames] = await Promise.all([captureTab(flow.windowId), callScanPage(flow.tabId, 'frames'), listForeignFrames(flow.tabId).catch(() => UNCOUNTED_FRAMES)]);
      const raster = await rasteriseImage(shot);
      let found: FoundText | null = null;
      try {
        const crop = toCaptureRect(reply.rect, reply.viewport, raster, { margin: 0 });
        const code = crop ? decodeCrop(raster, crop) : null;
        if (code) found = { text: code.text, at: toCssRect(code.box, reply.viewport, raster) };
      } finally {
        raster.close();
      }
      if (found === null) return noQrFound('No QR code was found in the selected area. Scan again and select the whole code, with a little margin.');
      // A dragged rectangle is no picture of the page: with an incomplete frame list, refused.
      checkFrameOrigin([found], { page: frames, browser: browserFrames, candidates: [] });
      return decide(flow, [found.text]);
    }
    throw new ScanError('cancelled', 'The page answered a question that was not asked; nothing was saved.');
  }

  /** Stores the flow at `step`, shows the question in the page, and leaves the rest to `answer`. */
  async function ask(flow: Flow, step: FlowStep): Promise<Outcome> {
    await saveFlow({ ...flow, step });
    if (step.kind === 'select') {
      await callScanPage(flow.tabId, 'select', flow.id, 'No QR code found. Drag a rectangle around the QR code, or press Esc to cancel.');
    } else if (step.kind === 'choose') {
      await callScanPage(flow.tabId, 'prompt', flow.id, {
        title: 'Which code do you want to add?',
        message: `This page shows ${step.codes.length} authenticator QR codes.`,
        actions: step.codes.map((code, index) => ({ label: code.label, answer: { kind: 'choose', index } })),
      });
    } else {
      await callScanPage(flow.tabId, 'prompt', flow.id, {
        title: `Is this really ${step.mismatch.service}?`,
        message: mismatchMessage(step.mismatch),
        actions: [{ label: `Save for ${step.mismatch.site} anyway`, answer: { kind: 'confirm' } }],
      });
    }
    return { waiting: true };
  }

  /** Checks the tab still shows the captured document, then saves. */
  async function save(flow: Flow, code: FoundCode): Promise<ScanResult> {
    await checkStillOnPage(flow);
    return saved(flow.tabId, flow.pageUrl, await deps.addAccount(code.params, flow.page));
  }

  /** The one place a scan ends well: tell the user (page toast) and run the after-scan hooks. */
  async function saved(tabId: number | null, pageUrl: string | null, { account, outcome }: { account: AccountView; outcome: AddOutcome }): Promise<ScanResult> {
    const added = [toSummary(account)];
    const message = addedMessage(account, outcome);
    // The after-scan steps get the accounts just saved: none of them looks them up again.
    const filled = pageUrl === null ? false : await runAfterScan({ tabId, pageUrl, saved: [account] });
    // After the hooks: the toast's drawing would otherwise hold up the page that fills the code.
    if (tabId !== null && pageUrl !== null) {
      void callScanPage(tabId, 'toast', filled ? `${message}, and filled the code` : message, 'success').catch(() => undefined);
    }
    return { added, filled, message };
  }

  /** Hands Google Authenticator export codes to the backup feature ("2 of 3 scanned", then the import). */
  async function importMigrations(uris: string[], tabId: number | null): Promise<ScanResult> {
    if (!deps.importMigration) {
      throw new ScanError('not_supported', 'This QR code is a Google Authenticator export (otpauth-migration://). Importing exports is not supported in this build; nothing was saved.');
    }
    const toast = (text: string, tone: 'success' | 'info') => tabId !== null && void callScanPage(tabId, 'toast', text, tone).catch(() => undefined);
    let last: MigrationScanResult | null = null;
    const added: AccountSummary[] = [];
    for (const uri of uris) {
      const pending = deps.importMigration(uri);
      // With "ask before importing" on, the import waits for the popup: say so in the page.
      const notice = setTimeout(() => toast('Open the Phone-free Authenticator popup to review and confirm this import.', 'info'), IMPORT_NOTICE_MS);
      try {
        last = await pending;
      } finally {
        clearTimeout(notice);
      }
      added.push(...last.added);
    }
    const message = last && !last.complete ? last.message : `Imported ${added.length} account${added.length === 1 ? '' : 's'} from the Google Authenticator export.`;
    toast(message, last?.complete ? 'success' : 'info');
    return { added, filled: false, message };
  }

  async function checkStillOnPage(flow: Flow): Promise<void> {
    const changed = () => new ScanError('tab_changed', 'The tab left the page with the QR code before it could be saved; nothing was saved. Scan again on that page.');
    const [tab, identity] = await Promise.all([browser.tabs.get(flow.tabId).catch(() => null), callScanPage(flow.tabId, 'identify').catch(() => null)]);
    if (!tab?.url || withoutHash(tab.url) !== withoutHash(flow.pageUrl)) throw changed();
    if (identity?.token !== flow.token) throw changed();
  }

  // ---- helpers -------------------------------------------------------------------------

  function settle(tabId: number, how: (waiter: Waiter) => void, waiter = waiters.get(tabId)): void {
    if (!waiter || waiters.get(tabId) !== waiter) return;
    waiters.delete(tabId);
    clearTimeout(waiter.timer);
    how(waiter);
  }

  /**
   * Ends the tab's waiting flow, if this worker has one, with `error`. A flow stored by an
   * earlier worker needs no more: its question leaves the page with the next scan's collect
   * (or the page itself), and the next question replaces it in storage.
   */
  async function abandon(tabId: number, error: ScanError): Promise<void> {
    if (!waiters.has(tabId)) return;
    settle(tabId, (w) => w.reject(error));
    await clearFlow(tabId);
    if (error.code !== 'tab_changed') await callScanPage(tabId, 'dismiss').catch(() => undefined);
  }

  /** Shows why the scan failed in the page (not where the page is gone or out of reach). */
  async function tell(tabId: number, error: unknown): Promise<void> {
    const e = AuthenticatorError.from(error);
    if (e.code === 'tab_changed' || e.code === 'cannot_scan_page') return;
    await callScanPage(tabId, 'toast', e.reason, e.code === 'cancelled' ? 'info' : 'error').catch(() => undefined);
  }

  return { scanTab, answer, scanImage };
}

/** The single otpauth account among `contents`, or the error that says why there is none. */
function pickAccount(contents: QrContent[]): OtpContent {
  const account = contents.find((c): c is OtpContent => c.kind === 'otpauth');
  if (account) return account;
  const unusable = contents.find((c): c is Extract<QrContent, { kind: 'unusable' }> => c.kind === 'unusable');
  throw unusable?.error ?? new ScanError('no_qr_found', 'No QR code was found.');
}

function noQrFound(message: string): never {
  throw new ScanError('no_qr_found', message);
}

/** When the browser could not count the frames: the page's list cannot be checked, so it counts as incomplete. */
const UNCOUNTED_FRAMES: BrowserFrames = { count: Number.POSITIVE_INFINITY, origins: [] };

/** Makes `tabId` the active tab of its window. */
async function activate(tabId: number): Promise<{ windowId: number; wasActive: boolean; url: string | undefined }> {
  const tab = await browser.tabs.get(tabId).catch((cause: unknown) => {
    throw new ScanError('tab_changed', `There is no tab ${tabId} any more.`, { cause });
  });
  if (!tab.active) await browser.tabs.update(tabId, { active: true });
  return { windowId: tab.windowId!, wasActive: tab.active, url: tab.url };
}

function withoutHash(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}
