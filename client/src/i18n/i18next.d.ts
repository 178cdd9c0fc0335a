import 'i18next';
import type en from './locales/en';

// Translation keys (and their interpolation) are typed from the English source.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
