/**
 * The last time step whose code was filled, per account: a server refuses a code whose step
 * it already accepted, so the next fill of the same account within that step must use the
 * next step's code. Kept in `storage.session` (memory only, trusted contexts only) so a
 * restarted worker still knows, and forgotten when the browser closes.
 */
import { browser } from 'wxt/browser';

export type StepStore = {
  get(accountId: string): Promise<number | null>;
  set(accountId: string, step: number): Promise<void>;
};

const KEY = 'fill.lastFilledSteps';
/** Enough for every account anyone fills in a session; the oldest entries go first. */
const LIMIT = 500;

export function sessionStepStore(): StepStore {
  let cache: Record<string, number> | null = null;
  const load = async () => {
    if (!cache) {
      const stored = (await browser.storage.session.get(KEY))[KEY];
      cache = stored && typeof stored === 'object' ? { ...(stored as Record<string, number>) } : {};
    }
    return cache;
  };
  return {
    async get(accountId) {
      const steps = await load();
      return Object.hasOwn(steps, accountId) ? steps[accountId]! : null;
    },
    async set(accountId, step) {
      const steps = await load();
      delete steps[accountId];
      steps[accountId] = step;
      const ids = Object.keys(steps);
      for (const old of ids.slice(0, Math.max(0, ids.length - LIMIT))) delete steps[old];
      await browser.storage.session.set({ [KEY]: steps });
    },
  };
}

/** For tests and for contexts without storage.session. */
export function memoryStepStore(): StepStore {
  const steps = new Map<string, number>();
  return {
    get: async (accountId) => steps.get(accountId) ?? null,
    set: async (accountId, step) => void steps.set(accountId, step),
  };
}
