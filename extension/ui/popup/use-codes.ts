/**
 * Codes for the accounts on screen: asks the background only for visible TOTP accounts whose
 * code is missing or expired, and ticks once a second for the rings. Nothing is decrypted
 * for accounts scrolled out of view.
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { ListedCode } from '../../../shared/protocol/extension-messages';
import { sendMessage } from '../../messaging';

export type CodeState = Map<string, ListedCode>;

export function useCodes(visibleTotpIds: readonly string[], onError: (error: unknown) => void): { codes: CodeState; now: number } {
  const [codes, setCodes] = useState<CodeState>(() => new Map());
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const wanted = visibleTotpIds.filter((id) => {
    const known = codes.get(id);
    return known === undefined || ('expiresAt' in known && known.expiresAt <= now);
  });
  const key = wanted.join(',');

  // A layout effect sends the request before the browser paints, not a frame later.
  useLayoutEffect(() => {
    if (wanted.length === 0) return;
    let current = true;
    sendMessage('vault.codes', { ids: wanted }).then(
      (fresh) => {
        if (!current) return;
        setCodes((previous) => {
          const next = new Map(previous);
          for (const code of fresh) next.set(code.id, code);
          return next;
        });
      },
      (error: unknown) => current && onError(error),
    );
    return () => {
      current = false;
    };
    // `key` stands for `wanted`: refetch only when the set of missing codes changes.
  }, [key]);

  return { codes, now };
}
