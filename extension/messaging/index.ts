/**
 * The extension's channels. Pages and content scripts call `sendMessage(name, data)`; the
 * background answers with its handler map (extension/background/).
 */
import type { ContentProtocolMap, OffscreenProtocolMap, ProtocolMap } from '../../shared/protocol/extension-messages';
import { defineChannel } from './define-channel';

const background = defineChannel<ProtocolMap>('authenticator');
/** Sends one protocol message to the background and returns its result (or throws its AuthenticatorError). */
export const sendMessage = background.send;
/** Background only: answers protocol messages. */
export const listenForMessages = background.listen;

const offscreen = defineChannel<OffscreenProtocolMap>('authenticator-offscreen');
/** Background -> offscreen document. */
export const sendToOffscreen = offscreen.send;
/** Offscreen document only. */
export const listenForOffscreenMessages = offscreen.listen;

const content = defineChannel<ContentProtocolMap>('authenticator-content');
/** Background -> the content scripts of one tab (one frame with `frameId`). */
export const sendToContent = content.sendToTab;
/** Content scripts only: answers the background's requests. */
export const listenInContent = content.listen;

export type { Dispatch, DataArgs, ResultOf } from './define-channel';
