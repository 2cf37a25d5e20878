/**
 * Text normalisation for recognising code fields: one form for labels, attribute
 * identifiers and our word lists, so that "Bestätigungs-Code", "bestaetigungsCode" and
 * "two_factor_code" compare the way a reader would compare them.
 */

// Letters NFKD does not decompose but that readers treat as their base letter.
const FOLD: Record<string, string> = { ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ı: 'i' };
const FOLD_RE = /[łøßæœđı]/g;
// Japanese kana carry voicing marks as combining characters after NFKD (コード -> コ + ト + ゙);
// recompose them before stripping the marks Latin text carries.
const LATIN_MARK_RE = /([\p{Script=Latin}])\p{M}+/gu;

/**
 * Lower-case, width-folded, diacritic-free text whose words are separated by single spaces,
 * with a space at both ends so that `' ' + word` finds a word start.
 */
export function normalizeText(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(LATIN_MARK_RE, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(FOLD_RE, (c) => FOLD[c] ?? c);
  const words = folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return words === '' ? ' ' : ` ${words} `;
}

/**
 * An attribute identifier (name, id, class) as words: camelCase, snake_case and kebab-case
 * split apart ("idTxtBx_SAOTCC_OTC" -> " id txt bx saotcc otc ").
 */
export function normalizeIdentifier(identifier: string): string {
  const split = identifier.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2');
  return normalizeText(split);
}

const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Whether `phrase` (already normalised, without the outer spaces) is written in a script without spaces. */
export function isCjk(phrase: string): boolean {
  return CJK_RE.test(phrase);
}
