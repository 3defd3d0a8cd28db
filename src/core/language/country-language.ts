/**
 * The language of a new customer by the country of their number (PRODUCT.md, "The customer's
 * language": words first, then the country, then the flow's default). The product's map covers
 * the countries where one of its languages is the one customers expect; a flow adds to it or
 * changes it with `languageByCountry`.
 */
import type { FlowDefinition } from '../flow/definition.js';

const SPANISH = [
  'ES', // Spain
  'MX',
  'GT',
  'SV',
  'HN',
  'NI',
  'CR',
  'PA',
  'CU',
  'DO',
  'PR',
  'CO',
  'VE',
  'EC',
  'PE',
  'BO',
  'CL',
  'AR',
  'UY',
  'PY',
  'GQ', // Equatorial Guinea
];
const PORTUGUESE = ['BR', 'PT', 'AO', 'MZ', 'CV', 'GW', 'ST', 'TL'];
const ENGLISH = [
  'US',
  'GB',
  'IE',
  'CA',
  'AU',
  'NZ',
  'ZA',
  'NG',
  'GH',
  'KE',
  'JM',
  'TT',
  'SG',
  'PH',
];
const FRENCH = ['FR', 'MC', 'SN', 'CI', 'ML', 'BF', 'NE', 'GN', 'BJ', 'TG', 'CM', 'GA', 'CG', 'CD'];
const GERMAN = ['DE', 'AT', 'LI'];
const ITALIAN = ['IT', 'SM', 'VA'];

/** The product's map: ISO 3166 country → base language. Countries of several languages are left out. */
export const BUILTIN_COUNTRY_LANGUAGES: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      [SPANISH, 'es'],
      [PORTUGUESE, 'pt'],
      [ENGLISH, 'en'],
      [FRENCH, 'fr'],
      [GERMAN, 'de'],
      [ITALIAN, 'it'],
    ] as const
  ).flatMap(([countries, language]) => countries.map((c): [string, string] => [c, language])),
);

/**
 * The flow language for a country: the flow's own `languageByCountry`, else the product's map,
 * read as a language of the flow (`pt` finds `pt-BR`); `undefined` when the flow does not speak
 * it or the country is not mapped.
 * @example languageForCountry(flow, 'BR') // 'pt'
 */
export function languageForCountry(
  flow: Pick<FlowDefinition, 'languages' | 'languageByCountry'>,
  country: string | undefined,
): string | undefined {
  if (country === undefined) return undefined;
  const wanted = flow.languageByCountry?.[country] ?? BUILTIN_COUNTRY_LANGUAGES[country];
  if (wanted === undefined) return undefined;
  if (flow.languages.includes(wanted)) return wanted;
  const base = wanted.split('-')[0];
  return flow.languages.find((language) => language.split('-')[0] === base);
}
