/**
 * The protocol handlers of the scan feature (spread into the background's handler map):
 * each parses its data strictly and checks who asks. The popup's and menu's scans may ask the
 * user to drag a rectangle; automation's may not (no one is there). Page answers count only
 * for the tab and top frame they come from.
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { Rect, Viewport } from '../../shared/geometry/rect';
import type { ScanAnswer } from '../../shared/protocol/scan';
import { objectData, optionalFlag, optionalTabId, text } from '../background/check-data';
import type { Handlers } from '../background/handler-types';
import type { ScanService } from './scan-service';

/** Images larger than this (as a data: URL) are refused before decoding. */
export const MAX_IMAGE_DATA_URL_CHARS = 20 * 1024 * 1024;

export function createScanHandlers(scanner: ScanService): Pick<Handlers, 'scan.run' | 'scan.answer' | 'scan.image'> {
  return {
    'scan.run': (data, { caller }) => scanner.scan(optionalTabId(objectData(data, 'scan.run').tabId, 'tabId'), { interactive: caller.kind !== 'automation' }),
    'scan.answer': (data, { caller }) => {
      if (caller.kind !== 'content' || caller.frameId !== 0) {
        throw new AuthenticatorError('forbidden', '"scan.answer" comes from the scan\'s own dialog in a page\'s top frame only.');
      }
      const d = objectData(data, 'scan.answer');
      return scanner.answer(caller.tabId, text(d.flowId, 'flowId'), parseAnswer(d.answer));
    },
    'scan.image': (data, { caller }) => {
      if (caller.kind === 'content') throw new AuthenticatorError('forbidden', 'A web page may not send "scan.image".');
      const d = objectData(data, 'scan.image');
      const dataUrl = text(d.dataUrl, 'dataUrl');
      if (!/^data:image\/[\w.+-]+(;[\w=.+-]+)*;base64,/.test(dataUrl) || dataUrl.length > MAX_IMAGE_DATA_URL_CHARS) {
        throw new AuthenticatorError('bad_request', 'Choose an image file (PNG, JPEG, GIF or WebP) of at most 15 MB.');
      }
      return scanner.image(dataUrl, optionalTabId(d.tabId, 'tabId'), { acceptIssuer: optionalFlag(d.acceptIssuer, 'acceptIssuer') ?? false });
    },
  };
}

/** The page's answer, strictly: anything else is a bad request, not a guess. */
export function parseAnswer(value: unknown): ScanAnswer {
  const a = objectData(value, 'scan.answer answer');
  switch (a.kind) {
    case 'cancel':
    case 'confirm':
      return { kind: a.kind };
    case 'choose':
      if (!Number.isSafeInteger(a.index) || (a.index as number) < 0) throw bad('index');
      return { kind: 'choose', index: a.index as number };
    case 'select':
      return { kind: 'select', rect: numbers(a.rect, ['x', 'y', 'width', 'height'], 'rect') as Rect, viewport: numbers(a.viewport, ['width', 'height', 'offsetX', 'offsetY'], 'viewport') as Viewport };
    default:
      throw bad('kind');
  }
}

function numbers(value: unknown, keys: string[], field: string): Record<string, number> {
  const o = objectData(value, field);
  const out: Record<string, number> = {};
  for (const key of keys) {
    const n = o[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > 1e6) throw bad(`${field}.${key}`);
    out[key] = n;
  }
  return out;
}

function bad(field: string): AuthenticatorError {
  return new AuthenticatorError('bad_request', `The scan dialog's answer has a bad "${field}".`);
}
