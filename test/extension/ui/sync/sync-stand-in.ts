/**
 * A stand-in for the worker's sync service in component tests: it answers the `sync.*`
 * messages from a status the test sets, with the service's rules and error codes (enabling
 * needs a passphrase, a wrong enable or join passphrase changes nothing), so a test can show each state
 * the options page and the popup must handle, including the ones a real browser reaches only
 * with hundreds of accounts (tooBig) or a second browser (joinable, passphraseChanged).
 * Every other message goes to the real background.
 */
import { AuthenticatorError } from '../../../../shared/protocol/authenticator-error';
import type { SyncStatus } from '../../../../shared/protocol/automation';
import { createHandlers } from '../../../../extension/background/handlers';
import { scanNotAvailable } from '../../../../extension/background/not-available';
import { createRoute } from '../../../../extension/background/route-message';
import { createBackupService } from '../../../../extension/backup/backup-service';
import { listenForMessages } from '../../../../extension/messaging';
import type { Vault } from '../../../../extension/vault';
import { unwrapVaultKey } from '../../../../extension/vault/vault-crypto';

export const OFF: SyncStatus = { enabled: false, lastSyncedAt: null, accounts: 0, bytes: 0, tooBig: false, joinable: false, passphraseChanged: false, error: null };

export type SyncStandIn = {
  status: SyncStatus;
  /** The synced vault's passphrase, for `sync.join`. */
  remotePassphrase: string;
  /** Every sync message received, in order, with its data. */
  calls: Array<{ name: string; data: unknown }>;
  /** When set, the next action waits for it (to see the "Turning on…" state). */
  hold: Promise<void> | null;
  answer(name: string, data: unknown): Promise<unknown>;
};

export function syncStandIn(vault: Vault): SyncStandIn {
  const self: SyncStandIn = {
    status: { ...OFF },
    remotePassphrase: 'the other browser passphrase',
    calls: [],
    hold: null,
    async answer(name, data) {
      self.calls.push({ name, data });
      if (name !== 'sync.status' && self.hold) await self.hold;
      const vaultStatus = await vault.status();
      switch (name) {
        case 'sync.status':
          return self.status;
        case 'sync.enable':
          if (!vaultStatus.hasPassphrase) throw new AuthenticatorError('no_passphrase', 'Set a vault passphrase first: sync encrypts your accounts with it.');
          if (self.status.joinable) throw new AuthenticatorError('sync_joinable', 'Another browser already syncs a vault here: join it with its passphrase instead.');
          {
            // The real check: the passphrase must open this vault's own key record.
            const given = (data as { passphrase?: string } | undefined)?.passphrase;
            const { record } = await vault.unlockedKey();
            if (given !== undefined && record.kind === 'passphrase') await unwrapVaultKey(record, given);
          }
          self.status = { ...OFF, enabled: true, accounts: vaultStatus.accountCount, lastSyncedAt: Date.now(), bytes: 300 + 121 * vaultStatus.accountCount };
          return self.status;
        case 'sync.join': {
          const passphrase = (data as { passphrase: string }).passphrase;
          if (passphrase !== self.remotePassphrase) throw new AuthenticatorError('wrong_passphrase', 'That passphrase does not open the synced vault: use the passphrase of the browser that turned sync on.');
          await vault.setPassphrase(null, passphrase).catch(() => undefined);
          self.status = { ...OFF, enabled: true, accounts: 5, lastSyncedAt: Date.now(), bytes: 1200 };
          return self.status;
        }
        case 'sync.disable':
          self.status = { ...OFF };
          return self.status;
        default:
          throw new AuthenticatorError('unknown_message', `"${name}" is not a message this extension understands.`);
      }
    },
  };
  return self;
}

/**
 * Answers the pages' messages as the background does: `sync.*` by the stand-in, everything
 * else by the real handler map over `vault`. `seen` runs first for each message.
 */
export function answerWithSyncStandIn(vault: Vault, sync: SyncStandIn, seen: (name: string) => void = () => undefined): void {
  const clipboard = { scheduleClear: async () => undefined, done: async () => undefined };
  const route = createRoute(createHandlers({ vault, clipboard, backup: createBackupService(vault), scan: scanNotAvailable }));
  listenForMessages(async (name, data) => {
    seen(name);
    return name.startsWith('sync.') ? sync.answer(name, data) : route(name, data, { kind: 'extension', tabId: null });
  });
}
