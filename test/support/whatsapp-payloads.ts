/**
 * Builders for WhatsApp Cloud API webhook bodies in the exact format Meta sends, for the
 * channel's unit tests and the HTTP end-to-end tests. Numbers are fictional (+1 415 555 01xx).
 *
 * Identities: `from` is the customer's phone (digits, `+` tolerated); pass `from: null` to
 * leave it out, as WhatsApp does for a user known only by a business-scoped `userId`.
 * Timestamps are Unix seconds, as in the webhook.
 */

export const BUSINESS_NUMBER_ID = '106540352242922';
export const BUSINESS_DISPLAY_NUMBER = '14155550100';
export const WABA_ID = '102290129340398';
export const CUSTOMER_PHONE = '+14155550101';
export const CUSTOMER_USER_ID = 'US.13491208655302741918';
/** 2026-01-01T10:00:00Z in Unix seconds. */
export const BASE_TIMESTAMP = 1_767_261_600;

export interface SenderOptions {
  /** Customer phone (`14155550101` or `+14155550101`); `null` omits `from` and `wa_id`. */
  readonly from?: string | null;
  /** Business-scoped user id (`from_user_id` / `user_id`); omitted by default. */
  readonly userId?: string;
  readonly profileName?: string;
  readonly id?: string;
  /** Unix seconds. */
  readonly timestamp?: number;
  readonly phoneNumberId?: string;
}

type Json = Record<string, unknown>;
let sequence = 0;

/** A unique, realistic-looking message id. */
export function nextMessageId(): string {
  sequence += 1;
  return `wamid.HBgLMTQxNTU1NTAxMDEVAgASGBQzQTk${String(sequence).padStart(8, '0')}A=`;
}

/** The outer envelope around one `messages`/`user_preferences` change value. */
export function webhookEnvelope(value: Json, field = 'messages'): Json {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: WABA_ID, changes: [{ value, field }] }],
  };
}

/** Joins several single-entry payloads into one batch with one entry each. */
export function batchPayload(...payloads: Json[]): Json {
  return {
    object: 'whatsapp_business_account',
    entry: payloads.flatMap((p) => p.entry as unknown[]),
  };
}

/** A customer message of any type: `message` holds `type` and its type-specific object. */
export function messagePayload(options: SenderOptions & { readonly message: Json }): Json {
  const waId = options.from === null ? undefined : digits(options.from ?? CUSTOMER_PHONE);
  const contact: Json = {
    profile: { name: options.profileName ?? 'Sheena Nelson' },
    ...(waId ? { wa_id: waId } : {}),
    ...(options.userId ? { user_id: options.userId } : {}),
  };
  const message: Json = {
    ...(waId ? { from: waId } : {}),
    ...(options.userId ? { from_user_id: options.userId } : {}),
    id: options.id ?? nextMessageId(),
    timestamp: String(options.timestamp ?? BASE_TIMESTAMP),
    ...options.message,
  };
  return webhookEnvelope({
    messaging_product: 'whatsapp',
    metadata: metadata(options.phoneNumberId),
    contacts: [contact],
    messages: [message],
  });
}

export function textMessagePayload(options: SenderOptions & { readonly text: string }): Json {
  return messagePayload({ ...options, message: { type: 'text', text: { body: options.text } } });
}

/**
 * The customer tapped an interactive reply button we sent. `contextId` is the WhatsApp id of the
 * message the button belonged to (`context.id`), as WhatsApp reports it.
 */
export function buttonReplyPayload(
  options: SenderOptions & {
    readonly buttonId: string;
    readonly title: string;
    readonly contextId?: string;
  },
): Json {
  return messagePayload({
    ...options,
    message: {
      context: { from: BUSINESS_DISPLAY_NUMBER, id: options.contextId ?? 'wamid.CONTEXT' },
      type: 'interactive',
      interactive: {
        type: 'button_reply',
        button_reply: { id: options.buttonId, title: options.title },
      },
    },
  });
}

