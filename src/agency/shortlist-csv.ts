/**
 * A shortlist as CSV (RFC 4180): only what the agency may see, i.e. the public profile of people
 * listable right now, and the agency's own note. Cells that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR) are prefixed with a quote (OWASP CSV injection).
 */
import type { PublicProfile } from '../search/document';
import { totalFollowers } from '../domain/audience';
import type { ShortlistEntry } from './shortlist.service';

const HEADER = ['influencer_id', 'display_name', 'country', 'city', 'languages', 'topics', 'accounts', 'total_followers', 'contactable', 'note', 'added_at'];

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function shortlistCsv(rows: Array<{ entry: ShortlistEntry; profile: PublicProfile }>): string {
  const lines = [HEADER.join(',')];
  for (const { entry, profile: p } of rows) {
    lines.push([
      p.id, p.displayName, p.country ?? '', p.city ?? '', p.languages.join(' '),
      p.topics.map((t) => t.slug).join(' '),
      p.accounts.map((a) => `${a.platform}:${a.handle}:${a.followers}`).join(' '),
      String(totalFollowers(p.accounts)), p.contactable ? 'yes' : 'no', entry.note ?? '', entry.addedAt.toISOString(),
    ].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
