import i18next, { type TFunction } from 'i18next';
import type { Language } from '@tagphoto/contracts';
import { RESOURCES } from './resources';

/** The dashboard's `t` for one language, ready at once: for specs of the helpers that write sentences. */
export function translator(language: Language): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    resources: RESOURCES,
    lng: language,
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}
