export { registerSimulatorRoutes } from './simulator-routes.js';
