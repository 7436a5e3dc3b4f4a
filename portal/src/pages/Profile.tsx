import { useEffect, useState } from 'preact/hooks';
import { useMutation } from '@urql/preact';
import { UpdateProfileMutation } from '../operations';
import { ErrorSummary, Field, PageTitle } from '../components/ui';
import { CountryList, LanguageList } from '../components/pickers';
import { TopicPicker, type PickedTopic } from '../components/TopicPicker';
import { countryCode, countryName, languageCode, languageName, weightOf, weightWord } from '../lib/format';
import { errorFor, requestProblem, type FieldError } from '../lib/errors';
import { useMe, useSession } from '../session';

const IDS = { displayName: 'profile-name', bio: 'profile-bio', country: 'profile-country', city: 'profile-city', languages: 'profile-language', birthDate: 'profile-birth', topics: 'topic-search' };

export function Profile() {
  const me = useMe();
  const { refresh, say } = useSession();
  const [, update] = useMutation(UpdateProfileMutation);
  const [form, setForm] = useState({
    displayName: me.displayName,
    bio: me.bio,
    country: me.country ? `${countryName(me.country)} (${me.country})` : '',
    city: me.city ?? '',
    birthDate: me.birthDate,
  });
  const [languages, setLanguages] = useState<string[]>(me.languages);
  const [langInput, setLangInput] = useState('');
  const [topics, setTopics] = useState<PickedTopic[]>(me.topics.map((t) => ({ slug: t.topic.slug, name: t.topic.name, word: weightWord(t.weight) })));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });

  useEffect(() => {
    // arriving from "Check my birth date": go to the field
    if (location.hash) document.getElementById(location.hash.slice(1))?.focus();
  }, []);

  function addLanguage() {
    const code = languageCode(langInput);
    if (!code) return setErrors([{ field: 'languages', code: 'INVALID', message: 'Pick a language from the list.' }]);
    if (!languages.includes(code)) setLanguages([...languages, code]);
    setLangInput('');
    setErrors([]);
  }

  async function submit(e: Event) {
    e.preventDefault();
    const country = form.country.trim() ? countryCode(form.country) : '';
    if (country === null) return setErrors([{ field: 'country', code: 'INVALID', message: 'Pick a country from the list, or leave it empty.' }]);
    setBusy(true);
    const res = await update({
      input: {
        displayName: form.displayName,
        bio: form.bio,
        country,
        city: form.city,
        languages,
        birthDate: form.birthDate !== me.birthDate ? form.birthDate : undefined,
        topics: topics.map((t) => ({ slug: t.slug, weight: weightOf(t.word) })),
      },
    });
    setBusy(false);
    const problem = requestProblem(res.error);
    if (problem) return setErrors([{ code: 'REQUEST', message: problem }]);
    const found = res.data!.updateProfile.userErrors;
    setErrors(found);
    if (!found.length) {
      say('Profile saved. Agencies see the change in their very next search (when you are listed).');
      refresh();
    }
  }

  return (
    <>
      <PageTitle lead="What you write here is what agencies see once you are listed, and nothing more.">Your profile</PageTitle>
      <form class="form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} fieldIds={IDS} />
        <div class="card">
          <Field id={IDS.displayName} label="Display name" error={errorFor(errors, 'displayName')}>
            {(a) => <input {...a} type="text" maxLength={80} value={form.displayName} onInput={set('displayName')} />}
          </Field>
          <Field id={IDS.bio} label="Bio" optional hint={`What you make, for whom. ${form.bio.length} of 1000 characters.`} error={errorFor(errors, 'bio')}>
            {(a) => <textarea {...a} rows={4} maxLength={1000} value={form.bio} onInput={set('bio')} />}
          </Field>
          <div class="grid-2">
            <Field id={IDS.country} label="Country" optional hint="Start typing, then pick." error={errorFor(errors, 'country')}>
              {(a) => <input {...a} type="text" list="country-options" autocomplete="off" value={form.country} onInput={set('country')} />}
            </Field>
            <Field id={IDS.city} label="City" optional error={errorFor(errors, 'city')}>
              {(a) => <input {...a} type="text" maxLength={100} autocomplete="address-level2" value={form.city} onInput={set('city')} />}
            </Field>
          </div>
          <CountryList />
          <Field id={IDS.languages} label="Languages you create in" optional hint="Start typing, pick a language, then Add." error={errorFor(errors, 'languages')}>
            {(a) => (
              <div class="input-with-button">
                <input
                  {...a}
                  type="text"
                  list="language-options"
                  autocomplete="off"
                  value={langInput}
                  onInput={(e) => setLangInput(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      addLanguage();
                    }
                  }}
                />
                <button type="button" class="button" onClick={addLanguage}>
                  Add
                </button>
              </div>
            )}
          </Field>
          <LanguageList />
          {languages.length ? (
            <ul class="chips" aria-label="Your languages">
              {languages.map((l) => (
                <li key={l} class="chip">
                  {languageName(l)}
                  <button type="button" class="chip__remove" onClick={() => setLanguages(languages.filter((x) => x !== l))} aria-label={`Remove ${languageName(l)}`}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <Field id={IDS.birthDate} label="Birth date" hint="Only to keep minors out; agencies never see it. Correct it here if it is wrong." error={errorFor(errors, 'birthDate')}>
            {(a) => <input {...a} type="date" autocomplete="bday" value={form.birthDate} onInput={set('birthDate')} />}
          </Field>
        </div>
        <div class="card">
          <TopicPicker picked={topics} onChange={setTopics} error={errorFor(errors, 'topics')} />
        </div>
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save profile'}
          </button>
        </div>
      </form>
    </>
  );
}
