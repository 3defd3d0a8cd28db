import { AppError } from '../errors.js';

/** A mistake of the person using a simulator: its message is meant to be shown as is. */
export class SimulatorError extends AppError {
  readonly code = 'invalid_simulator_input';
}
