// The browser tests find Chromium as `npm run flows:diagram -- --svg` does: one rule, one place.
export {
  DEBIAN_CHROMIUM,
  findChromium,
  INSTALL_CHROMIUM,
} from '../../scripts/lib/find-chromium.js';
export type { ChromiumForTests } from '../../scripts/lib/find-chromium.js';
