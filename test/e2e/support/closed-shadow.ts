/**
 * Reaching the extension's in-page UI, which lives in closed shadow roots that Playwright's
 * selectors cannot enter: through the accessibility tree (CDP), which spans them the way
 * assistive technology does. Clicks go through the real mouse, so they are trusted events.
 */
import type { CDPSession, Page } from 'playwright-core';

type AxNode = {
  nodeId: string;
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
};

export type AxMatch = { role: string; name: string; backendNodeId: number };

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function cdp(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

/** Every accessible node with `role` (and a name matching `name`, when given), in tree order. */
export async function queryAx(page: Page, role: string, name?: string | RegExp): Promise<AxMatch[]> {
  const session = await cdp(page);
  const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  return nodes
    .filter((n) => !n.ignored && n.role?.value === role && n.backendDOMNodeId !== undefined)
    .map((n) => ({ role, name: n.name?.value ?? '', backendNodeId: n.backendDOMNodeId! }))
    .filter((n) => name === undefined || (typeof name === 'string' ? n.name === name : name.test(n.name)));
}

/** Waits until a node with `role` and `name` exists, and returns it. */
export async function waitForAx(page: Page, role: string, name?: string | RegExp, timeoutMs = 10_000): Promise<AxMatch> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [found] = await queryAx(page, role, name);
    if (found) return found;
    if (Date.now() > until) throw new Error(`No accessible ${role} named ${String(name ?? '(any)')} appeared within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The middle of a node on screen, in viewport CSS pixels. */
export async function centreOf(page: Page, node: AxMatch): Promise<{ x: number; y: number }> {
  const session = await cdp(page);
  const { model } = (await session.send('DOM.getBoxModel', { backendNodeId: node.backendNodeId })) as { model: { border: number[] } };
  const [x1, y1, , , x3, y3] = model.border as [number, number, number, number, number, number];
  return { x: (x1 + x3) / 2, y: (y1 + y3) / 2 };
}

/**
 * How long the extension's in-page controls must have been on screen before a click counts
 * (extension/in-page/activation-guard.ts: 500 ms, against clickjacking), with a margin.
 */
export const IN_PAGE_SETTLE_MS = 650;

/** Clicks the accessible node with `role` and `name` with the real mouse, as a person would: after it has been on screen a moment. */
export async function clickAx(page: Page, role: string, name: string | RegExp): Promise<void> {
  await waitForAx(page, role, name);
  await page.waitForTimeout(IN_PAGE_SETTLE_MS);
  const node = await waitForAx(page, role, name);
  const { x, y } = await centreOf(page, node);
  await page.mouse.click(x, y);
}

/** The text content of a node found through the accessibility tree (a toast, a dialog). */
export async function textOfAx(page: Page, node: AxMatch): Promise<string> {
  const session = await cdp(page);
  const { object } = (await session.send('DOM.resolveNode', { backendNodeId: node.backendNodeId })) as { object: { objectId: string } };
  const { result } = (await session.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: 'function () { return this.textContent; }',
    returnByValue: true,
  })) as { result: { value: string } };
  return result.value;
}

/** Waits for a node with `role` whose text content matches `text`, and returns that text. */
export async function waitForAxText(page: Page, role: string, text: RegExp, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let seen: string[] = [];
  for (;;) {
    seen = await Promise.all((await queryAx(page, role)).map((node) => textOfAx(page, node).catch(() => '')));
    const found = seen.find((t) => text.test(t));
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`No ${role} with text ${text} within ${timeoutMs} ms; saw ${JSON.stringify(seen)}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
