/**
 * The slowest inputs we can construct for the engine (issue "Faults…", item 5): texts up to
 * Slack's 40,000-character message limit that maximise each step whose cost grows with the input
 * (typo lookups, long words, many words, slot patterns, near-miss words that trigger "Did you
 * mean…"). `npm run bench` times each and judges the slowest against its budget.
 */

/** Deterministic made-up words (a linear congruential generator). */
function madeUp(count: number, length: number, seed: number): string[] {
  let x = seed;
  const letters = 'bcdfghjklmnpqrstvwxzaeiou';
  return Array.from({ length: count }, () => {
    let w = '';
    for (let i = 0; i < length; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      w += letters[x % letters.length];
    }
    return w;
  });
}

export function worstInputs(): { name: string; text: string }[] {
  return [
    { name: "'ab' × 20,000 (one 40,000-character word)", text: 'ab'.repeat(20_000) },
    { name: '40,000 characters of made-up 9-letter words', text: madeUp(4000, 9, 1).join(' ') },
    { name: 'made-up words of every length 3–62', text: Array.from({ length: 60 }, (_, i) => madeUp(1, 3 + i, i + 7)[0]).join(' ') },
    { name: 'near misses of vocabulary words (did-you-mean)', text: 'investmant expotrs foriegn comitee resolutoin' },
    { name: 'slot patterns repeated to 40,000 characters', text: 'first 7 months of 2025 q1 h2 jan–jul nghị quyết 59/NQ-TW 1812/QD-TTg '.repeat(600).slice(0, 40_000) },
    { name: 'Slack markup repeated to 40,000 characters', text: '<@U12345678|x> <#C1234|chan> <https://example.com|link> &amp;&lt;&gt; '.repeat(700).slice(0, 40_000) },
    { name: 'Vietnamese with diacritics repeated to 40,000 characters', text: 'vốn đầu tư trực tiếp nước ngoài giải ngân bao nhiêu năm 2025 '.repeat(700).slice(0, 40_000) },
    { name: 'digits and punctuation to 40,000 characters', text: '1,234.5%–(2025)/'.repeat(2500) },
  ];
}
