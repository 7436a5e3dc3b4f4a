/** The consent terms the portal shows before each grant; the version is the one receipts record. */
import { TERMS_VERSION } from '../consent/consent.service';
import type { ConsentPurpose } from '../domain/consent';

export function consentTerms(minAge: number, ttlDays: number): Array<{ purpose: ConsentPurpose; title: string; paragraphs: string[]; termsVersion: string }> {
  const months = Math.round(ttlDays / 30.4);
  const lasts = (ending: string) =>
    `Your consent lasts ${ttlDays} days${months >= 2 ? ` (about ${months} months)` : ''}. Before it ends we remind you here, and one click confirms it again; if you do not, ${ending}.`;
  return [
    {
      purpose: 'DISCOVERY',
      title: 'Agencies may find me',
      termsVersion: TERMS_VERSION,
      paragraphs: [
        'Marketing agencies registered on Permission may find you in their searches, by topic, country, language and audience, and see your card: display name, bio, country, city, languages, topics with your own weights, and your public social accounts with their followers and engagement.',
        'They never see your email address, your birth date or any account you marked private, and they cannot contact you unless you also allow contact.',
        `You must be at least ${minAge}. You can withdraw with one click at any time; from the very next search, agencies no longer find you.`,
        lasts('you stop being listed'),
      ],
    },
    {
      purpose: 'CONTACT',
      title: 'Agencies may ask to contact me',
      termsVersion: TERMS_VERSION,
      paragraphs: [
        'Agencies that find you may send you a request to get in touch, through Permission. You decide whether to answer each one; your email is shown only to an agency whose request you accept, and only while you allow contact.',
        'This only matters while agencies can find you (the consent above). Withdrawing it cancels what is pending and hides your email again, at once.',
        lasts('agencies can no longer ask to contact you'),
      ],
    },
  ];
}
