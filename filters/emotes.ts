/**
 * Emotes in chat text, in one place: the well-known emote names (global Twitch, BTTV, FFZ and the
 * classic smileys) and the message's own Twitch emote ranges (ChatMessage.emotes: inclusive
 * code-point offsets, see config/chat.ts).
 *
 * - spam.ts counts them (an emote flood is spam.emotes), case-insensitively, as it always did;
 * - `blankEmotes` hides them from the word detectors: every UTF-16 unit of an emote becomes a space,
 *   so the text keeps its length and every span found on the blanked text is valid on the original.
 *   Emote names are not words: "Kreygasm", "TriHard", "cmonBruh", "Jebaited", "PJSalt" carry
 *   n-grams a word model reads as abuse, and a line of them is never abuse.
 *
 * Only the exact name is an emote when there is no range (Twitch renders emotes case-sensitively):
 * "LUL" is one, "lul" is a word someone typed. Tokens are split at spaces, as Twitch does.
 * Example: test/unit/filters/emotes.test.ts.
 */
import type { EmoteRange } from '../config/chat.js';

/** Emote names as Twitch renders them (case-sensitive). */
export const EMOTE_NAMES: readonly string[] = [
  // global Twitch
  'Kappa', 'Keepo', 'KappaPride', 'KappaRoss', 'KappaClaus', 'LUL', 'PogChamp', 'Kreygasm', 'ResidentSleeper', 'BibleThump',
  'WutFace', 'NotLikeThis', 'SeemsGood', 'HeyGuys', 'CoolStoryBob', 'TriHard', '4Head', 'FailFish', 'DansGame', 'SwiftRage',
  'BabyRage', 'SMOrc', 'PJSalt', 'PJSugar', 'Jebaited', 'cmonBruh', 'BloodTrail', 'MrDestructoid', 'OpieOP', 'SSSsss', 'DuDudu',
  'VoHiYo', 'ANELE', 'MingLee', 'EleGiggle', 'HotPokket', 'KKona', 'BrokeBack', 'BlessRNG', 'VoteNay', 'VoteYea', 'CoolCat',
  'TheIlluminati', 'DatSheffy', 'PunchTrees', 'StinkyCheese', 'BigBrother', 'DoritosChip', 'TwitchUnity', 'CorgiDerp',
  'ItsBoshyTime', 'FrankerZ', 'RalpherZ', 'OSFrog', 'TPFufun', 'PMSTwin', 'panicBasket', 'NinjaGrumpy', 'BCWarrior', 'PraiseIt',
  'riPepperonis', 'GivePLZ', 'TakeNRG', 'TwitchRPG', 'KomodoHype', 'CurseLit', 'GlitchCat', 'StinkyGlitch', 'DarkMode', 'BOP',
  'TearGlove', 'NotATK', 'RitzMitz', 'TheRinger', 'UWot', 'DBstyle', 'PunOko', 'WholeWheat', 'MorphinTime', 'TBAngel',
  'RaccAttack', 'FUNgineer', 'HSWP', 'PopCorn', 'ArsonNoSexy', 'AsexualPride', 'BisexualPride', 'GayPride', 'LesbianPride',
  'TransgenderPride', 'PansexualPride', 'NonbinaryPride', 'GenderFluidPride', 'IntersexPride', 'TwitchLit', 'HolidayPresent',
  'BegWan', 'TwitchConHYPE', 'PogBones', 'SeriousSloth', 'KonCha', 'TehePelo', 'Squid1', 'Squid2', 'Squid3', 'Squid4',
  'BatChest', 'LuvHearts', 'SabaPing', 'HeyGirls', 'PartyTime', 'GoatEmotey', 'FBtouchdown', 'MercyWing1', 'MercyWing2',
  // BTTV / FFZ / 7TV classics
  'LULW', 'OMEGALUL', 'Pog', 'PogU', 'POGGERS', 'KEKW', 'monkaS', 'monkaW', 'monkaHmm', 'Pepega', 'PepeHands', 'PepeLaugh',
  'peepoSad', 'pepoSad', 'widepeepoSad', 'peepoHappy', 'FeelsBadMan', 'FeelsGoodMan', 'FeelsStrongMan', 'FeelsOkayMan', 'FeelsWeirdMan',
  'FeelsAmazingMan', 'WeirdChamp', 'EZ', 'Clap', 'catJAM', 'Sadge', 'COPIUM', 'Copium', 'HYPERS', 'haHAA', 'gachiGASM',
  'gachiBASS', 'gachiHYPER', 'KKomrade', 'forsenCD', 'PepoThink', 'ppHop', 'pepeD', 'PauseChamp', 'AYAYA', 'D:', 'monkaGIGA',
  'Kappa123', 'FeelsDankMan', 'TriKool', 'WideHardo', 'Okayge', 'Aware', 'Clueless', 'ICANT', 'xqcL', 'GIGACHAD', 'Stare',
  // smileys Twitch turns into emotes
  ':)', ':(', ':D', '>(', ':|', 'O_o', 'o_O', 'B)', ':O', '<3', ':/', ';)', ':P', ';P', 'R)', 'xD', 'XD', ':-)', ':-(', ':-D', ':-P',
];

