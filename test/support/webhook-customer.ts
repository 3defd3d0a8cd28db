import { expect } from 'vitest';
import type { RecordedRequest } from './fake-cloud-api.js';
import { ASKS_TO_STOP, STOP_JUST, YES_ALL, stopsOffered } from './shipped-replies.js';
import { postWebhook } from './test-server.js';
import type { TestServer } from './test-server.js';
import {
  BASE_TIMESTAMP,
  buttonReplyPayload,
  CUSTOMER_PHONE,
  textMessagePayload,
} from './whatsapp-payloads.js';

/** What the bot sent, as the customer sees it: the text and the titles of its buttons or rows. */
export interface SentMessage {
  readonly text: string;
  readonly buttons: readonly { readonly id: string; readonly title: string }[];
}

interface CloudBody {
  readonly to?: string;
  readonly recipient?: string;
  readonly text?: { readonly body: string };
  readonly interactive?: {
    readonly body: { readonly text: string };
    readonly action: {
      readonly buttons?: readonly {
        readonly reply: { readonly id: string; readonly title: string };
      }[];
      readonly sections?: readonly { readonly rows: readonly { id: string; title: string }[] }[];
    };
  };
}

/** The customer-facing view of one Cloud API request. */
export function sentMessage(request: RecordedRequest): SentMessage {
  const body = request.body as CloudBody;
  const action = body.interactive?.action;
  return {
    text: body.text?.body ?? body.interactive?.body.text ?? '',
    buttons: [
      ...(action?.buttons ?? []).map((b) => b.reply),
      ...(action?.sections ?? []).flatMap((s) => s.rows).map(({ id, title }) => ({ id, title })),
    ],
  };
}

/**
 * One customer writing to a test server through signed webhooks, each message a minute after
 * the previous one unless a time is given (Unix seconds). `sent()` is what the bot sent them.
 */
export function webhookCustomer(t: TestServer, phone = CUSTOMER_PHONE) {
  let clock = BASE_TIMESTAMP;
  const next = (at?: number) => {
    clock = at ?? clock + 60;
    return clock;
  };
  const post = async (payload: Record<string, unknown>) => {
    const response = await postWebhook(t.url, payload);
    expect(response.status).toBe(200);
    await t.settle();
  };
  const mine = () =>
    t.fakeCloud.messages().filter((r) => {
      const body = r.body as CloudBody;
      return body.to === phone.replace(/^\+/, '') || body.recipient === phone;
    });
  const say = (text: string, at?: number) =>
    post(textMessagePayload({ text, from: phone, timestamp: next(at) }));
  return {
    phone,
    /** The time of the last message, Unix seconds. */
    now: () => clock,
    say,
    tap: (buttonId: string, title: string, options: { at?: number; contextId?: string } = {}) =>
      post(
        buttonReplyPayload({
          buttonId,
          title,
          from: phone,
          timestamp: next(options.at),
          ...(options.contextId ? { contextId: options.contextId } : {}),
        }),
      ),
    /** Everything the bot sent this customer, in order. */
    sent: (): SentMessage[] => mine().map(sentMessage),
    /** What the bot sent since the given count of messages. */
    sentSince: (count: number): SentMessage[] => mine().slice(count).map(sentMessage),
    count: () => mine().length,
    /** Says `text` (at `at`, Unix seconds, if given) and gives what the bot sent for it. */
    answerTo: async (text: string, at?: number): Promise<SentMessage[]> => {
      const before = mine().length;
      await say(text, at);
      return mine().slice(before).map(sentMessage);
    },
    contact: async () => {
      const contact = await t.deps.store.findContact({ phone });
      if (!contact) throw new Error(`no contact ${phone}`);
      return contact;
    },
    events: async () => {
      const contact = await t.deps.store.findContact({ phone });
      return contact ? t.deps.store.listEvents(contact.id) : [];
    },
  };
}

/**
 * A maker of fictional numbers of a language's country (US, Spain, Brazil), a new one per call.
 * Each test file that makes its customers so takes its own `series` (1–9), so that two files
 * never share a number.
 * @example const phoneOf = fictionalPhones(4); phoneOf('es') // '+34600400001'
 */
export function fictionalPhones(series: number): (lang: 'en' | 'es' | 'pt') => string {
  let next = 0;
  return (lang) => {
    next += 1;
    return {
      en: `+1415555${String(200 + 100 * series + next).padStart(4, '0')}`,
      es: `+34600${series}0${String(next).padStart(4, '0')}`,
      pt: `+551198${series}0${String(next).padStart(5, '0')}`,
    }[lang];
  };
}

/**
 * The customers of a test file that takes `series` of the fictional numbers: a new one who said
 * `hello` (the menu and the question answered it), or who then said yes to everything.
 * @example const { optedIn } = newCustomers(() => t, 4); const customer = await optedIn('es', 'hola');
 */
export function newCustomers(server: () => TestServer, series: number) {
  const phoneOf = fictionalPhones(series);
  const after = async (lang: Lang, hello: string) => {
    const customer = webhookCustomer(server(), phoneOf(lang));
    await customer.say(hello);
    return customer;
  };
  const optedIn = async (lang: Lang, hello: string) => {
    const customer = await after(lang, hello);
    await customer.say(YES_ALL[lang]);
    expect((await customer.contact()).consent.status).toBe('opted_in');
    return customer;
  };
  /** An opted-in customer says `said`: only "stop just those?" for `kinds` comes back. */
  const offersToStop = async (lang: Lang, hello: string, said: string, kinds: string) => {
    const customer = await optedIn(lang, hello);
    const replies = await customer.answerTo(said);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(STOP_JUST[lang](kinds))]);
  };
  /** An opted-in customer says `said`: nothing offers to stop, and every kind stays. */
  const offersNothing = async (lang: Lang, hello: string, said: string) => {
    const customer = await optedIn(lang, hello);
    expectNoStopOffered(lang, await customer.answerTo(said));
    expect((await customer.contact()).consent.categories).toEqual({
      orders: true,
      account: true,
      offers: true,
    });
  };
  /** An opted-in customer says `said`: only "stop everything?" comes back, and nothing changes yet. */
  const asksToStopAll = async (lang: Lang, hello: string, said: string) => {
    const customer = await optedIn(lang, hello);
    const replies = await customer.answerTo(said);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(ASKS_TO_STOP[lang])]);
    expect((await customer.contact()).consent.status).toBe('opted_in');
  };
  return { phoneOf, after, optedIn, offersToStop, offersNothing, asksToStopAll };
}

type Lang = 'en' | 'es' | 'pt';

/** No reply among `replies` offers to stop anything ("stop everything?", "stop just those?"). */
export function expectNoStopOffered(lang: Lang, replies: readonly SentMessage[]): void {
  expect(
    stopsOffered(
      lang,
      replies.map((m) => m.text),
    ),
  ).toEqual([]);
}
