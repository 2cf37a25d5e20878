/**
 * Matches normalised text against a word list: short words as whole words, longer ones as
 * word starts ("code" finds "codes"), phrases also with their spaces removed (a compound
 * "Sicherheitscode" finds "sicherheits code", an id "verificationcode" finds
 * "verification code"), and Chinese or Japanese phrases anywhere.
 */
import { isCjk, normalizeText } from './normalize-text';

export type PhraseMatcher = (normalized: string) => boolean;

/** Words this short only count as whole words ("tel" must not match "telescope"). */
const WHOLE_WORD_BELOW = 4;
/** Phrases at least this long (without spaces) also match inside compounds. */
const COMPOUND_FROM = 8;

export function phraseMatcher(phrases: readonly string[]): PhraseMatcher {
  const whole: string[] = [];
  const starts: string[] = [];
  const anywhere: string[] = [];
  for (const raw of phrases) {
    const phrase = normalizeText(raw).trim();
    if (phrase === '') continue;
    const compact = phrase.replaceAll(' ', '');
    if (isCjk(phrase)) anywhere.push(compact);
    else if (compact.length < WHOLE_WORD_BELOW) whole.push(` ${phrase} `);
    else {
      starts.push(` ${phrase}`);
      if (compact.length >= COMPOUND_FROM) anywhere.push(compact);
    }
  }
  return (text) => {
    if (whole.some((w) => text.includes(w)) || starts.some((w) => text.includes(w))) return true;
    if (anywhere.length === 0) return false;
    const compact = text.replaceAll(' ', '');
    return anywhere.some((w) => compact.includes(w));
  };
}