/** Lowercase names, for counting ("kekw" counts towards a flood like "KEKW"). */
export const EMOTE_WORDS: ReadonlySet<string> = new Set(EMOTE_NAMES.map((n) => n.toLowerCase()));

// Exact names keyed by first char code and length: one Map lookup a candidate token, after a
// table says the first character can start a name at all (most words cannot pass both).
const BY_KEY = new Map<number, string[]>();
/** Bit `len` set when some name of that first character has that length (names are ≤ 31 long). */
const FIRST = new Uint32Array(128);
let MAX_NAME = 0;
for (const n of EMOTE_NAMES) {
  const k = n.charCodeAt(0) * 64 + n.length;
  const list = BY_KEY.get(k) ?? [];
  list.push(n);
  BY_KEY.set(k, list);
  if (n.length < 32) FIRST[n.charCodeAt(0)]! |= 1 << n.length;
  MAX_NAME = Math.max(MAX_NAME, n.length);
}

/** True when text[a, b) is a well-known emote name (exact case). */
export function isEmoteToken(text: string, a: number, b: number): boolean {
  const len = b - a;
  if (len < 2 || len > MAX_NAME) return false;
  const c = text.charCodeAt(a);
  if (c >= 128 || (FIRST[c]! & (1 << len)) === 0) return false;
  const list = BY_KEY.get(c * 64 + len);
  if (!list) return false;
  for (const n of list) if (text.startsWith(n, a)) return true;
  return false;
}

/** Converts the emote ranges (inclusive code points) to UTF-16 [start, end) pairs; invalid ranges are dropped. */
export function emoteSpans(text: string, ranges: readonly EmoteRange[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (ranges.length === 0) return out;
  let sorted = true;
  for (let k = 1; k < ranges.length; k++) if (ranges[k]!.start < ranges[k - 1]!.start) sorted = false;
  const list = sorted ? ranges : [...ranges].sort((x, y) => x.start - y.start);
  // one walk: i is the UTF-16 index of code point cp
  const n = text.length;
  let i = 0;
  let cp = 0;
  for (const r of list) {
    if (r.start > r.end || r.start < cp) continue; // reversed, or overlapping the previous one
    while (cp < r.start && i < n) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      cp++;
    }
    if (cp !== r.start || i >= n) continue;
    const a = i;
    while (cp <= r.end && i < n) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      cp++;
    }
    if (cp === r.end + 1) out.push([a, i]);
  }
  return out;
}

/**
 * `text` with every emote (the message's ranges, and well-known names standing as space-separated
 * tokens) replaced by spaces, one per UTF-16 unit, so spans stay valid. Returns `text`
 * itself when there is none (no copy: most lines).
 */
export function blankEmotes(text: string, ranges: readonly EmoteRange[] = []): string {
  let spans: Array<[number, number]> | null = ranges.length > 0 ? emoteSpans(text, ranges) : null;
  const n = text.length;
  // Twitch splits emotes at spaces: walk the tokens between spaces, look at each token's first
  // character and length, and only then at the names of that first character and length.
  let a = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && text.charCodeAt(i) !== 32) continue;
    const len = i - a;
    if (len >= 2 && len < 32) {
      const c = text.charCodeAt(a);
      if (c < 128 && (FIRST[c]! & (1 << len)) !== 0 && isEmoteToken(text, a, i)) (spans ??= []).push([a, i]);
    }
    a = i + 1;
  }
  if (!spans || spans.length === 0) return text;
  // the message's ranges and the named tokens each come in text order: sort only when both gave some (the sort copies)
  if (!inOrder(spans)) spans.sort((x, y) => x[0] - y[0]);
  if (n > 8192) {
    // beyond chat lengths (argument limits of fromCharCode.apply): plain concatenation
    let out = '';
    let at = 0;
    for (const [s, e] of spans) {
      if (e <= at) continue;
      const from = Math.max(s, at);
      out += text.slice(at, from) + ' '.repeat(e - from);
      at = e;
    }
    return out + text.slice(at);
  }
  // Built as one flat string (concatenated slices would hand the matchers a cons string).
  const codes = SCRATCH;
  codes.length = n;
  for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
  for (const [s, e] of spans) for (let k = s; k < e; k++) codes[k] = 32;
  return String.fromCharCode.apply(null, codes);
}
const SCRATCH: number[] = [];

function inOrder(spans: ReadonlyArray<readonly [number, number]>): boolean {
  for (let k = 1; k < spans.length; k++) if (spans[k]![0] < spans[k - 1]![0]) return false;
  return true;
}

/** True when nothing but white space, punctuation, symbols and emoji is left (no letter, digit or Han). */
export function hasWords(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || ((c | 32) >= 0x61 && (c | 32) <= 0x7a)) return true;
    if (c >= 0xc0 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xd800 && c <= 0xdfff) && !(c >= 0xfe00 && c <= 0xfe0f) && !(c >= 0xff00 && c <= 0xff0f)) {
      if (WORD_CHAR.test(text[i]!)) return true;
    }
  }
  return false;
}
const WORD_CHAR = /[\p{L}\p{N}]/u;
