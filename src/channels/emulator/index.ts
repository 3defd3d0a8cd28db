/** The Bot Framework Emulator endpoint (`POST /api/messages`). */
export {
  describeEmulatorEndpoint,
  EMULATOR_PATH,
  registerEmulatorEndpoint,
} from './emulator-endpoint.js';
export type { EmulatorEndpointOptions } from './emulator-endpoint.js';
