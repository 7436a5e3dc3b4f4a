/**
 * English names of ISO 3166-1 country and ISO 639-1 language codes, from ICU. Remembered per code:
 * a search's facets name every country and language of its result (ICU takes about 0.8 µs a
 * name), and there are at most a few hundred codes. For a code ICU does not know, the code itself.
 */
function remembered(names: Intl.DisplayNames): (code: string) => string {
  const known = new Map<string, string>();
  return (code) => {
    let name = known.get(code);
    if (name === undefined) {
      name = names.of(code) ?? code;
      if (known.size < 5000) known.set(code, name);
    }
    return name;
  };
}

/** A country's name ("FR" → "France"); throws RangeError for what is not a region code at all. */
export const countryName = remembered(new Intl.DisplayNames(['en'], { type: 'region' }));
/** A language's name ("de" → "German"); throws RangeError for what is not a language code at all. */
export const languageName = remembered(new Intl.DisplayNames(['en'], { type: 'language' }));
