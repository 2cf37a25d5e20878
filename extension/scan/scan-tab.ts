/**
 * The scan, from click to saved account: make the tab active, list the page's QR candidates,
 * capture, decode crops (then the whole frame, then candidates scrolled into view, then a
 * rectangle the user drags), sort what was found, ask the user when there is a choice or a
 * suspicious issuer, check the tab is still on the captured page, save through the vault,
 * tell the user, and run the after-scan hooks. Questions to the user survive a worker restart
 * (scan-flow-store.ts): the page's answer resumes the flow in `answer`.
 */
import { browser } from 'wxt/browser';
import { accountLabel, classifyQr, type QrContent } from './classify-qr';
import { callScanPage } from './call-scan-page';
import { captureTab } from './capture-tab';
import { checkIssuerSite } from './check-issuer-site';
import { toCaptureRect } from './crop-rect';
import { decodeQr } from './decode-qr';
import { findCodes, type FoundText } from './find-codes';
import { rasteriseImage } from './rasterise-image';
import { runAfterScan } from './after-scan';
import { ScanError } from './scan-error';
import { clearFlow, loadFlow, saveFlow, FLOW_TTL_MS, type FlowStep, type FoundCode, type ScanFlow } from './scan-flow-store';
import type { PageReport } from './page/scan-page-agent';
import type { ScanAnswer } from './scan-answer';

/** What a scan saves into: the vault's add, as DESIGN.md's `authenticator.add`. */
export type ScannedAccount = { id: string; issuer: string; account: string; site: string | null };

export type ScanDeps<A extends ScannedAccount> = {
  /** Saves `uri` bound to `pageUrl`'s origin and site, by the vault's duplicate and replace rules. */
  addAccount(uri: string, pageUrl: string): Promise<A>;
  /** The registrable domain of a page (DESIGN.md "Site binding"); `null` for non-web pages. */
  siteOf(pageUrl: string): string | null;
};

export type ScanResult<A> = { added: A[]; filled: boolean };

export type ScanOptions = {
  /**
   * When nothing is found, let the user drag a rectangle around the code (the buttons, menu
   * and shortcut do). Automation gets `[no_qr_found]` at once instead: no one is there to drag.
   */
  interactive?: boolean;
};

/** Off-screen candidates scrolled into view, at most, before giving up (each costs a capture). */
export const MAX_REVEALS = 3;

type Outcome<A> = { result: ScanResult<A> } | { waiting: true };
type Waiter<A> = { flowId: string; resolve(result: ScanResult<A>): void; reject(error: unknown): void; timer: ReturnType<typeof setTimeout> };

export type Scanner<A extends ScannedAccount> = ReturnType<typeof createScanner<A>>;

