import type { PreferenceUpdate, StatusUpdate } from '../../channels/whatsapp/index.js';
import { classifyWhatsAppError } from '../../channels/whatsapp/index.js';
import {
  recordMarketingPreference,
  recordMarketingStopped,
} from '../../service/marketing-preference.js';
import type { ServerDeps } from '../server-deps.js';

type Deps = Pick<ServerDeps, 'store' | 'consent' | 'metrics' | 'logger'>;

/**
 * Records a delivery status on the outbound log. A `failed` status counts its error codes;
 * 131050 (the customer stopped marketing messages in WhatsApp) also suppresses marketing.
 */
export async function applyStatus(deps: Deps, status: StatusUpdate): Promise<void> {
  const error = status.errors[0];
  const updated = await deps.store.updateOutboundStatus(status.waMessageId, {
    status: status.status,
    at: status.timestamp,
    ...(error ? { errorCode: error.code, errorTitle: error.title } : {}),
  });
  if (!updated) deps.logger.debug({ status: status.status }, 'status for a message we do not know');
  for (const { code } of status.errors) deps.metrics.cloudApiErrors.inc({ code: String(code) });
  if (status.errors.some((e) => classifyWhatsAppError(e.code) === 'marketing_stopped')) {
    await recordMarketingStopped(deps, status.recipient, {
      occurredAt: status.timestamp,
      messageId: status.waMessageId,
    });
  }
}

/** WhatsApp's `user_preferences`: the customer stopped or resumed marketing messages. */
export async function applyPreference(deps: Deps, preference: PreferenceUpdate): Promise<void> {
  await recordMarketingPreference(
    deps,
    preference.contact,
    preference.value,
    preference.timestamp,
    {
      note: `WhatsApp user_preferences: marketing_messages ${preference.value}`,
      ...(preference.value === 'stop' ? { trigger: 'user_preferences' as const } : {}),
    },
  );
}
