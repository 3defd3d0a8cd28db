export { registerInsightsRoutes } from './insights-routes.js';
