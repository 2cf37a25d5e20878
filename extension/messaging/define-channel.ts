/**
 * Typed messages over `runtime.sendMessage` for one protocol map (`name -> (data) => result`).
 * Replies travel as `{result}` or `{error: {code, message}}`, so a handler's
 * `AuthenticatorError` is thrown again, with its code, in the caller's context. Listeners
 * return a promise of the reply (webextension-polyfill makes that work in Chrome as in
 * Firefox, and WXT's fake browser expects it); that promise never rejects, because a
 * rejection would lose the code on the way.
 */
import { browser, type Browser } from 'wxt/browser';
import { AuthenticatorError, type SerializedError } from '../../shared/protocol/authenticator-error';

/** What travels: the channel tag keeps other messages (other channels, other code) apart. */
export type Envelope = { channel: string; name: string; data: unknown };
export type Reply = { result?: unknown; error?: SerializedError };

type Fn = (...args: never[]) => unknown;
type DataOf<F> = F extends (data: infer D) => unknown ? D : undefined;
/** `[]` for messages without data, `[data]` otherwise. */
export type DataArgs<F> = F extends () => unknown ? [] : [data: DataOf<F>];
export type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/** Receives one message of the channel; throws to reply with an error. */
export type Dispatch = (name: string, data: unknown, sender: Browser.runtime.MessageSender) => Promise<unknown>;

export function defineChannel<Map extends { [K in keyof Map]: Fn }>(channel: string) {
  const envelope = (name: string, data: unknown): Envelope => ({ channel, name, data });

  return {
    /** Sends to the extension's other contexts (from anywhere but the background: to the background). */
    async send<K extends keyof Map & string>(name: K, ...args: DataArgs<Map[K]>): Promise<ResultOf<Map[K]>> {
      let reply: unknown;
      try {
        reply = await browser.runtime.sendMessage(envelope(name, (args as unknown[])[0]));
      } catch (cause) {
        throw new AuthenticatorError('internal', `The extension's background service did not answer "${name}": ${(cause as Error)?.message ?? cause}`, { cause });
      }
      return unwrap(name, reply) as ResultOf<Map[K]>;
    },

    /** Sends to the content scripts of one tab (one frame when `frameId` is given). */
    async sendToTab<K extends keyof Map & string>(
      tabId: number,
      options: { frameId?: number },
      name: K,
      ...args: DataArgs<Map[K]>
    ): Promise<ResultOf<Map[K]>> {
      let reply: unknown;
      try {
        reply = await browser.tabs.sendMessage(tabId, envelope(name, (args as unknown[])[0]), options.frameId === undefined ? {} : { frameId: options.frameId });
      } catch (cause) {
        throw new AuthenticatorError('no_tab', `The page in tab ${tabId} did not answer "${name}": reload it and try again.`, { cause });
      }
      return unwrap(name, reply) as ResultOf<Map[K]>;
    },

    /** Answers this channel's messages with `dispatch`; returns the function that stops listening. */
    listen(dispatch: Dispatch): () => void {
      const listener = (message: unknown, sender: Browser.runtime.MessageSender): Promise<Reply> | undefined => {
        if (!isEnvelope(message, channel)) return undefined; // Not ours: let another listener answer.
        return dispatch(message.name, message.data, sender).then(
          (result): Reply => ({ result }),
          (error: unknown): Reply => ({ error: AuthenticatorError.from(error).toJSON() }),
        );
      };
      browser.runtime.onMessage.addListener(listener as never);
      return () => browser.runtime.onMessage.removeListener(listener as never);
    },
  };
}

function isEnvelope(message: unknown, channel: string): message is Envelope {
  return typeof message === 'object' && message !== null && (message as Envelope).channel === channel && typeof (message as Envelope).name === 'string';
}

function unwrap(name: string, reply: unknown): unknown {
  if (reply === null || typeof reply !== 'object') {
    throw new AuthenticatorError('internal', `Nothing in the extension answered "${name}". Reload the extension and try again.`);
  }
  const { result, error } = reply as Reply;
  if (error) throw AuthenticatorError.fromJSON(error);
  return result;
}
