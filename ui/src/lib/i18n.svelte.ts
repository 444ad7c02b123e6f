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

  'map.open': 'Abrir',
  'map.openLabel': 'Abrir el mapa «{title}»',

  'editor.back': 'Biblioteca',
  'editor.backLabel': 'Volver a la biblioteca',
  'editor.opening': 'Abriendo el mapa…',
  'editor.toolbar': 'Herramientas del mapa',
  'editor.undo': 'Deshacer',
  'editor.undoLabel': 'Deshacer (Ctrl+Z)',
  'editor.redo': 'Rehacer',
  'editor.redoLabel': 'Rehacer (Ctrl+Mayús+Z)',
  'editor.zoomIn': 'Acercar (Ctrl++)',
  'editor.zoomOut': 'Alejar (Ctrl+−)',
  'editor.zoomReset': 'Zoom {percent}: volver al 100 % (Ctrl+0)',
  'editor.fit': 'Ajustar',
  'editor.fitLabel': 'Ver el mapa entero (Mayús+1)',
  'editor.addStage': 'Etapa',
  'editor.addStageLabel': 'Añadir una etapa al final',
  'editor.addLane': 'Carril',
  'editor.addLaneLabel': 'Añadir un carril al final',
  'editor.laneKinds': 'Tipo de carril',
  'editor.canvas': 'Lienzo del mapa «{title}»',
  'editor.canvasHelp':
    'Flechas: moverse entre celdas o mover las tarjetas elegidas. Intro: nueva tarjeta o editar texto. Supr: eliminar. Ctrl+Z: deshacer. Ctrl+C, Ctrl+V, Ctrl+D: copiar, pegar, duplicar. F1: todos los atajos.',
  'editor.cardText': 'Texto de la tarjeta',
  'editor.scrollX': 'Desplazamiento horizontal',
  'editor.scrollY': 'Desplazamiento vertical',
  'editor.menu': 'Acciones',

  'shortcuts.button': 'Atajos',
  'shortcuts.buttonLabel': 'Atajos de teclado (F1)',
  'shortcuts.title': 'Atajos de teclado y ratón',
  'shortcuts.note':
    'Las teclas del mapa actúan cuando el lienzo tiene el foco, y nunca mientras escribes en un campo. «Elegido» es lo que está seleccionado.',
  'shortcuts.close': 'Cerrar los atajos (Esc)',
  'shortcuts.or': 'o',
  'shortcuts.group.editing': 'Edición',
  'shortcuts.group.selection': 'Selección',
  'shortcuts.group.moving': 'Mover',
  'shortcuts.group.view': 'Vista y zoom',
  'shortcuts.group.history': 'Historial',
  'shortcuts.group.general': 'General',

  'key.shift': 'Mayús',
  'key.enter': 'Intro',
  'key.delete': 'Supr',
  'key.backspace': 'Retroceso',
  'key.space': 'Espacio',
  'key.tab': 'Tab',
  'key.arrows': 'Flechas',

  'mouse.click': 'Clic',
  'mouse.doubleClick': 'Doble clic',
  'mouse.rightClick': 'Clic derecho',
  'mouse.drag': 'Arrastrar',
  'mouse.middleDrag': 'Arrastrar con el botón central',
  'mouse.wheel': 'Rueda',

  'shortcut.write': 'Escribir en la celda o la tarjeta elegida; en una etapa o un carril, cambiarle el nombre',
  'shortcut.doubleClick': 'En una celda, tarjeta nueva; en una tarjeta, editar su texto; en una cabecera o el título, cambiar el nombre',
  'shortcut.finishText': 'Terminar de escribir una tarjeta (el texto se guarda)',
  'shortcut.delete': 'Eliminar las tarjetas elegidas',
  'shortcut.copy': 'Copiar las tarjetas elegidas',
  'shortcut.cut': 'Cortar las tarjetas elegidas',
  'shortcut.paste': 'Pegar en la celda elegida',
  'shortcut.duplicate': 'Duplicar las tarjetas elegidas',
  'shortcut.menu': 'Menú de acciones de lo que hay bajo el puntero',
  'shortcut.choose': 'Elegir una tarjeta, una celda, una etapa o un carril',
  'shortcut.toggle': 'Añadir una tarjeta a la selección o quitarla',
  'shortcut.band': 'Desde un hueco de una celda: elegir las tarjetas de un recuadro',
  'shortcut.bandAdd': 'Sumar a la selección las tarjetas de un recuadro',
  'shortcut.selectAll': 'Elegir todas las tarjetas',
  'shortcut.cells': 'Sin tarjetas elegidas: ir de una celda a otra',
  'shortcut.deselect': 'Anular la selección',
  'shortcut.moveCards': 'Llevar las tarjetas elegidas a la celda de al lado',
  'shortcut.dragCard': 'Una tarjeta: llevarla a otra celda o a otro puesto',
  'shortcut.dragHeader': 'La cabecera de una etapa o un carril: cambiar su orden',
  'shortcut.dragEmotion': 'En el carril de emociones: subir o bajar la emoción de una etapa',
  'shortcut.cancelDrag': 'Mientras arrastras: cancelar y dejarlo todo como estaba',
  'shortcut.zoomIn': 'Acercar',
  'shortcut.zoomOut': 'Alejar',
  'shortcut.zoomReset': 'Volver al 100 %',
  'shortcut.fit': 'Ver el mapa entero',
  'shortcut.zoomWheel': 'Acercar o alejar en torno al puntero',
  'shortcut.scroll': 'Desplazarse arriba y abajo',
  'shortcut.scrollSideways': 'Desplazarse a los lados',
  'shortcut.pan': 'Mover la vista (también arrastrando fuera de la cuadrícula)',
  'shortcut.undo': 'Deshacer',
  'shortcut.redo': 'Rehacer',
  'shortcut.help': 'Ver estos atajos',
  'shortcut.close': 'Cerrar un menú o estos atajos',
  'shortcut.menuItems': 'Recorrer las opciones de un menú',
  'shortcut.focus': 'Pasar al control siguiente o al anterior',

  'status.saving': 'Guardando…',
  'status.saved': 'Guardado',
  'status.failed': 'No guardado',

  'stage.new': 'Nueva etapa',

  'kind.actions': 'Acciones',
  'kind.touchpoints': 'Puntos de contacto',
  'kind.thoughts': 'Pensamientos',
  'kind.emotions': 'Emociones',
  'kind.pains': 'Puntos de dolor',
  'kind.opportunities': 'Oportunidades',
  'kind.owners': 'Responsables',
  'kind.kpis': 'Indicadores (KPI)',
  'kind.funnel': 'Embudo',
  'kind.strategies': 'Estrategias',
  'kind.text': 'Texto libre',

  'channel.web': 'Web',
  'channel.app': 'App',
  'channel.email': 'Correo',
  'channel.social': 'Redes sociales',
  'channel.search': 'Buscador',
  'channel.ads': 'Publicidad',
  'channel.phone': 'Teléfono',
  'channel.chat': 'Chat',
  'channel.store': 'Tienda',
  'channel.event': 'Evento',
  'channel.print': 'Impreso',
  'channel.word_of_mouth': 'Boca a boca',
  'channel.marketplace': 'Marketplace',
  'channel.other': 'Otro',

  'color.none': 'Sin color',
  'color.custom': 'Otro color',
  'color.yellow': 'Amarillo',
  'color.orange': 'Naranja',
  'color.red': 'Rojo',
  'color.pink': 'Rosa',
  'color.violet': 'Violeta',
  'color.blue': 'Azul',
  'color.teal': 'Turquesa',
  'color.green': 'Verde',
  'color.gray': 'Gris',
  'color.navy': 'Azul marino',

  'score.-2': 'Muy negativa',
  'score.-1': 'Negativa',
  'score.0': 'Neutra',
  'score.1': 'Positiva',
  'score.2': 'Muy positiva',

  'inspector.label': 'Propiedades',
  'inspector.map': 'Mapa',
  'inspector.mapTitle': 'Título',
  'inspector.description': 'Descripción',
  'inspector.hint': 'Elige una tarjeta, una celda, una etapa o un carril en el lienzo para ver sus propiedades.',
  'inspector.card': 'Tarjeta',
  'inspector.cards.one': '{n} tarjeta elegida',
  'inspector.cards.other': '{n} tarjetas elegidas',
  'inspector.cell': 'Celda',
  'inspector.stage': 'Etapa',
  'inspector.lane': 'Carril',
  'inspector.text': 'Texto',
  'inspector.color': 'Color',
  'inspector.channel': 'Canal',
  'inspector.channelNone': 'Sin canal',
  'inspector.mode': 'Modalidad',
  'inspector.online': 'En línea',
  'inspector.offline': 'Presencial',
  'inspector.unset': 'Sin indicar',
  'inspector.score': 'Emoción',
  'inspector.value': 'Clientes en esta etapa',
  'inspector.name': 'Nombre',
  'inspector.kind': 'Tipo',
  'inspector.collapsed': 'Plegar el carril',

  'action.addCard': 'Añadir tarjeta',
  'action.editText': 'Editar el texto',
  'action.copy': 'Copiar',
  'action.paste': 'Pegar',
  'action.duplicate': 'Duplicar',
  'action.delete': 'Eliminar',
  'action.rename': 'Cambiar el nombre',
  'action.stageBefore': 'Añadir una etapa antes',
  'action.stageAfter': 'Añadir una etapa después',
  'action.laneAfter': 'Añadir un carril debajo',
  'action.moveLeft': 'Mover a la izquierda',
  'action.moveRight': 'Mover a la derecha',
  'action.moveUp': 'Mover arriba',
  'action.moveDown': 'Mover abajo',
  'action.deleteStage': 'Eliminar la etapa',
  'action.deleteLane': 'Eliminar el carril',

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
  'error.cancelled': 'Cancelado.',
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

  'map.open': 'Open',
  'map.openLabel': 'Open the map “{title}”',

  'editor.back': 'Library',
  'editor.backLabel': 'Back to the library',
  'editor.opening': 'Opening the map…',
  'editor.toolbar': 'Map tools',
  'editor.undo': 'Undo',
  'editor.undoLabel': 'Undo (Ctrl+Z)',
  'editor.redo': 'Redo',
  'editor.redoLabel': 'Redo (Ctrl+Shift+Z)',
  'editor.zoomIn': 'Zoom in (Ctrl++)',
  'editor.zoomOut': 'Zoom out (Ctrl+−)',
  'editor.zoomReset': 'Zoom {percent}: back to 100% (Ctrl+0)',
  'editor.fit': 'Fit',
  'editor.fitLabel': 'Show the whole map (Shift+1)',
  'editor.addStage': 'Stage',
  'editor.addStageLabel': 'Add a stage at the end',
  'editor.addLane': 'Lane',
  'editor.addLaneLabel': 'Add a lane at the end',
  'editor.laneKinds': 'Kind of lane',
  'editor.canvas': 'Canvas of the map “{title}”',
  'editor.canvasHelp':
    'Arrows: move between cells or move the chosen cards. Enter: new card or edit its text. Delete: remove. Ctrl+Z: undo. Ctrl+C, Ctrl+V, Ctrl+D: copy, paste, duplicate. F1: every shortcut.',
  'editor.cardText': 'Card text',
  'editor.scrollX': 'Horizontal scroll',
  'editor.scrollY': 'Vertical scroll',
  'editor.menu': 'Actions',

  'shortcuts.button': 'Shortcuts',
  'shortcuts.buttonLabel': 'Keyboard shortcuts (F1)',
  'shortcuts.title': 'Keyboard and mouse shortcuts',
  'shortcuts.note':
    'Map keys act when the canvas has the focus, and never while you type in a field. “Chosen” means selected.',
  'shortcuts.close': 'Close the shortcuts (Esc)',
  'shortcuts.or': 'or',
  'shortcuts.group.editing': 'Editing',
  'shortcuts.group.selection': 'Selection',
  'shortcuts.group.moving': 'Moving',
  'shortcuts.group.view': 'View and zoom',
  'shortcuts.group.history': 'History',
  'shortcuts.group.general': 'General',

  'key.shift': 'Shift',
  'key.enter': 'Enter',
  'key.delete': 'Delete',
  'key.backspace': 'Backspace',
  'key.space': 'Space',
  'key.tab': 'Tab',
  'key.arrows': 'Arrow keys',

  'mouse.click': 'Click',
  'mouse.doubleClick': 'Double-click',
  'mouse.rightClick': 'Right-click',
  'mouse.drag': 'Drag',
  'mouse.middleDrag': 'Middle-button drag',
  'mouse.wheel': 'Wheel',

  'shortcut.write': 'Write in the chosen cell or card; on a stage or a lane, rename it',
  'shortcut.doubleClick': 'On a cell, a new card; on a card, edit its text; on a header or the title, rename it',
  'shortcut.finishText': 'Finish typing a card (the text is kept)',
  'shortcut.delete': 'Delete the chosen cards',
  'shortcut.copy': 'Copy the chosen cards',
  'shortcut.cut': 'Cut the chosen cards',
  'shortcut.paste': 'Paste into the chosen cell',
  'shortcut.duplicate': 'Duplicate the chosen cards',
  'shortcut.menu': 'Menu of actions for what is under the pointer',
  'shortcut.choose': 'Choose a card, a cell, a stage or a lane',
  'shortcut.toggle': 'Add a card to the selection or take it out',
  'shortcut.band': 'From an empty spot in a cell: choose the cards inside a box',
  'shortcut.bandAdd': 'Add the cards inside a box to the selection',
  'shortcut.selectAll': 'Choose every card',
  'shortcut.cells': 'With no card chosen: go from cell to cell',
  'shortcut.deselect': 'Clear the selection',
  'shortcut.moveCards': 'Move the chosen cards to the next cell',
  'shortcut.dragCard': 'A card: move it to another cell or place',
  'shortcut.dragHeader': 'A stage or lane header: change its order',
  'shortcut.dragEmotion': 'In the emotions lane: raise or lower a stage’s emotion',
  'shortcut.cancelDrag': 'While dragging: cancel and leave everything as it was',
  'shortcut.zoomIn': 'Zoom in',
  'shortcut.zoomOut': 'Zoom out',
  'shortcut.zoomReset': 'Back to 100%',
  'shortcut.fit': 'Show the whole map',
  'shortcut.zoomWheel': 'Zoom in or out around the pointer',
  'shortcut.scroll': 'Scroll up and down',
  'shortcut.scrollSideways': 'Scroll sideways',
  'shortcut.pan': 'Pan the view (also by dragging outside the grid)',
  'shortcut.undo': 'Undo',
  'shortcut.redo': 'Redo',
  'shortcut.help': 'Show these shortcuts',
  'shortcut.close': 'Close a menu or these shortcuts',
  'shortcut.menuItems': 'Go through the items of a menu',
  'shortcut.focus': 'Move to the next or the previous control',

  'status.saving': 'Saving…',
  'status.saved': 'Saved',
  'status.failed': 'Not saved',

  'stage.new': 'New stage',

  'kind.actions': 'Actions',
  'kind.touchpoints': 'Touchpoints',
  'kind.thoughts': 'Thoughts',
  'kind.emotions': 'Emotions',
  'kind.pains': 'Pain points',
  'kind.opportunities': 'Opportunities',
  'kind.owners': 'Owners',
  'kind.kpis': 'KPIs',
  'kind.funnel': 'Funnel',
  'kind.strategies': 'Strategies',
  'kind.text': 'Free text',

  'channel.web': 'Web',
  'channel.app': 'App',
  'channel.email': 'E-mail',
  'channel.social': 'Social',
  'channel.search': 'Search',
  'channel.ads': 'Ads',
  'channel.phone': 'Phone',
  'channel.chat': 'Chat',
  'channel.store': 'Store',
  'channel.event': 'Event',
  'channel.print': 'Print',
  'channel.word_of_mouth': 'Word of mouth',
  'channel.marketplace': 'Marketplace',
  'channel.other': 'Other',

  'color.none': 'No colour',
  'color.custom': 'Other colour',
  'color.yellow': 'Yellow',
  'color.orange': 'Orange',
  'color.red': 'Red',
  'color.pink': 'Pink',
  'color.violet': 'Violet',
  'color.blue': 'Blue',
  'color.teal': 'Teal',
  'color.green': 'Green',
  'color.gray': 'Grey',
  'color.navy': 'Navy',

  'score.-2': 'Very negative',
  'score.-1': 'Negative',
  'score.0': 'Neutral',
  'score.1': 'Positive',
  'score.2': 'Very positive',

  'inspector.label': 'Properties',
  'inspector.map': 'Map',
  'inspector.mapTitle': 'Title',
  'inspector.description': 'Description',
  'inspector.hint': 'Choose a card, a cell, a stage or a lane on the canvas to see its properties.',
  'inspector.card': 'Card',
  'inspector.cards.one': '{n} card chosen',
  'inspector.cards.other': '{n} cards chosen',
  'inspector.cell': 'Cell',
  'inspector.stage': 'Stage',
  'inspector.lane': 'Lane',
  'inspector.text': 'Text',
  'inspector.color': 'Colour',
  'inspector.channel': 'Channel',
  'inspector.channelNone': 'No channel',
  'inspector.mode': 'Mode',
  'inspector.online': 'Online',
  'inspector.offline': 'Offline',
  'inspector.unset': 'Not set',
  'inspector.score': 'Emotion',
  'inspector.value': 'Customers at this stage',
  'inspector.name': 'Name',
  'inspector.kind': 'Kind',
  'inspector.collapsed': 'Collapse the lane',

  'action.addCard': 'Add card',
  'action.editText': 'Edit the text',
  'action.copy': 'Copy',
  'action.paste': 'Paste',
  'action.duplicate': 'Duplicate',
  'action.delete': 'Delete',
  'action.rename': 'Rename',
  'action.stageBefore': 'Add a stage before',
  'action.stageAfter': 'Add a stage after',
  'action.laneAfter': 'Add a lane below',
  'action.moveLeft': 'Move left',
  'action.moveRight': 'Move right',
  'action.moveUp': 'Move up',
  'action.moveDown': 'Move down',
  'action.deleteStage': 'Delete the stage',
  'action.deleteLane': 'Delete the lane',

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
  'error.cancelled': 'Cancelled.',
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
  #percent = $derived(new Intl.NumberFormat(this.lang, { style: 'percent', maximumFractionDigits: 0 }));

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

  /** A ratio as a percentage in the UI language ("100 %" in Spanish, "100%" in English). */
  percent(ratio: number): string {
    return this.#percent.format(ratio);
  }

  /** An RFC 3339 timestamp as a local date and time; the raw text if it cannot be read. */
  dateTime(rfc3339: string): string {
    const date = new Date(rfc3339);
    return Number.isNaN(date.getTime()) ? rfc3339 : this.#dateTime.format(date);
  }
}
