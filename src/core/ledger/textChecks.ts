/*
 * Character-level checks shared by the text formats (RFC 8785 I-JSON strings, C2SP signed-note and
 * tlog-checkpoint lines). JS strings are UTF-16; "valid UTF-8" for them means "no lone surrogate".
 */

/** True if every surrogate code unit is part of a high-low pair, i.e. the string encodes to UTF-8. */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1); // NaN past the end
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** True if `s` contains an ASCII control character (U+0000–U+001F), other than "\n" if allowed. */
export function hasControlCharacter(s: string, allowNewline: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && !(allowNewline && c === 0x0a)) return true;
  }
  return false;
}
