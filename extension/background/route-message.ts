/**
 * Routes one message to its handler after deciding who sent it: unknown names are refused,
 * and content scripts reach only the messages listed in CONTENT_SCRIPT_MESSAGES.
 */
import type { Browser } from 'wxt/browser';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { CONTENT_SCRIPT_MESSAGES, type MessageName } from '../../shared/protocol/extension-messages';
import type { Handlers } from './handler-types';
import { callerOf, type Caller } from './message-caller';

export type Route = (name: string, data: unknown, caller: Caller) => Promise<unknown>;

/**
 * `signalFor`: the abort signal of the caller's page (open-pages.ts), handed to handlers
 * whose long reads stop once that page has closed.
 */
export function createRoute(handlers: Handlers, signalFor: (caller: Caller) => AbortSignal | undefined = () => undefined): Route {
  return async (name, data, caller) => {
    // The allow-list first: a web page learns only that it may not send a name, not whether it exists.
    if (caller.kind === 'content' && !CONTENT_SCRIPT_MESSAGES.has(name as MessageName)) {
      throw new AuthenticatorError('forbidden', `A web page may not send "${name.slice(0, 60)}".`);
    }
    if (!Object.hasOwn(handlers, name)) {
      throw new AuthenticatorError('unknown_message', `"${name.slice(0, 60)}" is not a message this extension understands.`);
    }
    const message = name as MessageName;
    const signal = signalFor(caller);
    return handlers[message](data, signal ? { caller, signal } : { caller });
  };
}

/** The `listenForMessages` dispatcher: the caller comes from the browser's sender. */
export function routeFromSender(route: Route) {
  return (name: string, data: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> =>
    Promise.resolve().then(() => route(name, data, callerOf(sender)));
}
