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

/**
 * Emote spans found so far in the message being read: [SPAN_A[k], SPAN_B[k]) in UTF-16 units, the
 * first `nSpans`. Scratch arrays reused by every call (synchronous), so that a line with an emote
 * allocates nothing but its blanked text.
 */
let SPAN_A = new Int32Array(64);
let SPAN_B = new Int32Array(64);
let nSpans = 0;

function addSpan(a: number, b: number): void {
  if (nSpans === SPAN_A.length) {
    const grownA = new Int32Array(nSpans * 2);
    const grownB = new Int32Array(nSpans * 2);
    grownA.set(SPAN_A);
    grownB.set(SPAN_B);
    SPAN_A = grownA;
    SPAN_B = grownB;
  }
  SPAN_A[nSpans] = a;
  SPAN_B[nSpans++] = b;
}

/** Adds the spans of the emote ranges (inclusive code points) as UTF-16 [start, end); invalid ranges are dropped. */
function addRangeSpans(text: string, ranges: readonly EmoteRange[]): void {
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
    if (cp === r.end + 1) addSpan(a, i);
  }
}

/** Converts the emote ranges (inclusive code points) to UTF-16 [start, end) pairs; invalid ranges are dropped. */
export function emoteSpans(text: string, ranges: readonly EmoteRange[]): Array<[number, number]> {
  nSpans = 0;
  if (ranges.length > 0) addRangeSpans(text, ranges);
  const out: Array<[number, number]> = [];
  for (let k = 0; k < nSpans; k++) out.push([SPAN_A[k]!, SPAN_B[k]!]);
  return out;
}

/**
 * `text` with every emote (the message's ranges, and well-known names standing as space-separated
 * tokens) replaced by spaces, one per UTF-16 unit, so spans stay valid. Returns `text`
 * itself when there is none (no copy: most lines).
 */
export function blankEmotes(text: string, ranges: readonly EmoteRange[] = []): string {
  nSpans = 0;
  if (ranges.length > 0) addRangeSpans(text, ranges);
  const fromRanges = nSpans;
  const n = text.length;
  // Twitch splits emotes at spaces: walk the tokens between spaces, look at each token's first
  // character and length, and only then at the names of that first character and length.
  let a = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && text.charCodeAt(i) !== 32) continue;
    const len = i - a;
    if (len >= 2 && len < 32) {
      const c = text.charCodeAt(a);
      if (c < 128 && (FIRST[c]! & (1 << len)) !== 0 && isEmoteToken(text, a, i)) addSpan(a, i);
    }
    a = i + 1;
  }
  if (nSpans === 0) return text;
  // The blanked text is the text with the union of the spans turned to spaces.
  if (n < 13 || n > 8192) {
    // Short lines (most emote lines): concatenated pieces, which V8 copies into one flat string
    // below 13 characters. Beyond chat lengths (argument limits of fromCharCode.apply) the same.
    // Both walk the spans in text order: the message's ranges and the named tokens each come in
    // it, so they are merged only when both gave some.
    sortSpans(fromRanges);
    let out = '';
    let at = 0;
    for (let k = 0; k < nSpans; k++) {
      const s = SPAN_A[k]!;
      const e = SPAN_B[k]!;
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
  for (let k = 0; k < nSpans; k++) for (let i = SPAN_A[k]!; i < SPAN_B[k]!; i++) codes[i] = 32;
  return String.fromCharCode.apply(null, codes);
}
const SCRATCH: number[] = [];

/**
 * Sorts the spans by start, keeping the order of equal starts: they are two runs in text order,
 * the message's ranges [0, fromRanges) and the named tokens after them, merged when they interleave.
 */
function sortSpans(fromRanges: number): void {
  if (fromRanges === 0 || fromRanges === nSpans || SPAN_A[fromRanges - 1]! <= SPAN_A[fromRanges]!) return;
  const a = SPAN_A.slice(0, nSpans);
  const b = SPAN_B.slice(0, nSpans);
  let i = 0;
  let j = fromRanges;
  for (let k = 0; k < nSpans; k++) {
    const fromRange = j >= nSpans || (i < fromRanges && a[i]! <= a[j]!);
    const at = fromRange ? i++ : j++;
    SPAN_A[k] = a[at]!;
    SPAN_B[k] = b[at]!;
  }
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
