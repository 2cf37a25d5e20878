/**
 * Which extension pages are still open, so a long read a page asked for stops once nobody
 * waits for it. A page (the popup) connects a port named OPEN_PAGE_PORT while it is open; the
 * browser disconnects it when the page closes, and reads tied to that page (by the sender's
 * `documentId`) are aborted between slices. A page the worker has no open port for (or a
 * browser that gives no `documentId`) gets no signal: its reads run to the end, as before.
 */
import type { Browser } from 'wxt/browser';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { OPEN_PAGE_PORT } from '../messaging/open-page-port';
import { callerOf, type Caller } from './message-caller';

/** The part of a runtime port this needs. */
export type OpenPagePort = Pick<Browser.runtime.Port, 'name' | 'sender'> & {
  onDisconnect: { addListener(listener: () => void): void };
};

export type OpenPages = {
  /** Registers a newly connected port (a runtime.onConnect listener); other ports are ignored. */
  connected(port: OpenPagePort): void;
  /** The signal aborted when `caller`'s page closes, if it holds an open port. */
  signalFor(caller: Caller): AbortSignal | undefined;
};

export function createOpenPages(): OpenPages {
  const open = new Map<string, AbortController>();
  return {
    connected(port) {
      if (port.name !== OPEN_PAGE_PORT || !port.sender) return;
      let caller: Caller;
      try {
        caller = callerOf(port.sender);
      } catch {
        return; // not ours to track: a web page cannot cancel anyone's read
      }
      if (caller.kind !== 'extension' || caller.documentId === undefined) return;
      const { documentId } = caller;
      const controller = new AbortController();
      open.set(documentId, controller);
      port.onDisconnect.addListener(() => {
        if (open.get(documentId) === controller) open.delete(documentId);
        controller.abort(new AuthenticatorError('page_closed', 'The page that asked for this read has closed.'));
      });
    },
    signalFor(caller) {
      return caller.kind === 'extension' && caller.documentId !== undefined ? open.get(caller.documentId)?.signal : undefined;
    },
  };
}
