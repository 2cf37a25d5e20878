/** The vault's public face for the background: the class, its options and the site binding type. */
export { Vault, toSummary, UNDO_WINDOW_MS, type VaultOptions, type NewAccount, type RestoredMeta } from './vault';
export { MIN_PASSPHRASE_LENGTH } from './vault-keyring';
export { DEFAULT_SETTINGS } from './settings';
export { AUTO_LOCK_ALARM } from './auto-lock-alarm';
export { restrictSessionStorage } from './session-key';
export type { SiteBinding } from '../../shared/site/site-of';
