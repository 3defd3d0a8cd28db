import type { Server } from 'restify';
import { readBody } from '../body/index.js';
import type { ServerDeps } from '../server-deps.js';
import type { RunTurn } from './receive-webhook.js';
import { createWebhookHandler } from './receive-webhook.js';
import { createHandshakeHandler } from './verify-handshake.js';

/** The path WhatsApp is configured to call (Meta app → WhatsApp → Configuration → Webhook). */
export const WEBHOOK_PATH = '/webhooks/whatsapp';

/** Registers the WhatsApp webhook: the verification handshake and the event receiver. */
export function registerWebhookRoutes(server: Server, deps: ServerDeps, runTurn: RunTurn): void {
  server.get(WEBHOOK_PATH, createHandshakeHandler(deps.config.whatsapp.verifyToken));
  server.post(WEBHOOK_PATH, readBody(), createWebhookHandler(deps, runTurn));
}
