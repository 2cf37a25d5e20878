/** Settings: the defaults, the one parser every patch passes, and persistence in the vault. */
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, applySettingsPatch, settingsFrom } from '../../../extension/vault/settings';
import { rejectionOf, resetWorld, testClock, vaultWith } from './vault-test-kit';

describe('settings', () => {
  beforeEach(resetWorld);

  it('default to auto-lock 15 min, fill on, submit off, fill after scan on, confirm imports on', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      autoLockMinutes: 15,
      autoFill: true,
      submitAfterFill: false,
      fillConfirmationAfterScan: true,
      confirmImports: true,
    });
  });

  it.each([
    [{ autoLockMinutes: -1 }, /autoLockMinutes" must be a whole number/],
    [{ autoLockMinutes: 1.5 }, /autoLockMinutes/],
    [{ autoLockMinutes: 100_000 }, /autoLockMinutes/],
    [{ autoFill: 'yes' }, /"autoFill" must be true or false/],
    [{ colour: 'red' }, /"colour" is not a setting/],
    [null, /object/],
  ])('refuses %j naming what is wrong', (patch, message) => {
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, patch)).toThrow(message);
  });

  it('falls back to the default for anything stored that no longer passes', () => {
    expect(settingsFrom({ autoLockMinutes: -5 as number, autoFill: false })).toEqual({ ...DEFAULT_SETTINGS, autoFill: false });
  });

  it('persist, and a bad patch applies nothing', async () => {
    const vault = vaultWith(testClock());
    expect(await vault.updateSettings({ submitAfterFill: true, autoLockMinutes: 30 })).toMatchObject({ submitAfterFill: true, autoLockMinutes: 30 });
    const error = await rejectionOf(() => vault.updateSettings({ autoFill: false, autoLockMinutes: -1 }));
    expect(error.code).toBe('bad_settings');
    expect(await vaultWith(testClock()).settings()).toEqual({ ...DEFAULT_SETTINGS, submitAfterFill: true, autoLockMinutes: 30 });
  });
});