export function createScanner<A extends ScannedAccount>(deps: ScanDeps<A>) {
  /** Callers waiting for the user in this worker's lifetime, by tab. */
  const waiters = new Map<number, Waiter<A>>();

  browser.tabs.onRemoved.addListener((tabId) => {
    void abandon(tabId, new ScanError('tab_changed', 'The tab was closed before the scan finished; nothing was saved.'));
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url && waiters.has(tabId)) {
      void abandon(tabId, new ScanError('tab_changed', 'The page changed before the scan finished; nothing was saved.'));
    }
  });

  /** Scans the visible page of `tabId` (made active first) and saves the code found. */
  async function scanTab(tabId: number, options: ScanOptions = {}): Promise<ScanResult<A>> {
    await abandon(tabId, new ScanError('cancelled', 'A new scan of this tab replaced this one.'));
    try {
      const tab = await activate(tabId);
      const report = await callScanPage(tabId, 'collect');
      const pageUrl = (await browser.tabs.get(tabId)).url ?? report.url;
      const texts = await readPage(tab.windowId!, tabId, report);
      const flow: Omit<ScanFlow, 'step'> = { id: crypto.randomUUID(), tabId, windowId: tab.windowId!, pageUrl, token: report.token, startedAt: Date.now() };
      const outcome =
        texts.length > 0
          ? await decide(flow, texts)
          : options.interactive
            ? await ask(flow, { kind: 'select' })
            : noQrFound('No QR code was found on this page. Make sure the whole code is visible, then scan again.');
      if ('result' in outcome) return outcome.result;
      return await new Promise<ScanResult<A>>((resolve, reject) => {
        const timer = setTimeout(() => void abandon(tabId, new ScanError('cancelled', 'The question on the page went unanswered; nothing was saved.')), FLOW_TTL_MS);
        waiters.set(tabId, { flowId: flow.id, resolve, reject, timer });
      });
    } catch (error) {
      await tell(tabId, error);
      throw error;
    }
  }

  /** The page's answer to a question (`sender` is the tab it came from). Resumes the flow. */
  async function answer(tabId: number, flowId: string, reply: ScanAnswer): Promise<void> {
    const flow = await loadFlow(tabId);
    if (!flow || flow.id !== flowId) return; // A stale dialog: that flow is gone.
    const waiter = waiters.get(tabId);
    try {
      const outcome = await resume(flow, reply);
      if ('waiting' in outcome) return;
      settle(tabId, (w) => w.resolve(outcome.result), waiter);
    } catch (error) {
      await clearFlow(tabId);
      await tell(tabId, error);
      settle(tabId, (w) => w.reject(error), waiter);
    }
  }

  /** Decodes an image file or pasted image and saves its code, bound to the page of `tabId`. */
  async function scanImage(image: string | Blob, target: { tabId: number | null; pageUrl: string }, options: { acceptIssuer?: boolean } = {}): Promise<ScanResult<A>> {
    const raster = await rasteriseImage(image, { maxSide: 2000 });
    let text: string | null;
    try {
      text = decodeQr(raster.pixels());
    } finally {
      raster.close();
    }
    if (text === null) throw new ScanError('no_qr_found', 'No QR code was found in this image. Try a sharper or larger picture of the code.');
    const code = pickAccount([classifyQr(text)]);
    const mismatch = issuerMismatch(code, target.pageUrl);
    if (mismatch && !options.acceptIssuer) throw new ScanError('issuer_mismatch', mismatchMessage(mismatch));
    const added = [await deps.addAccount(code.uri, target.pageUrl)];
    return { added, filled: await runAfterScan({ tabId: target.tabId, pageUrl: target.pageUrl, added }) };
  }

  // ---- steps ---------------------------------------------------------------------------

  async function readPage(windowId: number, tabId: number, first: PageReport): Promise<FoundText[]> {
    const tried = new Set<number>();
    const revealed = new Set<number>();
    let report = first;
    for (let reveals = 0; ; reveals++) {
      const raster = await rasteriseImage(await captureTab(windowId));
      let found: FoundText[];
      try {
        found = findCodes(raster, report, { fullFrame: true, tried });
      } finally {
        raster.close();
      }
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

  async function decide(flow: Omit<ScanFlow, 'step'>, texts: FoundText[]): Promise<Outcome<A>> {
    const contents = texts.map((t) => classifyQr(t.text));
    const accounts = contents.filter((c): c is Extract<QrContent, { kind: 'otpauth' }> => c.kind === 'otpauth');
    if (accounts.length > 1) {
      return ask(flow, { kind: 'choose', codes: accounts.map((a) => ({ uri: a.uri, label: accountLabel(a.params) })) });
    }
    const code = pickAccount(contents);
    return checkIssuer(flow, { uri: code.uri, label: accountLabel(code.params) });
  }

  async function checkIssuer(flow: Omit<ScanFlow, 'step'>, code: FoundCode): Promise<Outcome<A>> {
    const mismatch = issuerMismatch(pickAccount([classifyQr(code.uri)]), flow.pageUrl);
    if (mismatch) return ask(flow, { kind: 'confirm-issuer', code, mismatch });
    return { result: await save(flow, code) };
  }

  async function resume(flow: ScanFlow, reply: ScanAnswer): Promise<Outcome<A>> {
    const step = flow.step;
    if (reply.kind === 'cancel') throw new ScanError('cancelled', 'The scan was cancelled; nothing was saved.');
    if (step.kind === 'choose' && reply.kind === 'choose') {
      const code = step.codes[reply.index];
      if (!code) throw new ScanError('cancelled', 'That choice is no longer on offer; nothing was saved.');
      return checkIssuer(flow, code);
    }
    if (step.kind === 'confirm-issuer' && reply.kind === 'confirm') return { result: await save(flow, step.code) };
    if (step.kind === 'select' && reply.kind === 'select') {
      const raster = await rasteriseImage(await captureTab(flow.windowId));
      let text: string | null = null;
      try {
        const crop = toCaptureRect(reply.rect, reply.viewport, raster, { margin: 0 });
        if (crop) text = decodeQr(raster.pixels(crop));
      } finally {
        raster.close();
      }
      if (text === null) return noQrFound('No QR code was found in the selected area. Scan again and select the whole code, with a little margin.');
      return decide(flow, [{ text, rect: reply.rect }]);
    }
    throw new ScanError('cancelled', 'The page answered a question that was not asked; nothing was saved.');
  }

  /** Stores the flow at `step`, shows the question in the page, and leaves the rest to `answer`. */
  async function ask(flow: Omit<ScanFlow, 'step'>, step: FlowStep): Promise<Outcome<A>> {
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

  /** Checks the tab still shows the captured document, saves, tells the user, runs the hooks. */
  async function save(flow: Omit<ScanFlow, 'step'>, code: FoundCode): Promise<ScanResult<A>> {
    await clearFlow(flow.tabId);
    await checkStillOnPage(flow);
    const account = await deps.addAccount(code.uri, flow.pageUrl);
    const added = [account];
    void callScanPage(flow.tabId, 'toast', addedMessage(account), 'success').catch(() => undefined);
    return { added, filled: await runAfterScan({ tabId: flow.tabId, pageUrl: flow.pageUrl, added }) };
  }

  async function checkStillOnPage(flow: Omit<ScanFlow, 'step'>): Promise<void> {
    const changed = () => new ScanError('tab_changed', 'The tab left the page with the QR code before it could be saved; nothing was saved. Scan again on that page.');
    const tab = await browser.tabs.get(flow.tabId).catch(() => null);
    if (!tab?.url || withoutHash(tab.url) !== withoutHash(flow.pageUrl)) throw changed();
    const identity = await callScanPage(flow.tabId, 'identify').catch(() => null);
    if (identity?.token !== flow.token) throw changed();
  }

  // ---- helpers -------------------------------------------------------------------------

  function issuerMismatch(code: Extract<QrContent, { kind: 'otpauth' }>, pageUrl: string) {
    return checkIssuerSite(code.params.issuer, deps.siteOf(pageUrl));
  }

  function settle(tabId: number, how: (waiter: Waiter<A>) => void, waiter = waiters.get(tabId)): void {
    if (!waiter || waiters.get(tabId) !== waiter) return;
    waiters.delete(tabId);
    clearTimeout(waiter.timer);
    how(waiter);
  }

  /** Ends the tab's waiting flow, if any, with `error`. */
  async function abandon(tabId: number, error: ScanError): Promise<void> {
    const had = waiters.has(tabId) || (await loadFlow(tabId)) !== null;
    if (!had) return;
    await clearFlow(tabId);
    settle(tabId, (w) => w.reject(error));
    if (error.code !== 'tab_changed') await callScanPage(tabId, 'dismiss').catch(() => undefined);
  }

  async function tell(tabId: number, error: unknown): Promise<void> {
    if (!(error instanceof ScanError) || error.code === 'tab_changed' || error.code === 'cannot_scan_page') return;
    await callScanPage(tabId, 'toast', error.userMessage, error.code === 'cancelled' ? 'info' : 'error').catch(() => undefined);
  }

  return { scanTab, answer, scanImage };
}

/** "Added Acme (alice@example.com) for acme.example": what the toast and the popup say. */
export function addedMessage(account: ScannedAccount): string {
  const label = accountLabel({ issuer: account.issuer, account: account.account });
  return account.site ? `Added ${label} for ${account.site}` : `Added ${label}`;
}

function mismatchMessage(m: { service: string; site: string; domains: readonly string[] }): string {
  return `This QR code says it is for ${m.service}, but this page is on ${m.site}, which is not a ${m.service} site (${m.domains.slice(0, 3).join(', ')}). Save it only if you trust ${m.site}.`;
}

/** The single otpauth account among `contents`, or the error that says why there is none. */
function pickAccount(contents: QrContent[]): Extract<QrContent, { kind: 'otpauth' }> {
  const account = contents.find((c): c is Extract<QrContent, { kind: 'otpauth' }> => c.kind === 'otpauth');
  if (account) return account;
  if (contents.some((c) => c.kind === 'migration')) {
    throw new ScanError(
      'not_supported',
      'This QR code is a Google Authenticator export (otpauth-migration://). Importing exports is not supported yet; nothing was saved.',
    );
  }
  const unusable = contents.find((c): c is Extract<QrContent, { kind: 'unusable' }> => c.kind === 'unusable');
  throw unusable?.error ?? new ScanError('no_qr_found', 'No QR code was found.');
}

function noQrFound(message: string): never {
  throw new ScanError('no_qr_found', message);
}

async function activate(tabId: number) {
  const tab = await browser.tabs.get(tabId).catch((cause: unknown) => {
    throw new ScanError('tab_changed', `There is no tab ${tabId} any more.`, { cause });
  });
  if (!tab.active) await browser.tabs.update(tabId, { active: true });
  return tab;
}

function withoutHash(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}
