/** The options page: passphrase, sync, auto-lock, filling, and backup/import. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Settings } from '../../../shared/protocol/automation';
import type { VaultStatus } from '../../../shared/protocol/extension-messages';
import { sendMessage } from '../../messaging';
import { errorText } from '../error-text';
import { BackupSection } from './backup-section';
import { PassphraseSection } from './passphrase-section';
import { AutoLockSection, FillSection } from './settings-sections';
import { SyncSection } from './sync-section';

export function OptionsApp() {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([sendMessage('vault.status'), sendMessage('settings.get')]).then(([s, t]) => {
      setStatus(s);
      setSettings(t);
      // Sections are linked from the popup (#passphrase, #sync, #backup): scroll there once rendered.
      if (location.hash) requestAnimationFrame(() => document.querySelector(location.hash)?.scrollIntoView());
    }, (error: unknown) => setProblem(errorText(error)));
  }, []);

  return (
    <main class="options">
      <h1>Phone-free Authenticator: options</h1>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {status && settings && (
        <>
          <PassphraseSection status={status} onChanged={setStatus} />
          <SyncSection vault={status} onVaultChanged={() => void sendMessage('vault.status').then(setStatus, (error: unknown) => setProblem(errorText(error)))} />
          <AutoLockSection settings={settings} hasPassphrase={status.hasPassphrase} onSaved={setSettings} />
          <FillSection settings={settings} onSaved={setSettings} />
          <BackupSection />
        </>
      )}
      <footer class="about">
        Phone-free Authenticator, version <span data-testid="version">{browser.runtime.getManifest().version}</span>
      </footer>
    </main>
  );
}
