/**
 * English abuse lexicon adjustments layered over bad-words' list (filters/abuse-en.ts compiles them).
 * Written from general knowledge of English slurs and insults, not from any evaluation rows.
 *
 * - `slurs`: identity slurs → severity high.
 * - `selfHarm`: telling someone to kill themselves → severity high, named as such to the moderator.
 * - `additions`: insults and crude words bad-words lacks → medium.
 * - `mild`: words in the list that are rude at most, or anatomical → low (reported, never held alone).
 * - `exemptions`: list entries that are ordinary words, names or foreign words colliding with English.
 * - `stems`: matched inside longer words (bullshit, fuckface); everything else matches whole words
 *   plus a plural/verb suffix, which is what keeps Scunthorpe, assassin, cockpit and Kreygasm clean.
 * - `safeWords`: whole words that contain a stem or a word+suffix but are innocent.
 */
export const EN_SLURS: readonly string[] = [
  'nigger', 'nigga', 'niggah', 'niggas', 'niggaz', 'nigguh', 'niggers', 'nigur', 'niiger', 'niigr', 'nigr', 'negro',
  'faggot', 'fagot', 'faggit', 'fagit', 'faget', 'fag', 'faig', 'faggy', 'fagg',
  'chink', 'spic', 'spick', 'kike', 'coon', 'gook', 'wetback', 'paki', 'packi', 'packie', 'pakie', 'jap', 'japs',
  'dyke', 'tranny', 'trannie', 'shemale', 'heshe', 'retard', 'retarded', 'tard', 'beaner', 'raghead', 'towelhead',
  'sandnigger', 'porchmonkey', 'junglebunny', 'zipperhead', 'wop', 'dego', 'daygo', 'kraut',
  'injun', 'redskin', 'gyppo', 'gypo', 'pikey', 'mongoloid', 'libtard', 'feminazi', 'wigger', 'wiggers', 'darkie',
  'darkies', 'jigaboo', 'sheboon', 'coonass', 'white trash', 'ching chong', 'camel jockey', 'slant eye', 'gooks', 'spics',
  'kikes', 'chinks', 'coons', 'trannies', 'dykes', 'fags', 'faggots', 'retards',
];

export const EN_SELF_HARM: readonly string[] = ['kys', 'killyourself', 'kill yourself', 'kill urself', 'go die'];

export const EN_ADDITIONS: readonly string[] = [
  'idiot', 'idiots', 'moron', 'morons', 'imbecile', 'dumbass', 'jackass', 'smartass', 'badass', 'dipshit', 'douche',
  'douchebag', 'scumbag', 'scum', 'cuck', 'cuckold', 'thot', 'hoe', 'hoes', 'skeet', 'bitchass', 'asshat', 'assclown',
  'cocksucker', 'dickhead', 'dickwad', 'dumbfuck', 'fuckface', 'fucktard', 'shitstain', 'twatwaffle', 'wanker',
  'bellend', 'prick', 'pussies', 'slag', 'stfu', 'gtfo', 'wtf', 'fml', 'fu', 'fuq', 'fck', 'fkn', 'fking', 'fcking',
  'redneck', 'rednecks', 'hillbilly', 'hillbillies', 'hoebag', 'skanky', 'whore', 'hooker', 'hookers',
  'mf', 'mfer', 'mfs', 'pos', 'sob', 'stupid', 'dumb', 'loser', 'pathetic', 'trash', 'garbage', 'clown',
];

export const EN_MILD: readonly string[] = [
  'hell', 'hells', 'damn', 'crap', 'bloody', 'butt', 'bum', 'poop', 'fart', 'sex', 'sexy', 'lust', 'lusting', 'horny',
  'willy', 'willies', 'wang', 'screw', 'screwing', 'snatch', 'balls', 'boob', 'boobs', 'breasts', 'porn', 'porno',
  'nazi', 'nazis', 'homo', 'xxx', 'xrated', 'nob', 'knob', 'knobs', 'knobz', 'feces', 'enema', 'rectum', 'anus', 'anal',
  'semen', 'vagina', 'penis', 'vulva', 'testicle', 'testical', 'scrotum', 'labia', 'clitoris', 'masochist', 'masokist',
  'sadist', 'preteen', 'orifice', 'oriface', 'flipping the bird', 'boffing', 'jerk', 'muff', 'turd', 'kondum', 'kondums',
  'viagra', 'cyalis', 'lesbo', 'spac', 'smut', 'pissed', 'dumb', 'stupid', 'loser', 'pathetic', 'trash', 'garbage',
  'clown', 'wtf', 'fml', 'sob', 'pos', 'badass',
];

export const EN_EXEMPTIONS: readonly string[] = [
  'god', 'pawn', 'flange', 'cox', 'dink', 'dinks', 'hoar', 'schaffer', 'rautenberg', 'monkleigh', 'ekrem', 'kuk', 'hui',
  'yed', 'pula', 'pule', 'perse', 'dupa', 'cipa', 'faen', 'muie', 'kusi', 'paska', 'pillu', 'mibun', 'ayir', 'ekto',
  'chraa', 'feg', 'lust', 'fanny', 'mutha', 'muther', 'pron', 'pube', 'doggin', 'kock', 'kum', 'nastt', 'orafis',
  'bugger', 'shag', 'pecker', 'gaylord', 'hore', 'hoer', 'w00se', 'teez', 'teets', 'dirsa', 'skribz', 'nepesaurio',
  'zabourah', 'qahbeh', 'shipal', 'mamhoon', 'kanker', 'helvete', 'pimmel', 'picka', 'kyrpa', 'vittu', 'knulle',
  'klootzak', 'enculer', 'chuj', 'cabron', 'huevon', 'fitt', 'merd', 'mulkku', 'sphencter',
];

/** Matched anywhere inside a word (after folding); kept to unambiguous roots. */
export const EN_STEMS: readonly string[] = ['fuck', 'shit', 'bitch', 'nigger', 'nigga', 'faggot', 'whore', 'cunt', 'motherf', 'cocksuck', 'dickhead', 'asshole', 'dumbass', 'jackass', 'jizz', 'wank', 'twat', 'slut', 'pussy', 'retard'];

/** Innocent words that contain a stem or look like a listed word plus a suffix. */
export const EN_SAFE_WORDS: readonly string[] = [
  'scunthorpe', 'shiitake', 'shitake', 'cumin', 'cumming', 'spicy', 'spice', 'spices', 'cocky', 'cockpit', 'cocktail',
  'cockroach', 'peacock', 'hancock', 'hitchcock', 'dickens', 'dickinson', 'assassin', 'assassins', 'classic', 'class',
  'bass', 'mass', 'grass', 'pass', 'passion', 'assess', 'assessment', 'assist', 'assume', 'sussex', 'essex', 'middlesex',
  'titan', 'title', 'titles', 'titter', 'arsenal', 'arsenic', 'analysis', 'analyst', 'therapist', 'kreygasm', 'hello',
  'shell', 'shells', 'hellsing', 'japan', 'japanese', 'snigger', 'sniggers', 'niger', 'nigeria', 'spick', 'scrapbook',
  'skyscraper', 'document', 'cucumber', 'circumstance', 'pussycat', 'penistone', 'hoes', 'shoes', 'canal', 'wanking',
  'bitchute', 'cunts', 'cunty', 'twatter', 'sluts', 'slutty', 'retardant', 'retardation', 'coonhound', 'raccoon',
  'tycoon', 'cocoon', 'sob', 'sobbing', 'sobs', 'homosexual', 'homogenous', 'homepage', 'paste', 'pasta', 'dikes',
];
