/**
 * Time zones as IANA spells them. The runtime accepts a zone in any case ("etc/gmt+12") and its
 * list (Intl.supportedValuesOf) holds only the zones it considers canonical, without the links
 * (Asia/Ho_Chi_Minh on some runtimes, US/Pacific) and the Etc/ zones. So a zone is looked up,
 * case-insensitively, in the names of the IANA time zone database (the tzdata package: every zone
 * and link), then in the runtime's list; the zone the person named is kept (a link is not replaced
 * by its target), spelled as IANA spells it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** True when the runtime knows the zone (in any case). */
export function isTimeZone(tz: string): boolean {
  if (!tz || /\s/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

let spellings: Map<string, string> | null = null;

/** lower case → IANA spelling; read once, and only the names (the database's rules are not kept). */
function spellingsOf(): Map<string, string> {
  if (!spellings) {
    const file = createRequire(import.meta.url).resolve('tzdata');
    const { zones } = JSON.parse(readFileSync(file, 'utf8')) as { zones: Record<string, unknown> };
    const map = new Map<string, string>();
    for (const name of Intl.supportedValuesOf('timeZone')) map.set(name.toLowerCase(), name);
    for (const name of Object.keys(zones)) map.set(name.toLowerCase(), name);
    spellings = map;
  }
  return spellings;
}

/**
 * The IANA spelling of a zone the runtime knows ("etc/gmt+12" → "Etc/GMT+12", "us/pacific" →
 * "US/Pacific"); a name neither lists is spelled as the runtime resolves it when that is the same
 * zone name, else kept as typed. Not a zone: returned unchanged.
 */
export function canonicalZone(tz: string): string {
  if (!isTimeZone(tz)) return tz;
  const known = spellingsOf().get(tz.toLowerCase());
  if (known) return known;
  const resolved = new Intl.DateTimeFormat('en-GB', { timeZone: tz }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === tz.toLowerCase() ? resolved : tz;
}
