import { countryOptions, languageOptions, optionLabel, type Option } from '../lib/format';

/** The list behind a searchable text box: the browser filters it as you type. */
export function OptionList({ id, options }: { id: string; options: Option[] }) {
  return (
    <datalist id={id}>
      {options.map((o) => (
        <option key={o.code} value={optionLabel(o)} />
      ))}
    </datalist>
  );
}

export const CountryList = () => <OptionList id="country-options" options={countryOptions()} />;
export const LanguageList = () => <OptionList id="language-options" options={languageOptions()} />;
