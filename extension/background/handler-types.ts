/**
 * The shape of the background's handler map, in one place: background/handlers.ts builds the
 * map, the feature handler files (scan/scan-handlers.ts, backup/backup-handlers.ts) build their
 * parts of it, route-message.ts calls it. They all import these types from here, so no
 * feature file imports the map that imports it.
 */
import type { MessageName, MessageResult } from '../../shared/protocol/extension-messages';
import type { Caller } from './message-caller';

/** `signal`: aborted once the extension page that sent the message has closed (open-pages.ts). */
export type HandlerContext = { caller: Caller; signal?: AbortSignal };

/** Data arrives unchecked (it crossed a context boundary); each handler parses it. */
export type Handler<K extends MessageName> = (data: unknown, context: HandlerContext) => Promise<MessageResult<K>> | MessageResult<K>;

/** One handler for every message of the protocol. */
export type Handlers = { [K in MessageName]: Handler<K> };
