import type en from './locales/en';

/**
 * The shape every locale file fills: the English keys with string values. Plural forms other than
 * "other" are optional, since each language has its own set (Thai, Japanese and Korean have only
 * "other"); Intl.PluralRules picks among the ones a language has.
 */
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many';
type Messages<T> = {
  [K in keyof T as K extends `${string}_${PluralSuffix}` ? never : K]: T[K] extends string
    ? string
    : Messages<T[K]>;
} & {
  [K in keyof T as K extends `${string}_${PluralSuffix}` ? K : never]?: string;
};

export type LocaleMessages = Messages<typeof en>;
