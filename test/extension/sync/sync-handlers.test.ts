/**
 * The `sync.*` handlers' data parsing: `sync.enable` passes a passphrase on only when one is
 * given as text, and refuses anything else with `bad_request` before the service is called.
 */
import { describe, expect, it } from 'vitest';
import { createSyncHandlers } from '../../../extension/sync/sync-handlers';
import type { SyncService } from '../../../extension/sync/sync-service';
import type { HandlerContext } from '../../../extension/background/handler-types';
import { rejectionOf } from '../vault/vault-test-kit';

function handlersRecording() {
  const calls: unknown[][] = [];
  const service = {
    enable: async (...args: unknown[]) => {
      calls.push(args);
      return { enabled: true };
    },
  } as unknown as SyncService;
  return { calls, handlers: createSyncHandlers(service) };
}
const context: HandlerContext = { caller: { kind: 'extension', tabId: null } };

describe("'sync.enable'", () => {
  it('without a passphrase calls enable() with none; with one, passes it on', async () => {
    const { calls, handlers } = handlersRecording();
    await handlers['sync.enable'](undefined, context);
    await handlers['sync.enable']({}, context);
    await handlers['sync.enable']({ passphrase: 'correct horse' }, context);
    expect(calls).toEqual([[], [], ['correct horse']]);
  });

  it('refuses a passphrase that is empty or not text, without calling the service', async () => {
    const { calls, handlers } = handlersRecording();
    for (const data of [{ passphrase: '' }, { passphrase: 42 }, { passphrase: null }, 'correct horse']) {
      expect((await rejectionOf(async () => handlers['sync.enable'](data, context))).code).toBe('bad_request');
    }
    expect(calls).toEqual([]);
  });
});
