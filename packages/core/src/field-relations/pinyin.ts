/**
 * Han characters → tone-less pinyin, the `pinyin` filter's engine.
 *
 * pinyin-pro picks a polyphonic character's reading from its context (银行 → yinhang, not
 * yinxing), which go-ldap-admin's go-pinyin did not (it always took the first reading). Overrides
 * are applied here, per converter, and never through pinyin-pro's `customPinyin`: that is
 * process-global, so one tenant's overrides would leak into every other relation set.
 */
import { pinyin as pinyinPro } from "pinyin-pro";

/** How to read the text: as running text, or as a person's name (first character = surname). */
export type PinyinMode = "text" | "name";

export type PinyinConverter = (text: string, mode: PinyinMode) => string;

/**
 * Options shared by every library call: no tones, syllables joined with nothing, non-Han runs
 * kept as they are (the username sanitiser cleans them later), and `ü` written `v` (绿 → lv),
 * which is what go-ldap-admin's go-pinyin produced and keeps usernames ASCII.
 */
const BASE_OPTIONS = { toneType: "none", separator: "", nonZh: "consecutive", v: true } as const;
const NAME_OPTIONS = { ...BASE_OPTIONS, surname: "head" } as const;

/** Cheap pre-check: most inputs to a pinyin filter in a large directory are already ASCII. */
const HAN = /\p{Script=Han}/u;

function convertRun(text: string, asName: boolean): string {
  if (!HAN.test(text)) return text;
  return pinyinPro(text, asName ? NAME_OPTIONS : BASE_OPTIONS);
}

/**
 * Makes a converter. `overrides` maps words to readings (`{ "单于": "chanyu" }`); at each position
 * the longest matching word wins, scanning left to right. The runs between overrides go to the
 * library whole, so they keep their context. In `name` mode the surname rule applies to the
 * first run only when no override starts at position 0 (an override of the surname wins).
 */
export function createPinyinConverter(
  overrides: Readonly<Record<string, string>> = {},
): PinyinConverter {
  const table = new Map<string, string>();
  let longest = 0;
  for (const [word, reading] of Object.entries(overrides)) {
    if (word === "") continue;
    table.set(word, reading);
    longest = Math.max(longest, word.length);
  }
  if (table.size === 0) {
    return (text, mode) => convertRun(text, mode === "name");
  }
  return (text, mode) => {
    let out = "";
    let runStart = 0;
    let i = 0;
    while (i < text.length) {
      let matched: string | undefined;
      let matchedLength = 0;
      for (let length = Math.min(longest, text.length - i); length > 0; length--) {
        const reading = table.get(text.slice(i, i + length));
        if (reading !== undefined) {
          matched = reading;
          matchedLength = length;
          break;
        }
      }
      if (matched === undefined) {
        i++;
        continue;
      }
      if (i > runStart)
        out += convertRun(text.slice(runStart, i), mode === "name" && runStart === 0);
      out += matched;
      i += matchedLength;
      runStart = i;
    }
    if (runStart < text.length) {
      out += convertRun(text.slice(runStart), mode === "name" && runStart === 0);
    }
    return out;
  };
}
