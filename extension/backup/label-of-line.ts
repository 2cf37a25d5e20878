/** Names a bad otpauth:// line for people without showing its secret. */
import { labelOf } from './to-candidate';

/** The account label of a bad line, never its secret: the text between the type and the query. */
export function labelOfLine(line: string): string {
  const match = /^otpauth:\/\/[^/?#]*\/([^?#]*)/i.exec(line);
  if (!match?.[1]) return 'unreadable line';
  try {
    return labelOf(decodeURIComponent(match[1]), '');
  } catch {
    return labelOf(match[1], '');
  }
}
