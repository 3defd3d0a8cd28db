export {
  agentWrote,
  handoverPhase,
  HANDOVER_MESSAGES_KEPT,
  isHandedOver,
  isWaiting,
  keepCustomerMessage,
  lastMessageAt,
  startHandover,
} from './handover.js';
export type {
  HandoverChange,
  HandoverMessage,
  HandoverPhase,
  HandoverRecord,
  HandoverStarter,
} from './handover.js';
export { TRANSCRIPT_LINES_KEPT, turnTranscript } from './transcript.js';
export { handoverAfterTurn } from './handover-after-turn.js';
export type { CustomerMessage } from './handover-after-turn.js';
export type { TranscriptLine } from './transcript.js';
