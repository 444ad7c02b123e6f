import type { ErrorCode } from './bindings';

export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];

/** Spanish when the system locale is Spanish (any region), English otherwise. */
export function pickLang(locale: string | null | undefined): Lang {
  return locale?.trim().toLowerCase().startsWith('es') ? 'es' : 'en';
}

const es = {
  'app.name': 'Travesía',
  'app.tagline': 'Mapas del viaje del cliente, de la primera señal a la fidelización.',
  'lang.label': 'Idioma',
  'lang.es': 'Español',
  'lang.en': 'English',

  'library.title': 'Tus mapas',
  'library.loading': 'Cargando la biblioteca…',
  'library.count.one': '{n} mapa',
  'library.count.other': '{n} mapas',

  'map.updated': 'Último cambio: {date}',
  'map.cards.one': '{n} tarjeta',
  'map.cards.other': '{n} tarjetas',
  'map.new': 'Nuevo',
  'map.delete': 'Eliminar',
  'map.deleteLabel': 'Eliminar el mapa «{title}»',
  'map.deleteConfirm': '¿Eliminar este mapa?',
  'map.deleteYes': 'Sí, eliminar',
  'map.deleteNo': 'Cancelar',

  'empty.title': 'Tu biblioteca está vacía',
  'empty.body':
    'Empieza con una plantilla: trae las etapas y los carriles habituales, listos para adaptarlos a tu cliente.',

  'templates.title': 'Empezar un mapa nuevo',
  'templates.none': 'No hay plantillas disponibles.',
  'template.stages.one': '{n} etapa',
  'template.stages.other': '{n} etapas',
  'template.lanes.one': '{n} carril',
  'template.lanes.other': '{n} carriles',
  'template.cards.one': '{n} tarjeta',
  'template.cards.other': '{n} tarjetas',
  'template.create': 'Crear mapa',
  'template.createLabel': 'Crear un mapa con la plantilla «{title}»',
  'template.creating': 'Creando…',

  'error.title': 'Algo no salió bien',
  'error.details': 'Detalles',
  'error.dismiss': 'Cerrar aviso',
  'error.invalid_input': 'Hay un dato que no es válido. Revísalo y vuelve a intentarlo.',
  'error.not_found': 'No se encontró lo que buscabas; puede que ya se haya eliminado.',
  'error.too_new':
    'Esta biblioteca se guardó con una versión más nueva de Travesía. Actualiza la aplicación para abrirla.',
  'error.damaged': 'Los datos están dañados y no se pueden leer. No se ha modificado nada.',
  'error.io': 'No se pudo leer o escribir en el disco. Comprueba el espacio libre y los permisos.',
  'error.conflict': 'Otro cambio se adelantó a este. Vuelve a intentarlo.',
  'error.internal': 'Ha ocurrido un error inesperado. Si se repite, avísanos.',
} as const;

export type MessageKey = keyof typeof es;
type Messages = Record<MessageKey, string>;

const en: Messages = {
  'app.name': 'Travesía',
  'app.tagline': 'Customer journey maps, from the first glance to loyalty.',
  'lang.label': 'Language',
  'lang.es': 'Español',
  'lang.en': 'English',

  'library.title': 'Your maps',
  'library.loading': 'Loading your library…',
  'library.count.one': '{n} map',
  'library.count.other': '{n} maps',

  'map.updated': 'Last changed {date}',
  'map.cards.one': '{n} card',
  'map.cards.other': '{n} cards',
  'map.new': 'New',
  'map.delete': 'Delete',
  'map.deleteLabel': 'Delete the map “{title}”',
  'map.deleteConfirm': 'Delete this map?',
  'map.deleteYes': 'Yes, delete',
  'map.deleteNo': 'Cancel',

  'empty.title': 'Your library is empty',
  'empty.body':
    'Start from a template: it brings the usual stages and lanes, ready to adapt to your customer.',

  'templates.title': 'Start a new map',
  'templates.none': 'No templates are available.',
  'template.stages.one': '{n} stage',
  'template.stages.other': '{n} stages',
  'template.lanes.one': '{n} lane',
  'template.lanes.other': '{n} lanes',
  'template.cards.one': '{n} card',
  'template.cards.other': '{n} cards',
  'template.create': 'Create map',
  'template.createLabel': 'Create a map from the “{title}” template',
  'template.creating': 'Creating…',

  'error.title': 'Something went wrong',
  'error.details': 'Details',
  'error.dismiss': 'Dismiss',
  'error.invalid_input': 'Something you entered is not valid. Check it and try again.',
  'error.not_found': 'That could not be found; it may have been deleted already.',
  'error.too_new':
    'This library was saved by a newer version of Travesía. Update the app to open it.',
  'error.damaged': 'The data is damaged and cannot be read. Nothing was changed.',
  'error.io': 'Could not read from or write to the disk. Check free space and permissions.',
  'error.conflict': 'Another change got there first. Please try again.',
  'error.internal': 'Something unexpected happened. If it happens again, please let us know.',
};

const MESSAGES: Record<Lang, Messages> = { es, en };

/** Keys that come in CLDR plural forms (`.one`, `.other`), without the suffix. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? Base : never;
}[MessageKey];

/** Every error code has a message: adding a code to the Rust enum fails this check until it is translated. */
export const errorKey = (code: ErrorCode): `error.${ErrorCode}` & MessageKey => `error.${code}`;

type Params = Record<string, string | number>;

/** The UI language and everything formatted in it. Reactive: components re-render when `lang` changes. */
export class I18n {
  lang = $state<Lang>('es');

  #plural = $derived(new Intl.PluralRules(this.lang));
  #number = $derived(new Intl.NumberFormat(this.lang));
  #dateTime = $derived(new Intl.DateTimeFormat(this.lang, { dateStyle: 'medium', timeStyle: 'short' }));

  constructor(lang: Lang) {
    this.lang = lang;
  }

  /** The language the system asks for (`navigator.language`). */
  static fromNavigator(nav: Pick<Navigator, 'language'> | undefined = globalThis.navigator): I18n {
    return new I18n(pickLang(nav?.language));
  }

  /** The message for `key`, with `{name}` placeholders filled from `params`. */
  t(key: MessageKey, params?: Params): string {
    const template = MESSAGES[this.lang][key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.#number.format(value) : value;
    });
  }

  /** `t` for a count: picks the plural form of `key` for `n` in the current language. */
  plural(key: PluralKey, n: number, params?: Params): string {
    const form = this.#plural.select(n) === 'one' ? 'one' : 'other';
    return this.t(`${key}.${form}`, { n, ...params });
  }

  /** An RFC 3339 timestamp as a local date and time; the raw text if it cannot be read. */
  dateTime(rfc3339: string): string {
    const date = new Date(rfc3339);
    return Number.isNaN(date.getTime()) ? rfc3339 : this.#dateTime.format(date);
  }
}