/** The customer picked a row of an interactive list we sent. */
export function listReplyPayload(
  options: SenderOptions & {
    readonly rowId: string;
    readonly title: string;
    readonly description?: string;
  },
): Json {
  return messagePayload({
    ...options,
    message: {
      context: { from: BUSINESS_DISPLAY_NUMBER, id: 'wamid.CONTEXT' },
      type: 'interactive',
      interactive: {
        type: 'list_reply',
        list_reply: {
          id: options.rowId,
          title: options.title,
          ...(options.description ? { description: options.description } : {}),
        },
      },
    },
  });
}

/** The customer tapped a template quick-reply button (e.g. "Stop promotions"). */
export function quickReplyPayload(
  options: SenderOptions & { readonly payload: string; readonly text: string },
): Json {
  return messagePayload({
    ...options,
    message: {
      context: { from: BUSINESS_DISPLAY_NUMBER, id: 'wamid.CONTEXT' },
      type: 'button',
      button: { payload: options.payload, text: options.text },
    },
  });
}

export interface StatusOptions {
  readonly id: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed' | 'played';
  /** Customer phone; `null` omits `recipient_id`. */
  readonly recipient?: string | null;
  readonly recipientUserId?: string;
  readonly timestamp?: number;
  readonly phoneNumberId?: string;
  readonly errors?: readonly {
    readonly code: number;
    readonly title: string;
    readonly details?: string;
  }[];
}

/** A delivery status for a message the business sent. */
export function statusPayload(options: StatusOptions): Json {
  const recipientId =
    options.recipient === null ? undefined : digits(options.recipient ?? CUSTOMER_PHONE);
  const status: Json = {
    id: options.id,
    status: options.status,
    timestamp: String(options.timestamp ?? BASE_TIMESTAMP),
    ...(recipientId ? { recipient_id: recipientId } : {}),
    ...(options.recipientUserId ? { recipient_user_id: options.recipientUserId } : {}),
  };
  if (options.status === 'failed') {
    status.errors = (options.errors ?? []).map((e) => ({
      code: e.code,
      title: e.title,
      message: e.title,
      error_data: { details: e.details ?? e.title },
      href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
    }));
  } else {
    status.conversation = { id: 'CONVERSATION_ID', origin: { type: 'service' } };
    status.pricing = {
      billable: false,
      pricing_model: 'PMP',
      category: 'service',
      type: 'free_customer_service',
    };
  }
  return webhookEnvelope({
    messaging_product: 'whatsapp',
    metadata: metadata(options.phoneNumberId),
    statuses: [status],
  });
}

export interface UserPreferencesOptions {
  readonly value: 'stop' | 'resume';
  /** Customer phone; `null` omits `wa_id`. */
  readonly waId?: string | null;
  readonly userId?: string;
  readonly timestamp?: number;
  readonly phoneNumberId?: string;
}

/** The customer stopped or resumed marketing messages in WhatsApp's own settings. */
export function userPreferencesPayload(options: UserPreferencesOptions): Json {
  const waId = options.waId === null ? undefined : digits(options.waId ?? CUSTOMER_PHONE);
  const identity: Json = {
    ...(waId ? { wa_id: waId } : {}),
    ...(options.userId ? { user_id: options.userId } : {}),
  };
  return webhookEnvelope(
    {
      messaging_product: 'whatsapp',
      metadata: metadata(options.phoneNumberId),
      contacts: [{ profile: { name: 'Sheena Nelson' }, ...identity }],
      user_preferences: [
        {
          ...identity,
          detail: `User requested to ${options.value} marketing messages`,
          category: 'marketing_messages',
          value: options.value,
          // A number here, unlike the string timestamps of messages and statuses.
          timestamp: options.timestamp ?? BASE_TIMESTAMP,
        },
      ],
    },
    'user_preferences',
  );
}

function metadata(phoneNumberId = BUSINESS_NUMBER_ID): Json {
  return { display_phone_number: BUSINESS_DISPLAY_NUMBER, phone_number_id: phoneNumberId };
}

function digits(phone: string): string {
  return phone.replace(/^\+/, '');
}
