/**
 * Country names in the reader's language: the browser's `Intl.DisplayNames` for the page's locales
 * (navigator.languages, then English), so a holder reads "Österreich (AT)" where the credential
 * says 40 and the policy says AT. The code always stays beside the name: it is what the policy
 * compares, and what an auditor searches for.
 *
 * The page itself is English (`<html lang="en">`), so a name in another language is rendered in a
 * `<span lang>` of the locale `Intl.DisplayNames` resolved (WCAG 3.1.2, Language of Parts: a screen
 * reader then pronounces "Österreich" as German). Text that names countries is made with
 * `markedCountryName`, which puts each name between two private-use marks, and turned into DOM
 * nodes by `countryText` (text nodes and spans, never markup).
 */
import { describeCountry, type CountryNamer } from '../../../src/policy/lib/countries.js';

/** The page's locales as the browser gives them, English last (every name table has it). */
export function pageLocales(): string[] {
  return [...(navigator.languages ?? [navigator.language]).filter(Boolean), 'en'];
}

let names: Intl.DisplayNames | undefined;

function displayNames(): Intl.DisplayNames {
  names ??= new Intl.DisplayNames(pageLocales(), { type: 'region', fallback: 'none' });
  return names;
}

/** The region's name in the page's language, or undefined (the English table's name is used then). */
export const countryName: CountryNamer = (alpha2) => {
  try {
    return displayNames().of(alpha2);
  } catch {
    return undefined; // no Intl.DisplayNames here, or a code it refuses
  }
};

/** The locale countryName's names are in (what Intl.DisplayNames resolved, e.g. "de-DE"), or undefined. */
export function countryNamesLocale(): string | undefined {
  try {
    return displayNames().resolvedOptions().locale;
  } catch {
    return undefined;
  }
}

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = /\uE000([^\uE000\uE001]*)\uE001/g;
const STRAY = /[\uE000\uE001]/g;

/** countryName with the name between marks, for text that countryText renders. */
export const markedCountryName: CountryNamer = (alpha2) => {
  const name = countryName(alpha2);
  return name === undefined ? undefined : `${OPEN}${name}${CLOSE}`;
};

/** Text made with markedCountryName as plain text (for an error's message, a copy). */
export function unmarked(text: string): string {
  return text.replace(STRAY, '');
}

/** The primary language subtag ("de" of "de-DE"), lower case. */
const language = (tag: string) => tag.split('-')[0]!.toLowerCase();

/**
 * Text made with markedCountryName as DOM nodes: each country name in a `<span lang="…">` of the
 * locale Intl.DisplayNames resolved when that is not the page's language (`<html lang>`), else
 * plain text. Only textContent is set: names and the rest of the text are never parsed as markup.
 */
export function countryText(text: string): Node[] {
  const locale = countryNamesLocale();
  const pageLang = document.documentElement.lang;
  const foreign = locale !== undefined && (!pageLang || language(locale) !== language(pageLang));
  const nodes: Node[] = [];
  const plain = (s: string) => {
    const t = unmarked(s);
    if (t) nodes.push(document.createTextNode(t));
  };
  let at = 0;
  for (const m of text.matchAll(MARKED)) {
    plain(text.slice(at, m.index));
    if (foreign) {
      const span = document.createElement('span');
      span.lang = locale;
      span.textContent = m[1]!;
      nodes.push(span);
    } else if (m[1]) {
      nodes.push(document.createTextNode(m[1]));
    }
    at = m.index + m[0].length;
  }
  plain(text.slice(at));
  return nodes;
}

/** Replaces `el`'s content with countryText(text). */
export function renderCountryText(el: HTMLElement, text: string): void {
  el.replaceChildren(...countryText(text));
}

/**
 * A kyc-v1 jurisdiction (ISO 3166-1 numeric, as signed) as "Österreich (AT)" in DOM nodes, the
 * name marked with its language (countryText); 0 is "unknown (ZZ)".
 */
export function jurisdictionNodes(numeric: number): Node[] {
  return countryText(describeCountry(numeric, markedCountryName));
}
