/**
 * How replies of the shipped default flow (`flows/default.yaml`) begin, by language, for the
 * tests that read what the bot sent.
 */

/** The opt-in question (its `question` wording). */
export const QUESTION = {
  en: /^Hi! Would you like to get WhatsApp messages from Brightwood Home\?/,
  es: /^¡Hola! ¿Quieres recibir mensajes de Brightwood Home por WhatsApp\?/,
  pt: /^Olá! Você quer receber mensagens da Brightwood Home pelo WhatsApp\?/,
} as const;

/** The opt-in question shown again (its `reask` wording). */
export const ASKED_AGAIN = {
  en: /^Just checking: would you like WhatsApp messages from Brightwood Home/,
  es: /^Una pregunta: ¿quieres recibir mensajes de Brightwood Home por WhatsApp/,
  pt: /^Só para confirmar: você quer receber mensagens da Brightwood Home pelo WhatsApp/,
} as const;

/** The confirmation of an opt-out from everything. */
export const OPTED_OUT = {
  en: /^Done: you won't get any more WhatsApp messages/,
  es: /^Listo: ya no recibirás más mensajes/,
  pt: /^Pronto: você não vai receber mais mensagens/,
} as const;

/** "All right, nothing changes": a stop not confirmed. */
export const STOP_CANCELLED = {
  en: /^All right, nothing changes\./,
  es: /^De acuerdo, no cambia nada\./,
  pt: /^Tudo bem, nada muda\./,
} as const;

/** "Do you want to stop all messages?" */
export const ASKS_TO_STOP = {
  en: /^Do you want to stop all WhatsApp messages/,
  es: /^¿Quieres dejar de recibir todos los mensajes/,
  pt: /^Você quer deixar de receber todas as mensagens/,
} as const;

/** The "Just those" button title of "stop just those?". */
export const JUST_THOSE = { en: 'Just those', es: 'Solo esos', pt: 'Só esses' } as const;

/** The question's "no" button title. */
export const NO_THANKS = { en: 'No, thanks', es: 'No, gracias', pt: 'Não, obrigado' } as const;

/** The confirmation that `kinds` will not come (`optedOutSome`), by language. */
export const OPTED_OUT_OF = {
  en: (kinds: string) => new RegExp(`^Done: you won't get ${kinds} from Brightwood Home`),
  es: (kinds: string) => new RegExp(`^Listo: ya no recibirás ${kinds} de Brightwood Home`),
  pt: (kinds: string) => new RegExp(`^Pronto: você não vai receber mais ${kinds} da Brightwood`),
} as const;

/** The question's "yes to everything" button title. */
export const YES_ALL = { es: 'Sí, todos', pt: 'Sim, todas', en: 'Yes, all of them' } as const;

/** The answer to thanks. */
export const YOURE_WELCOME = {
  en: /^You're welcome!/,
  es: /^¡De nada!/,
  pt: /^De nada!/,
} as const;

/** The hand-over to a person. */
export const HANDED_OVER = {
  en: /^Thanks! We are passing you to someone from our team/,
  es: /^¡Gracias! Te pasamos con alguien de nuestro equipo/,
  pt: /^Obrigado! Estamos passando você para alguém da nossa equipe/,
} as const;

/** "Sorry, I still didn't understand: would you like to talk to someone?" */
export const PERSON_OFFERED = {
  en: /^Sorry, I still didn't understand that\. Would you like to talk to someone/,
  es: /^Perdona, sigo sin entenderte\. ¿Quieres hablar con alguien/,
  pt: /^Desculpe, ainda não entendi\. Você quer falar com alguém/,
} as const;

/** The menu. */
export const MENU = {
  en: /^How can we help you today\?/,
  es: /^¿Cómo podemos ayudarte hoy\?/,
  pt: /^Como podemos ajudar hoje\?/,
} as const;

/** The answer of "Track an order". */
export const TRACKING = {
  en: /^You can follow your order at brightwood\.example\/track/,
  es: /^Puedes seguir tu pedido en brightwood\.example\/track/,
  pt: /^Você pode acompanhar seu pedido em brightwood\.example\/track/,
} as const;

/** "Stop just those?" for exactly these kinds (their labels, as the reply lists them). */
export const STOP_JUST = {
  en: (kinds: string) => new RegExp(`^Do you want to stop getting ${kinds} from Brightwood`),
  es: (kinds: string) => new RegExp(`^¿Quieres dejar de recibir ${kinds} de Brightwood`),
  pt: (kinds: string) => new RegExp(`^Você quer deixar de receber ${kinds} da Brightwood`),
} as const;

/** The replies of `texts` that offer to stop some kinds ("stop just those?") or every one. */
export function stopsOffered(lang: keyof typeof STOP_JUST, texts: readonly string[]): string[] {
  return texts.filter((text) => STOP_JUST[lang]('.+').test(text) || ASKS_TO_STOP[lang].test(text));
}

/** The question of "let me choose" about one kind (its label, as the question says it). */
export const ASKS_ABOUT = {
  en: (kind: string) => new RegExp(`^Would you like to get ${kind} on WhatsApp\\?`),
  es: (kind: string) => new RegExp(`^¿Quieres recibir ${kind} por WhatsApp\\?`),
  pt: (kind: string) => new RegExp(`^Você quer receber ${kind} pelo WhatsApp\\?`),
} as const;

/** The thanks for a yes to `kinds` (`granted`). */
export const THANKS_FOR = {
  en: (kinds: string) => new RegExp(`^Thank you! You will get ${kinds} from Brightwood Home`),
  es: (kinds: string) => new RegExp(`^¡Gracias! Recibirás ${kinds} de Brightwood Home`),
  pt: (kinds: string) => new RegExp(`^Obrigado! Você vai receber ${kinds} da Brightwood Home`),
} as const;
