/**
 * How replies of the shipped default flow (`flows/default.yaml`) begin, by language, for the
 * tests that read what the bot sent.
 */

/** The opt-in question shown again (its `reask` wording). */
export const ASKED_AGAIN = {
  en: /^Just checking: would you like WhatsApp messages from Brightwood Home/,
  es: /^Una pregunta: ¿quieres recibir mensajes de Brightwood Home por WhatsApp/,
  pt: /^Só para confirmar: você quer receber mensagens da Brightwood Home pelo WhatsApp/,
} as const;
