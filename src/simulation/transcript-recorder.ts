/**
 * Records a simulator session as a transcript (the `test/conversations/*.yaml` format), so a
 * tester who found something can save it and make it a test: `/save name` in the terminal
 * simulator, "export" in the web simulator.
 */
import { stringify } from 'yaml';
import type { ConsentState } from '../core/consent/state.js';
import type { Reply } from '../core/conversation/inbound.js';
import { choicesOf } from './transcript-diff.js';
import type { BotExpectation, Transcript, TranscriptStep } from './transcript-schema.js';

export interface TranscriptRecorder {
  customer(text: string): void;
  tap(title: string): void;
  media(type: string): void;
  /** The bot's replies to the last message; none is recorded as `silent: true`. */
  bot(replies: readonly Reply[]): void;
  clock(step: string): void;
  /** A person from the team wrote to the customer. */
  agent(text: string): void;
  /** The team gave the conversation back; `notify`: the bot greeted the customer at once. */
  release(notify: boolean): void;
  /** The steps so far, ending with the given consent when there is one. */
  transcript(name: string, consent?: ConsentState): Transcript;
  /** The same, as YAML ready to save under `test/conversations/`. */
  toYaml(name: string, consent?: ConsentState): string;
}

export interface TranscriptRecorderOptions {
  readonly phone?: string;
  readonly flow?: string;
  readonly language?: string;
}

/**
 * Creates an empty recorder for one customer.
 * @example
 * const rec = createTranscriptRecorder({ phone });
 * rec.customer('hi'); rec.bot(await sim.send(phone, { text: 'hi' }));
 * await writeFile('test/conversations/hi.yaml', rec.toYaml('Says hi', await sim.consent(phone)));
 */
export function createTranscriptRecorder(
  options: TranscriptRecorderOptions = {},
): TranscriptRecorder {
  const steps: TranscriptStep[] = [];
  const transcript = (name: string, consent?: ConsentState): Transcript => ({
    name,
    ...(options.flow !== undefined ? { flow: options.flow } : {}),
    ...(options.phone !== undefined ? { phone: options.phone } : {}),
    ...(options.language !== undefined ? { language: options.language } : {}),
    steps: consent ? [...steps, consentStep(consent)] : [...steps],
  });
  return {
    customer: (text) => steps.push({ customer: text }),
    tap: (title) => steps.push({ tap: title }),
    media: (type) => steps.push({ media: type }),
    bot: (replies) => {
      if (replies.length === 0) steps.push({ silent: true });
      for (const reply of replies) steps.push({ bot: botStep(reply) });
    },
    clock: (step) => steps.push({ clock: step }),
    agent: (text) => steps.push({ agent: text }),
    release: (notify) => steps.push({ release: notify ? 'notify' : true }),
    transcript,
    toYaml: (name, consent) => {
      const data: Record<string, unknown> = { ...transcript(name, consent) };
      delete data.file;
      delete data.stepLines;
      return stringify(data, { lineWidth: 100 });
    },
  };
}

function botStep(reply: Reply): BotExpectation {
  const titles = choicesOf(reply).map((c) => c.title);
  return titles.length > 0 ? { text: reply.text, buttons: titles } : reply.text;
}

function consentStep(consent: ConsentState): TranscriptStep {
  const categories =
    Object.keys(consent.categories).length > 0 ? { categories: { ...consent.categories } } : {};
  return { consent: { status: consent.status, ...categories } };
}
