import type { BuiltinLanguage } from './language-data.js';

/**
 * Italian. Opt-out words as Italian SMS senders use them (STOP, ANNULLA, CANCELLA) with what
 * customers type (BASTA, DISISCRIVIMI); opt-in START, ISCRIVIMI; help AIUTO, INFO.
 */
export const it: BuiltinLanguage = {
  optOut: [
    'STOP',
    'BASTA',
    'ANNULLA',
    'CANCELLA',
    'DISISCRIVI',
    'DISISCRIVIMI',
    'DISISCRIZIONE',
    'FERMA',
  ],
  optOutInSentence: ['STOP', 'DISISCRIVI', 'DISISCRIVIMI', 'DISISCRIZIONE'],
  optIn: ['START', 'ISCRIVIMI', 'RIPRENDI'],
  help: ['AIUTO', 'INFO'],
  replyVerbs: [
    'rispondi',
    'risponda',
    'rispondere',
    'invia',
    'inviate',
    'inviare',
    'scrivi',
    'scriva',
    'scrivere',
    'digita',
  ],
  stopPurposes: [
    'per non ricevere',
    'per disiscriverti',
    'per disiscriversi',
    'per interrompere',
    'per smettere',
  ],
  goAhead: ['OK', 'VA BENE', 'PER FAVORE', 'SÌ GRAZIE', 'SI GRAZIE', 'FALLO', 'CERTO'],
  phrases: {
    fillers: ['per favore', 'perfavore', 'grazie', 'ciao', 'ok', 'subito', 'ora', 'adesso'],
    groups: {
      send: [
        'mandare',
        'mandarmi',
        'inviare',
        'inviarmi',
        'scrivere',
        'scrivermi',
        'contattare',
        'contattarmi',
        'chiamare',
        'disturbare',
      ],
      messages: ['messaggi', 'messaggio', 'sms', 'whatsapp', 'notifiche', 'avvisi', 'promemoria'],
      promos: ['promozioni', 'promo', 'offerte', 'pubblicita', 'newsletter', 'sconti', 'marketing'],
      list: ['lista', 'elenco', 'liste'],
      the: ['i', 'le', 'questi', 'queste', 'vostri', 'vostre', 'tutti i', 'tutte le'],
    },
    optOut: [
      '(basta|stop) [con] [{the}] ({messages}|{promos})',
      '(smettete|smetti|smettetela) di {send} [{the}] [({messages}|{promos})]',
      'non (voglio|desidero) [piu] [ricevere] [piu] [{the}] ({messages}|{promos})',
      'non (mandatemi|inviatemi|scrivetemi|contattatemi) [{the}] [({messages}|{promos})]',
      '(toglietemi|cancellatemi|rimuovetemi) [dalla|dal] [{list}]',
      'lasciatemi in pace',
    ],
    confirm: ['(smettete|smetti) di {send}', 'non voglio [ricevere] ({messages}|{promos})'],
    notStop: [],
  },
};
