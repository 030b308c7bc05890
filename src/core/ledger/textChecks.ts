/*
 * Character-level checks shared by the text formats (RFC 8785 I-JSON strings, C2SP signed-note and
 * tlog-checkpoint lines). JS strings are UTF-16; "valid UTF-8" for them means "no lone surrogate".
 */

/** True if every surrogate code unit is part of a high-low pair, i.e. the string encodes to UTF-8. */
export function isWellFormed(s: string): boolean {
  return s.isWellFormed();
}

/** True if `s` contains an ASCII control character (U+0000–U+001F), other than "\n" if allowed. */
export function hasControlCharacter(s: string, allowNewline: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && !(allowNewline && c === 0x0a)) return true;
  }
  return false;
}
