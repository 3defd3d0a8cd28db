/**
 * The JSON body of `POST /{phone-number-id}/messages` for the message types the bot sends.
 * Exactly one of `to` (the phone's digits) or `recipient` (a business-scoped user id) is set:
 * when both are sent WhatsApp uses `to`, so we never send both.
 */
export type CloudMessage = CloudAddressing & CloudContent & CloudTracking;

/**
 * `biz_opaque_callback_data`: a string of ours (at most 512 characters) that the Cloud API
 * does not process and hands back in the message's status webhooks. The sender puts the outbox
 * entry's id there, so a message can be told from its resend.
 */
export interface CloudTracking {
  readonly biz_opaque_callback_data?: string;
}

export type CloudAddressing =
  | {
      readonly messaging_product: 'whatsapp';
      readonly recipient_type: 'individual';
      readonly to: string;
      readonly recipient?: never;
    }
  | {
      readonly messaging_product: 'whatsapp';
      readonly recipient_type: 'individual';
      readonly recipient: string;
      readonly to?: never;
    };

export type CloudContent =
  | { readonly type: 'text'; readonly text: { readonly body: string } }
  | { readonly type: 'interactive'; readonly interactive: CloudInteractive }
  | { readonly type: 'template'; readonly template: CloudTemplate };

export type CloudInteractive =
  | {
      readonly type: 'button';
      readonly body: { readonly text: string };
      readonly action: {
        readonly buttons: readonly {
          readonly type: 'reply';
          readonly reply: { readonly id: string; readonly title: string };
        }[];
      };
    }
  | {
      readonly type: 'list';
      readonly body: { readonly text: string };
      readonly action: {
        readonly button: string;
        readonly sections: readonly {
          readonly rows: readonly { readonly id: string; readonly title: string }[];
        }[];
      };
    };

export interface CloudTemplate {
  readonly name: string;
  readonly language: { readonly code: string };
  readonly components?: readonly unknown[];
}
