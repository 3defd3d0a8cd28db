import type { KeywordLists } from '../../../src/core/flow/definition.js';

/** The PRODUCT.md default keywords in English, Spanish and Portuguese, plus one two-word opt-out. */
export const KEYWORDS: Record<string, KeywordLists> = {
  en: {
    optOut: [
      'STOP',
      'STOPALL',
      'UNSUBSCRIBE',
      'CANCEL',
      'END',
      'QUIT',
      'REVOKE',
      'OPTOUT',
      'opt out',
    ],
    optIn: ['START', 'UNSTOP', 'SUBSCRIBE'],
    help: ['HELP', 'INFO'],
    yes: ['yes', 'yeah'],
    no: ['no', 'nope'],
  },
  es: {
    optOut: ['BAJA', 'PARAR', 'DETENER', 'SALIR', 'CANCELAR'],
    optIn: ['VOLVER', 'RECIBIR'],
    help: ['AYUDA'],
    yes: ['sí', 'vale'],
    no: ['no'],
  },
  pt: {
    optOut: ['PARAR', 'SAIR', 'CANCELAR'],
    optIn: ['VOLTAR', 'RECEBER'],
    help: ['AJUDA'],
    yes: ['sim'],
    no: ['não'],
  },
};

export const LANGUAGES = ['en', 'es', 'pt'] as const;
