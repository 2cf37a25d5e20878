/**
 * Every text the widget shows, in one table per language. Sites pick a language with the
 * `lang` attribute (or the page's own `lang`) and override single texts with the `messages`
 * property. `{name}` placeholders are filled by `format`.
 */

const en = {
  heading: 'Two-Factor Authentication',
  loading: 'Loading…',
  off: 'Add a second step to your sign-in: a 6-digit code from an authenticator app.',
  setUp: 'Set up Two-Factor Authentication',
  enabled: 'Two-factor authentication is enabled',
  codesLeft: 'Recovery codes left: {n}',
  resetToken: 'Reset Token',
  reset: 'Reset',
  disableTitle: 'Disable Two-Factor Authentication',
  disable: 'Disable',
  regenerateTitle: 'Regenerate recovery codes',
  regenerate: 'Regenerate',
  cancel: 'Cancel',
  confirm: 'Confirm',
  scan: 'Scan this QR code with your authenticator app, then enter the code it shows.',
  qr: 'QR code for {issuer}: {account}',
  cantScan: "Can't scan it?",
  manualKey: 'Enter this key in your app instead:',
  copy: 'Copy',
  copied: 'Copied',
  code: 'Code from your authenticator app',
  recoveryCode: 'Recovery code',
  useRecovery: 'Use a recovery code instead',
  useApp: 'Use your authenticator app instead',
  resetText: 'You will scan a new QR code. Your current token keeps working until you confirm the new one.',
  disableText: 'Signing in will ask for your password only, and your recovery codes will stop working.',
  regenerateText: 'You get 10 new recovery codes and the old ones stop working.',
  codesTitle: 'Save your recovery codes',
  codesText: 'Each code signs you in once if you lose your authenticator. They are shown only now.',
  download: 'Download',
  saved: 'I have saved these codes',
  done: 'Done',
  wrongCode: "That code didn't work. Each code works once: if you just used this one, wait for the next.",
  expired: 'This QR code has expired.',
  newQr: 'Show a new QR code',
  throttled: 'Too many attempts. Try again in {n} s.',
  locked: 'Too many wrong codes: codes from your authenticator app are blocked. Use a recovery code, or contact support.',
  reauth: 'Please confirm your password to continue.',
  offline: "Can't reach the server. Check your connection.",
  serverError: 'Something went wrong on the server.',
  signedOut: 'Your session has ended. Please sign in again.',
  tryAgain: 'Try again',
  challengeTitle: 'Two-factor authentication',
  challengeText: 'Enter the code from your authenticator app.',
  verify: 'Verify',
};

/** The keys every language provides; `messages` overrides any subset. */
export type Messages = typeof en;

const de: Messages = {
  heading: 'Zwei-Faktor-Authentifizierung',
  loading: 'Wird geladen…',
  off: 'Sichern Sie Ihre Anmeldung mit einem zweiten Schritt: einem 6-stelligen Code aus einer Authenticator-App.',
  setUp: 'Zwei-Faktor-Authentifizierung einrichten',
  enabled: 'Die Zwei-Faktor-Authentifizierung ist aktiviert',
  codesLeft: 'Verbleibende Wiederherstellungscodes: {n}',
  resetToken: 'Token zurücksetzen',
  reset: 'Zurücksetzen',
  disableTitle: 'Zwei-Faktor-Authentifizierung deaktivieren',
  disable: 'Deaktivieren',
  regenerateTitle: 'Wiederherstellungscodes neu erzeugen',
  regenerate: 'Neu erzeugen',
  cancel: 'Abbrechen',
  confirm: 'Bestätigen',
  scan: 'Scannen Sie diesen QR-Code mit Ihrer Authenticator-App und geben Sie den angezeigten Code ein.',
  qr: 'QR-Code für {issuer}: {account}',
  cantScan: 'Scannen nicht möglich?',
  manualKey: 'Geben Sie stattdessen diesen Schlüssel in Ihrer App ein:',
  copy: 'Kopieren',
  copied: 'Kopiert',
  code: 'Code aus Ihrer Authenticator-App',
  recoveryCode: 'Wiederherstellungscode',
  useRecovery: 'Stattdessen einen Wiederherstellungscode verwenden',
  useApp: 'Stattdessen die Authenticator-App verwenden',
  resetText: 'Sie scannen einen neuen QR-Code. Ihr bisheriger Token funktioniert weiter, bis Sie den neuen bestätigen.',
  disableText: 'Bei der Anmeldung wird nur noch Ihr Passwort abgefragt, und Ihre Wiederherstellungscodes werden ungültig.',
  regenerateText: 'Sie erhalten 10 neue Wiederherstellungscodes; die alten werden ungültig.',
  codesTitle: 'Wiederherstellungscodes sichern',
  codesText: 'Jeder Code meldet Sie einmal an, falls Sie Ihren Authenticator verlieren. Sie werden nur jetzt angezeigt.',
  download: 'Herunterladen',
  saved: 'Ich habe diese Codes gesichert',
  done: 'Fertig',
  wrongCode: 'Dieser Code hat nicht funktioniert. Jeder Code gilt nur einmal: Wenn Sie ihn gerade benutzt haben, warten Sie auf den nächsten.',
  expired: 'Dieser QR-Code ist abgelaufen.',
  newQr: 'Neuen QR-Code anzeigen',
  throttled: 'Zu viele Versuche. Erneut möglich in {n} s.',
  locked: 'Zu viele falsche Codes: Codes aus Ihrer Authenticator-App sind gesperrt. Verwenden Sie einen Wiederherstellungscode oder wenden Sie sich an den Support.',
  reauth: 'Bitte bestätigen Sie Ihr Passwort, um fortzufahren.',
  offline: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung.',
  serverError: 'Auf dem Server ist ein Fehler aufgetreten.',
  signedOut: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
  tryAgain: 'Erneut versuchen',
  challengeTitle: 'Zwei-Faktor-Authentifizierung',
  challengeText: 'Geben Sie den Code aus Ihrer Authenticator-App ein.',
  verify: 'Bestätigen',
};

/** The shipped languages, by primary language subtag. */
export const MESSAGES: Record<string, Messages> = { en, de };

/** The table for a BCP 47 tag ("de-AT" -> German), English when the language is not shipped. */
export function messagesFor(lang: string, overrides?: Partial<Messages>): Messages {
  return { ...(MESSAGES[lang.toLowerCase().split('-')[0]!] ?? en), ...overrides };
}

/** Fills `{name}` placeholders; values are inserted as text by the caller's renderer. */
export function format(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
