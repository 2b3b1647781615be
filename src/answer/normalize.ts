/**
 * Text normalisation shared by questions, facts, passages and the vocabulary, so that all of them
 * meet in one form: Slack markup stripped, lower-case, Vietnamese diacritics folded (đ → d),
 * punctuation collapsed, thousands separators removed from numbers.
 */

/** Removes Slack markup: user/channel/group mentions, special mentions, links (keeping a link's label). */
export function stripSlackMarkup(text: string): string {
  return text
    .replace(/<(?:@|!subteam\^)[^>]*>/g, ' ') // <@U123>, <@U123|name>, <!subteam^S1|@team>
    .replace(/<!(?:channel|here|everyone)(?:\|[^>]*)?>/g, ' ')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '$1') // <#C123|general> → general
    .replace(/<#[A-Z0-9]+>/g, ' ')
    .replace(/<(?:https?|mailto|tel):[^|>]*\|([^>]*)>/g, '$1') // <https://x|label> → label
    .replace(/<(?:https?|mailto|tel):[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Lower-case and fold Vietnamese (and other Latin) diacritics; đ/Đ → d. */
export function fold(text: string): string {
  // (plain ASCII has nothing to fold but its case)
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The canonical form used for matching: folded, numbers' thousands separators removed
 * ("5,000" → "5000"), decimal points kept ("7.52"), every other punctuation mark a space.
 */
export function canonical(text: string): string {
  let t = fold(text);
  // (each step only where its mark occurs: this runs over every sentence of the sources at load)
  if (t.includes('$')) t = t.replace(/\b(?:us|s|a|c|nz|hk)?\$(?=\s?\d)/g, ' usd '); // US$514, $10 → usd 514
  t = t.replace(/[\u2018\u2019\u02bc`´]/g, "'");
  const digits = /\d[.,]\d/.test(t);
  if (digits) t = t.replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/(\d)\.(?=\d)/g, '$1\u0000'); // protect decimal points
  if (t.includes("'")) t = t.replace(/'s\b/g, '');
  t = t.replace(/[^a-z0-9\u0000]+/g, ' ');
  if (digits) t = t.replace(/\u0000/g, '.');
  return t.trim();
}

export function tokens(text: string): string[] {
  const c = canonical(text);
  return c ? c.split(' ') : [];
}

/** English number words read as their numbers ("seven task groups" = "7 groups of tasks"); "one" is too often no number. */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(Object.entries({
  two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', eleven: '11', twelve: '12',
  fifteen: '15', twenty: '20', thirty: '30', forty: '40', fifty: '50', hundred: '100',
}));

/** A light English stemmer for indexing (plural and a few verb endings), applied to both sides. */
export function stem(word: string): string {
  const n = NUMBER_WORDS.get(word);
  if (n !== undefined) return n;
  // (only a plural changes: a word not ending in "s" is its own stem)
  if (word.length <= 3 || word.charCodeAt(word.length - 1) !== 115 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (!word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
