import { describeWithMongo, openMongoStore } from '../support/mongo-server.js';
import { describeWebhookSuite } from './http/webhook-suite.js';

describeWithMongo('WhatsApp webhook over HTTP (MongoDB store)', (uri) => {
  describeWebhookSuite('MongoDB store', () => openMongoStore(uri, 'optin_webhook'));
});
