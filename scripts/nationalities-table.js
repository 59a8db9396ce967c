// Writes libs/coe/src/nationalities.json: the ISO 3166-1 codes of i18n-iso-countries, named in our eight
// languages from CLDR (through Node's ICU), then the reviewed corrections below. Run it only to review the
// table again (a newer CLDR, a new country): `node scripts/nationalities-table.js && npx prettier --write
// libs/coe/src/nationalities.json`, then read the diff.
// The app reads the committed file, so a different Node/ICU never changes what a page or a PDF says.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const countries = require('i18n-iso-countries');

const LANGS = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es', 'vi', 'tl'];
const CLDR_LOCALE = { tl: 'fil' }; // CLDR files Tagalog as Filipino
const REVIEWED = '2026-12-01';

// Where CLDR's name differs from Japanese official usage (MOFA's 国・地域 names and its English),
// or is an abbreviation unfit for a certificate. Each entry is pinned by libs/coe/src/nationalities.spec.ts.
const CORRECTIONS = {
  // Japan's usage and every language's: the place, not the package's "Province of China" / 中国台湾省 / 중화민국.
  TW: {
    ja: '台湾',
    en: 'Taiwan',
    'zh-Hans': '台湾',
    'zh-Hant': '台灣',
    ko: '대만',
    es: 'Taiwán',
    vi: 'Đài Loan',
    tl: 'Taiwan',
  },
  // The agency's and MOFA's English is "Republic of Korea"; Traditional Chinese 韓國 rather than Taiwan's colloquial 南韓.
  KR: { en: 'Republic of Korea', 'zh-Hant': '韓國' },
  // MOFA writes "North Korea" (Japan does not recognise the DPRK); 朝鮮籍 is not an ISO code and is not listed.
  KP: { en: 'North Korea' },
  // The regions as Japan names them (香港, マカオ), not CLDR's long "SAR China" forms.
  HK: {
    ja: '香港',
    en: 'Hong Kong',
    'zh-Hans': '香港',
    'zh-Hant': '香港',
    ko: '홍콩',
    es: 'Hong Kong',
    vi: 'Hồng Kông',
    tl: 'Hong Kong',
  },
  MO: {
    ja: 'マカオ',
    en: 'Macao',
    'zh-Hans': '澳门',
    'zh-Hant': '澳門',
    ko: '마카오',
    es: 'Macao',
    vi: 'Ma Cao',
    tl: 'Macau',
  },
  // MOFA: パレスチナ, not CLDR's パレスチナ自治区 / "Palestinian Territories".
  PS: {
    ja: 'パレスチナ',
    en: 'Palestine',
    'zh-Hans': '巴勒斯坦',
    'zh-Hant': '巴勒斯坦',
    ko: '팔레스타인',
    es: 'Palestina',
    vi: 'Palestine',
    tl: 'Palestina',
  },
  MK: { tl: 'Hilagang Macedonia' },
  // ISO's and the Japanese government's English short name.
  VN: { en: 'Viet Nam' },
  // CLDR appends the former name in brackets; official usage does not.
  MM: { ja: 'ミャンマー', en: 'Myanmar', es: 'Myanmar', vi: 'Myanmar', tl: 'Myanmar' },
  CD: {
    ja: 'コンゴ民主共和国',
    en: 'Democratic Republic of the Congo',
    ko: '콩고민주공화국',
    vi: 'Cộng hòa Dân chủ Congo',
    tl: 'Demokratikong Republika ng Congo',
  },
  VC: { en: 'Saint Vincent and the Grenadines', tl: 'Saint Vincent at ang Grenadines' },
  CG: {
    ja: 'コンゴ共和国',
    en: 'Republic of the Congo',
    ko: '콩고 공화국',
    es: 'República del Congo',
    vi: 'Cộng hòa Congo',
    tl: 'Republika ng Congo',
  },
};

// CLDR's English, Vietnamese and Filipino abbreviate ("St. Kitts & Nevis"); a certificate spells names out.
const AND = { en: 'and', vi: 'và', tl: 'at' };
const spellOut = (name, lng) =>
  AND[lng] ? name.replace(/(^| )St\. /g, '$1Saint ').replace(/ & /g, ` ${AND[lng]} `) : name;

const names = Object.fromEntries(
  LANGS.map((l) => [l, new Intl.DisplayNames([CLDR_LOCALE[l] ?? l], { type: 'region', fallback: 'none' })]),
);
const table = Object.keys(countries.getAlpha3Codes())
  .sort()
  .map((alpha3) => {
    const alpha2 = countries.alpha3ToAlpha2(alpha3);
    const row = { code: alpha3, alpha2 };
    for (const l of LANGS) {
      const name = CORRECTIONS[alpha2]?.[l] ?? names[l].of(alpha2);
      if (!name) throw new Error(`CLDR has no ${l} name for ${alpha2}`);
      row[l] = spellOut(name, l);
    }
    return row;
  });

const out = {
  source:
    `ISO 3166-1 codes as listed by i18n-iso-countries ${require('i18n-iso-countries/package.json').version}; ` +
    `names from Unicode CLDR ${process.versions.cldr} (ICU ${process.versions.icu}; Tagalog from CLDR's Filipino), ` +
    `with the corrections of scripts/nationalities-table.js for Japanese official usage ` +
    `(MOFA's names of countries and regions and its English). Reviewed ${REVIEWED}.`,
  reviewed: REVIEWED,
  corrected: Object.keys(CORRECTIONS),
  countries: table,
};
writeFileSync(join(__dirname, '../libs/coe/src/nationalities.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`${table.length} countries written`);
