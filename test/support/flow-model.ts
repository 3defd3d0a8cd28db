import { isDeepStrictEqual } from 'node:util';
import { getStateNodes } from '@xstate/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { HOUR } from '../../src/core/clock.js';
import { inDeclineCooldown } from '../../src/core/consent/ask-policy.js';
import type { FlowDefinition } from '../../src/core/flow/definition.js';
import type { FlowContext } from '../../src/core/flow/flow-context.js';
import { builtinLanguage, effectiveKeywords } from '../../src/core/keywords/index.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import type { SayNote, Transition, World, WorldEvent } from './flow-world.js';
import {
  phaseOf,
  readTurnOnce,
  serializeWorld,
  walkWorlds,
  worldEvents,
  worldStep,
} from './flow-world.js';
import { sweepStep, sweptWords } from './opt-out-sweep.js';
import { handoverStates } from '../../src/core/flow/service-region.js';
import { textReply } from '../../src/core/flow/flow-replies.js';

/**
 * The default flow as a business team might edit it to get rid of STOP: only UNSUBSCRIBE in
 * English, only FRENAR in Spanish, and texts that name them. The check accepts it (the built-in
 * words cannot be removed, so nothing was lost); the walk proves STOP still works everywhere.
 */
export function withoutStopWords(flow: FlowDefinition): FlowDefinition {
  const replace = (language: string, from: RegExp, to: string) =>
    Object.fromEntries(
      Object.entries(flow.texts[language]!).map(([key, value]) => [
        key,
        typeof value === 'string' ? value.replace(from, to) : value,
      ]),
    );
  return {
    ...flow,
    id: 'no-stop',
    keywords: {
      ...flow.keywords,
      en: { ...flow.keywords['en']!, optOut: ['UNSUBSCRIBE'] },
      es: { ...flow.keywords['es']!, optOut: ['FRENAR'] },
    },
    texts: {
      ...flow.texts,
      en: replace('en', /\bSTOP\b/g, 'UNSUBSCRIBE') as never,
      es: replace('es', /\bBAJA\b/g, 'FRENAR') as never,
    },
  };
}

/**
 * What broke a property, transition by transition, for one assertion in its test: on a walk of
 * 300,000 transitions an `expect` per transition costs more than the checks.
 */
class Broken {
  readonly #found: string[] = [];
  constructor(private readonly what = 'broken') {}
  /** Notes `what` went wrong, and where, unless `holds`. */
  unless(holds: boolean, what: () => string): void {
    if (!holds) this.#found.push(what());
  }
  /** Fails the test with the first ten found, if any. */
  expectNone(): void {
    expectNone(this.#found, this.what);
  }
}

/** Fails the test with the first ten of `found`, if any. */
function expectNone(found: readonly string[], what = 'broken'): void {
  expect(found.slice(0, 10), `${found.length} ${what}, the first ten shown`).toEqual([]);
}

/** `value` as a message shows it. */
const shown = (value: unknown) => JSON.stringify(value);

/**
 * How long a walk may take: 70–100 s alone on a 2-core machine, and up to about twice that while
 * the other walk and the rest of the suite share the cores (it ran past vitest's 120 s for hooks
 * once on an idle machine). A walk that loops forever still fails.
 */
const WALK_TIMEOUT_MS = 400_000;

/**
 * The model-based tests of one flow: walk every reachable (machine × consent × time) state with
 * the real machine (`walkWorlds`, once per flow, for every test below) and check the consent
 * guarantees on every transition. Each test also checks that it met the cases it is about, so a
 * model that stops producing them fails instead of passing on nothing.
 *
 * The walk keeps no transitions: each property looks at them as they are made (`onStep`, or
 * `onState` with all the transitions out of a state) and notes what it found, and its own test
 * judges that after the walk. A property that throws while it looks fails its own test.
 */
export function describeFlowModel(title: string, definition: FlowDefinition): void {
  describe(title, () => {
    const flow = prepareFlow(definition);
    let states: World[] = [];
    const key = (world: World) => serializeWorld(world, flow);
    const lookers: ((from: World, out: readonly Transition[]) => void)[] = [];
    /**
     * The test `name` of a property that looks at each state with the transitions out of it
     * during the walk (`look`), then judges what it saw (`judge`) after it.
     */
    /**
     * Has `look` look at each state with the transitions out of it during the walk; gives what
     * it threw, if it did (it looks no further then), for the tests that judge what it saw.
     */
    const lookAtStates = (look: (from: World, out: readonly Transition[]) => void) => {
      let failed: { error: unknown } | undefined;
      lookers.push((from, out) => {
        if (failed) return;
        try {
          look(from, out);
        } catch (error) {
          failed = { error };
        }
      });
      return () => failed;
    };
    /** The test `name` of a property that looks at every state (`look`), then judges (`judge`). */
    const onState = (
      name: string,
      look: (from: World, out: readonly Transition[]) => void,
      judge: () => void,
    ) => {
      const failure = lookAtStates(look);
      it(name, () => {
        const failed = failure();
        if (failed) throw failed.error;
        judge();
      });
    };
    /** The same, transition by transition. */
    const onStep = (name: string, look: (t: Transition) => void, judge: () => void) =>
      onState(
        name,
        (_from, out) => {
          for (const t of out) look(t);
        },
        judge,
      );
    /**
     * The test `name` of a property of the transitions `about` picks: `check` notes what broke
     * in each, and at least one must be met, so a model that stops producing them fails.
     */
    const onCases = (
      name: string,
      about: (t: Transition) => boolean,
      check: (t: Transition, broken: Broken) => void,
      what?: string,
    ) => {
      let met = 0;
      const broken = new Broken(what);
      onStep(
        name,
        (t) => {
          if (!about(t)) return;
          met += 1;
          check(t, broken);
        },
        () => {
          expect(met).toBeGreaterThan(0);
          broken.expectNone();
        },
      );
    };

    beforeAll(() => {
      ({ states } = walkWorlds(flow, (from, out) => {
        for (const look of lookers) look(from, out);
      }));
    }, WALK_TIMEOUT_MS);
    // The worker goes on to other files (isolate: false): let the walk's garbage go with it.
    afterAll(() => {
      states = [];
    });

    const says = ({ to }: { to: World }) => to.step?.intents ?? [];
    const replies = (t: { to: World }) => says(t).filter((i) => i.type === 'reply');
    /** The question (or a new-category question) shown unprompted; "let me choose" goes on answering it. */
    const asked = (t: { to: World }) =>
      says(t).some((i) => i.type === 'question.asked' && i.ask !== 'category');
    /** The opt-in question itself is shown (not a re-ask, not a category question). */
    const showsQuestion = (t: { to: World }) =>
      says(t).some((i) => i.type === 'question.asked' && i.ask === 'question');
    /** No consent intent, and the consent as it was. */
    const recordsNothing = (t: Transition) =>
      !says(t).some((i) => i.type.startsWith('consent.')) &&
      isDeepStrictEqual(t.to.consent, t.from.consent);
    const context = (world: World) =>
      ((world.machine as { context?: FlowContext } | undefined)?.context ??
        {}) as Partial<FlowContext>;
    const consentState = (w: World) =>
      (w.machine as { value?: { consent?: string } } | undefined)?.value?.consent ?? 'idle';
    const lists = () => effectiveKeywords(flow.definition);
    const textOf = (event: WorldEvent) =>
      event.type === 'say' && event.content.kind === 'text' ? event.content.text : undefined;
    /** Whether the event says a word the flow lists as `kind`, in any language; asked once per event. */
    const listed = new Map<WorldEvent, { optIn: boolean; help: boolean }>();
    const isListed = (event: WorldEvent, kind: 'optIn' | 'help') => {
      let known = listed.get(event);
      if (!known) {
        const said = textOf(event)?.toLowerCase();
        const has = (k: 'optIn' | 'help') =>
          Object.values(lists()).some((words) => words[k].some((w) => w.toLowerCase() === said));
        listed.set(event, (known = { optIn: has('optIn'), help: has('help') }));
      }
      return known[kind];
    };

    /** A tap on the question's yes or "let me choose" (of an old question, or the latest). */
    const tapsQuestion = (event: WorldEvent) =>
      event.type === 'say' &&
      event.content.kind === 'choice' &&
      ['consent.yes', 'consent.choose'].includes(event.content.id);
    const { answerPeriodHours } = flow.definition.consent;
    /**
     * The bot's latest message is `mark` (the thanks for a yes, or a no acknowledged), in its
     * period, with no hand-over under way or just ended.
     */
    /** The kinds a message that names kinds to stop names, as the walk read it. */
    const namedKinds = (t: Transition) => {
      if (t.event.type !== 'say') return [];
      // A reading never looks into the turn's facts (`readTurnOnce` checks): none are needed.
      const facts = {} as Parameters<typeof readTurnOnce>[2];
      const read = readTurnOnce(flow, t.event.content, facts, t.from.language).event;
      return read.type === 'stop.some' ? read.categories : [];
    };
    const justSaid = (world: World, mark: 'granted' | 'declined' | 'optedOut') => {
      const said = context(world).said;
      return (
        said?.by === 'consent' &&
        said[mark] === true &&
        world.now - said.at <= answerPeriodHours * HOUR &&
        phaseOf(flow, world) === undefined
      );
    };
    /**
     * Whether the event types the flow's no words (not tapped), or a built-in way of taking a
     * yes back; asked once per event.
     */
    const typedNoOf = new Map<WorldEvent, boolean>();
    const typedNo = (event: WorldEvent) => {
      let known = typedNoOf.get(event);
      if (known === undefined) {
        const said = textOf(event)?.toLowerCase();
        known =
          said !== undefined &&
          ((event.type === 'say' && event.note === 'takesBack') ||
            Object.values(lists()).some((words) => words.no.some((w) => w.toLowerCase() === said)));
        typedNoOf.set(event, known);
      }
      return known;
    };
    /** The question's yes and "let me choose" titles, in every language. */
    const questionTitles = new Set(
      Object.values(flow.definition.texts).flatMap((texts) => [
        texts.buttons.yes,
        texts.buttons.choose,
      ]),
    );
    /**
     * A no taken back: "actually, yes", or the question's yes or "let me choose" title typed,
     * right after the no was acknowledged (not a bare yes).
     */
    const takesBackNo = (t: Transition) =>
      t.event.type === 'say' &&
      (t.event.note === 'takesBackNo' || questionTitles.has(textOf(t.event) ?? '')) &&
      justSaid(t.from, 'declined') &&
      t.from.consent.status === 'declined';
    /**
     * A STOP taken back right after it was confirmed: asking to stay subscribed, or a no taken
     * back ("actually, yes", the question's yes or "let me choose" title typed).
     */
    const takesBackStop = (t: Transition) =>
      t.event.type === 'say' &&
      (t.event.note === 'takesBackStop' ||
        t.event.note === 'takesBackNo' ||
        questionTitles.has(textOf(t.event) ?? '')) &&
      justSaid(t.from, 'optedOut') &&
      t.from.consent.status === 'opted_out';
    /**
     * "yes, and where is my order?" typed to the question while it is the latest message, in its
     * period, outside a hand-over: the customer asks for the question, which is shown again.
     */
    const yesAndAsk = (t: Transition) => typedToQuestion(t, 'yesAndAsk');
    /** "quiero recibir mensajes" typed to the question: its yes. */
    const answersWithMessages = (t: Transition) => typedToQuestion(t, 'asksForMessages');
    /**
     * A message of `note` typed to the question while it is the bot's latest message, within the
     * answer period, outside a hand-over.
     */
    const typedToQuestion = (t: Transition, note: SayNote) => {
      const said = context(t.from).said;
      return (
        t.event.type === 'say' &&
        t.event.note === note &&
        consentState(t.from) === 'asking' &&
        said?.by === 'consent' &&
        said.prompt === 'question' &&
        t.from.now - said.at <= answerPeriodHours * HOUR &&
        phaseOf(flow, t.from) === undefined
      );
    };
    /**
     * The customer asks for the question: an opt-in word, a sentence asking for messages, a tap
     * on an old question's yes, or a no or a STOP taken back.
     */
    const customerAsks = (t: Transition) =>
      yesAndAsk(t) ||
      isListed(t.event, 'optIn') ||
      (t.event.type === 'say' && t.event.note === 'asksToReceive') ||
      (t.event.type === 'say' && t.event.note === 'asksForMessages' && !answersWithMessages(t)) ||
      tapsQuestion(t.event) ||
      takesBackNo(t) ||
      takesBackStop(t);

    {
      const reached = new Set<string>();
      onStep(
        'reaches every state of the compiled machine',
        ({ to }) => {
          const value = (to.machine as { value?: Record<string, string> } | undefined)?.value;
          if (value)
            for (const [region, state] of Object.entries(value)) reached.add(`${region}.${state}`);
        },
        () => {
          const atomic = getStateNodes(flow.machine as unknown as AnyStateMachine)
            .filter((node) => node.type === 'atomic')
            .map((node) => node.path.join('.'))
            .filter((path) => path !== 'service.start');
          expect(atomic.length).toBeGreaterThan(5);
          expect(atomic.filter((path) => !reached.has(path))).toEqual([]);
        },
      );
    }

    // STOP and every built-in opt-out word of the flow's languages, each word once, under the
    // first language that lists it: one test per language keeps each sweep a third of the whole.
    const sweeps = definition.languages.map((language, index, languages) => {
      const earlier = new Set([
        ...(index === 0 ? [] : ['STOP']),
        ...languages.slice(0, index).flatMap((l) => builtinLanguage(l)?.optOut ?? []),
      ]);
      const words = [
        ...new Set([
          ...(index === 0 ? ['STOP'] : []),
          ...(builtinLanguage(language)?.optOut ?? []),
        ]),
      ].filter((word) => !earlier.has(word));
      return { language, words };
    });
    it('sweeps STOP and every built-in opt-out word of the flow’s languages', () => {
      const swept = new Set(sweeps.flatMap(({ words }) => words));
      expect(swept).toContain('STOP');
      for (const language of definition.languages) {
        for (const word of builtinLanguage(language)?.optOut ?? []) expect(swept).toContain(word);
      }
    });
    {
      // One sweep of every word, each test judging its language's: words of different languages
      // that read the same from a world take one step there too.
      const languageOf = new Map(
        sweeps.flatMap(({ language, words }) => words.map((w) => [w, language])),
      );
      const said = sweptWords([...languageOf.keys()]);
      const swept = new Map([...languageOf.keys()].map((word) => [word, 0]));
      // What went wrong, word by word and world by world: one assertion per language.
      const failed = new Map(sweeps.map(({ language }) => [language, new Broken('failed')]));
      let turn = 0;
      const failure = lookAtStates((world, out) => {
        turn += 1;
        // Words that read the same from a world take one step there (`sweepStep` says why and
        // checks it against the walk's own steps of the same words).
        for (const { words: group, after } of sweepStep(flow, world, said, out, turn)) {
          for (const word of group) swept.set(word, swept.get(word)! + 1);
          const wrong = [
            ...(after.consent.status === 'opted_out' ? [] : [`left ${after.consent.status}`]),
            ...(Object.values(after.consent.categories).every((v) => !v)
              ? []
              : ['kept categories']),
            ...(says({ to: after }).some((i) => i.type === 'question.asked') ? ['asked'] : []),
          ];
          if (wrong.length === 0) continue;
          for (const [language, broken] of failed) {
            const theirs = group.filter((word) => languageOf.get(word) === language);
            broken.unless(
              theirs.length === 0,
              () => `${theirs.join('/')} from ${key(world)}: ${wrong.join(', ')}`,
            );
          }
        }
      });
      for (const { language, words } of sweeps.filter((sweep) => sweep.words.length > 0)) {
        const which = language === definition.languages[0] ? 'STOP and every' : 'every other';
        it(`opts out from every reachable state on ${which} built-in opt-out word of ${language}`, () => {
          const thrown = failure();
          if (thrown) throw thrown.error;
          expect(states.length).toBeGreaterThan(50);
          failed.get(language)!.expectNone();
          // Every word, from every world.
          expect(words.map((word) => swept.get(word))).toEqual(words.map(() => states.length));
        });
      }
    }

    {
      const revokes = (t: Transition) =>
        says(t).filter((i) => i.type === 'consent.revoke' && i.categories === undefined);
      const stopWord = (
        lists()[flow.definition.defaultLanguage]?.optOut[0] ?? 'STOP'
      ).toLowerCase();
      let first = 0;
      let repeated = 0;
      let answeredAgain = 0;
      const broken = new Broken();
      /** The confirmation of an opt-out, in the language of the turn that led to `world`. */
      const optedOutReply = (world: World) => {
        const language = world.language ?? flow.definition.defaultLanguage;
        const texts = flow.definition.texts[language] ?? flow.definition.texts['en']!;
        return textReply(flow.definition, language, texts.optedOut);
      };
      onStep(
        'confirms an opt-out once, and records a second STOP as proof without a word (but typed to the question asked for again with START: told they stay out)',
        (t) => {
          if (revokes(t).length > 0 && t.from.consent.status !== 'opted_out') {
            first += 1;
            const where = () => shown([key(t.from), t.event]);
            broken.unless(
              replies(t).length === 1,
              () => `${replies(t).length} replies: ${where()}`,
            );
            broken.unless(!asked(t), () => `asked: ${where()}`);
          }
          if (
            t.from.consent.status === 'opted_out' &&
            textOf(t.event)?.trim().toLowerCase().replace(/!$/, '') === stopWord
          ) {
            repeated += 1;
            const [only, ...more] = says(t);
            // Typed to the question (or "let me choose") a customer still opted out asked for
            // again: the confirmation that they stay out, and no other word.
            const [reply, ...others] = more;
            const toQuestion =
              reply?.type === 'reply' &&
              others.length === 0 &&
              typedToPrompt(t.from, t.to) &&
              isDeepStrictEqual(reply.reply, optedOutReply(t.to));
            if (toQuestion) answeredAgain += 1;
            broken.unless(
              only?.type === 'consent.revoke' &&
                only.repeated === true &&
                (more.length === 0 || toQuestion),
              () => `a repeated STOP did ${shown(says(t))}: ${shown([key(t.from), t.event])}`,
            );
            broken.unless(
              t.to.consent.status === 'opted_out',
              () => `a repeated STOP left ${t.to.consent.status}: ${shown([key(t.from), t.event])}`,
            );
          }
        },
        () => {
          expect(first).toBeGreaterThan(0);
          expect(repeated).toBeGreaterThan(answeredAgain);
          expect(answeredAgain).toBeGreaterThan(0);
          broken.expectNone();
        },
      );
    }

    // Once opted out the consent region is idle; only the customer's own opt-in keyword
    // reopens the question (the region is then "asking", which is the customer's request).
    onCases(
      'never asks after an opt-out unless the customer asks, with an opt-in word or in a sentence',
      (t) =>
        t.from.consent.status === 'opted_out' &&
        consentState(t.from) === 'idle' &&
        !customerAsks(t),
      (t, broken) =>
        broken.unless(
          !asked(t) && !says(t).some((i) => i.type === 'consent.grant'),
          () => `after an opt-out ${shown(says(t))}: ${shown([key(t.from), t.event])}`,
        ),
    );

    /**
     * A sentence asking for messages typed to a category question of "let me choose" while it is
     * the bot's latest message, within the answer period, outside a hand-over: that question
     * shown again, not the opt-in question from the start (the answers given so far kept).
     */
    const wishToCategory = (t: Transition) => {
      const said = context(t.from).said;
      return (
        consentState(t.from) === 'choosing' &&
        context(t.from).choosing?.newCategories !== true &&
        said?.by === 'consent' &&
        said.prompt === 'category' &&
        t.from.now - said.at <= answerPeriodHours * HOUR &&
        phaseOf(flow, t.from) === undefined
      );
    };
    /** A category question of "let me choose" is among the replies. */
    const showsCategory = (t: { to: World }) =>
      replies(t).some(
        (i) =>
          i.type === 'reply' &&
          i.reply.type === 'buttons' &&
          i.reply.buttons.some((b) => b.id.startsWith('consent.category.')),
      );
    /**
     * A sentence asking for messages read as START: the question shown (during a hand-over: the
     * agent's to answer), nothing recorded; typed to a category question, that question again.
     */
    const showsQuestionForWish = (t: Transition, broken: Broken) => {
      const where = () => shown([key(t.from), t.event, says(t)]);
      if (wishToCategory(t)) {
        broken.unless(
          t.to.step?.interpreted === 'keyword.optin' && !showsQuestion(t) && showsCategory(t),
          () => `not the category question again: ${where()}`,
        );
        broken.unless(recordsNothing(t), () => `recorded consent: ${where()}`);
        return;
      }
      const shows = showsQuestion(t);
      broken.unless(
        t.to.step?.interpreted === 'keyword.optin' && shows === (t.to.step.phase !== 'active'),
        () => `${shows ? 'asked' : 'not asked'}: ${where()}`,
      );
      broken.unless(recordsNothing(t), () => `recorded consent: ${where()}`);
    };

    {
      let wishes = 0;
      let handedOver = 0;
      const broken = new Broken();
      onStep(
        'shows the question on a sentence that asks to receive messages (during a hand-over: the agent’s to answer), and records nothing for it',
        (t) => {
          if (t.event.type !== 'say' || t.event.note !== 'asksToReceive') return;
          wishes += 1;
          if (t.to.step?.phase === 'active') handedOver += 1;
          showsQuestionForWish(t, broken);
        },
        () => {
          expect(handedOver).toBeGreaterThan(0);
          expect(wishes).toBeGreaterThan(handedOver);
          broken.expectNone();
        },
      );
    }

    {
      let answered = 0;
      let asked = 0;
      const broken = new Broken();
      onStep(
        'reads a sentence asking for messages as a whole, typed to the question within its period, as the yes to every kind; elsewhere it shows the question (but in a hand-over) and records nothing',
        (t) => {
          if (t.event.type !== 'say' || t.event.note !== 'asksForMessages') return;
          const where = () => shown([key(t.from), t.event, says(t)]);
          if (answersWithMessages(t)) {
            answered += 1;
            const grant = says(t).find((i) => i.type === 'consent.grant');
            broken.unless(
              grant !== undefined &&
                [...grant.categories].sort().join() ===
                  flow.definition.categories
                    .map((c) => c.id)
                    .sort()
                    .join() &&
                t.to.consent.status === 'opted_in',
              () => `no yes to every kind: ${where()}`,
            );
            return;
          }
          asked += 1;
          showsQuestionForWish(t, broken);
        },
        () => {
          expect(answered).toBeGreaterThan(0);
          expect(asked).toBeGreaterThan(0);
          broken.expectNone();
        },
      );
    }

    onCases(
      'shows the question again on a tap on an old question’s yes or "let me choose", and records nothing for it',
      (t) => tapsQuestion(t.event) && consentState(t.from) === 'idle',
      (t, broken) => {
        const where = () => shown([key(t.from), t.event, says(t)]);
        broken.unless(showsQuestion(t), () => `not asked: ${where()}`);
        broken.unless(recordsNothing(t), () => `recorded consent: ${where()}`);
      },
    );

    onCases(
      'takes a yes back: a typed no or "wait, no" right after the thanks for it asks whether to stop, and records nothing',
      (t) =>
        typedNo(t.event) && justSaid(t.from, 'granted') && t.from.consent.status === 'opted_in',
      (t, broken) => {
        const where = () => shown([key(t.from), t.event, says(t)]);
        broken.unless(consentState(t.to) === 'confirmingStop', () => `not asked: ${where()}`);
        broken.unless(recordsNothing(t), () => `recorded consent: ${where()}`);
        broken.unless(replies(t).length === 1, () => `not one reply: ${where()}`);
      },
    );

    onCases(
      'takes a no back: "actually, yes" right after the no shows the question again, and records nothing',
      takesBackNo,
      (t, broken) => {
        const where = () => shown([key(t.from), t.event, says(t)]);
        broken.unless(showsQuestion(t), () => `not asked: ${where()}`);
        broken.unless(recordsNothing(t), () => `recorded consent: ${where()}`);
      },
    );

    onCases(
      '"yes, but no promos" or "yes, but only some" typed to the question asks about each kind it does not leave out, and records at most a no to the kinds it names',
      (t) => {
        const said = context(t.from).said;
        return (
          t.event.type === 'say' &&
          t.event.note === 'yesBut' &&
          consentState(t.from) === 'asking' &&
          said?.by === 'consent' &&
          said.prompt === 'question' &&
          t.from.now - said.at <= answerPeriodHours * HOUR &&
          phaseOf(flow, t.from) === undefined
        );
      },
      (t, broken) => {
        const where = () => shown([key(t.from), t.event, says(t)]);
        const named = namedKinds(t);
        const others = flow.definition.categories
          .map((c) => c.id)
          .filter((id) => !named.includes(id));
        const choosing = context(t.to).choosing;
        broken.unless(others.length > 0, () => `leaves no kind to ask about: ${where()}`);
        broken.unless(consentState(t.to) === 'choosing', () => `not choosing: ${where()}`);
        broken.unless(isDeepStrictEqual(choosing?.ids, others), () => `not the others: ${where()}`);
        broken.unless(
          says(t).some(
            (i) =>
              i.type === 'question.asked' && i.ask === 'category' && i.categories[0] === others[0],
          ),
          () => `not asked about ${others[0]}: ${where()}`,
        );
        const recorded = says(t).filter((i) => i.type.startsWith('consent.'));
        const hadNamed = named.filter((id) => t.from.consent.granted?.[id] === true);
        broken.unless(
          isDeepStrictEqual(
            recorded.map((i) => [i.type, 'categories' in i ? i.categories : undefined]),
            hadNamed.length > 0 ? [['consent.decline', hadNamed]] : [],
          ),
          () => `recorded more than a no to ${named.join(', ')}: ${where()}`,
        );
      },
    );

    onCases(
      'never asks inside a decline cool-down unless the customer asks',
      (t) =>
        t.event.type === 'say' &&
        !customerAsks(t) &&
        inDeclineCooldown(t.from.consent, flow.definition.consent, t.from.now),
      (t, broken) => broken.unless(!asked(t), () => shown([key(t.from), t.event])),
      'asked in a cool-down',
    );

    onCases(
      'never answers a sentence that may mean stop, or names kinds to stop, with the opt-in question',
      (t) =>
        t.event.type === 'say' &&
        (t.event.note === 'mayMeanStop' ||
          t.event.note === 'stopSome' ||
          (t.event.note === 'yesBut' && t.to.step?.interpreted === 'stop.some')),
      (t, broken) => broken.unless(!asked(t), () => shown([key(t.from), t.event])),
      'asked',
    );

    {
      // Every question the bot shows on its own is one of the asks it counts (at the time of
      // the message), and with it the asks of the window stay within the limit. Without the
      // first half a machine that stopped counting its asks would pass on a count of zero.
      const { maxAsksPerWindow } = flow.definition.consent;
      let unprompted = 0;
      let limitReached = false;
      const broken = new Broken();
      onStep(
        'never asks more often than the flow allows in one window',
        (t) => {
          if (!asked(t) || customerAsks(t)) return;
          unprompted += 1;
          const where = () => shown([key(t.from), t.event]);
          const askTimes = context(t.to).askTimes ?? [];
          broken.unless(askTimes.includes(t.from.now), () => `an ask not counted: ${where()}`);
          const since = t.to.windowStartedAt ?? 0;
          const asks = askTimes.filter((time) => time >= since).length;
          broken.unless(asks <= maxAsksPerWindow, () => `${asks} asks in one window: ${where()}`);
          if (asks === maxAsksPerWindow) limitReached = true;
        },
        () => {
          expect(unprompted).toBeGreaterThan(0);
          broken.expectNone();
          // And the limit is reached somewhere: the walk sees a window with every ask used.
          expect(limitReached).toBe(true);
        },
      );
    }

    {
      let said = 0;
      let answered = 0;
      const broken = new Broken();
      onStep(
        'answers every customer message, except a STOP, a sentence that may mean stop or "stop some" from someone opted out',
        (t) => {
          if (t.event.type !== 'say') return;
          said += 1;
          if (replies(t).length > 0) {
            answered += 1;
            return;
          }
          const stopWhileOut =
            t.from.consent.status === 'opted_out' &&
            says(t).every((i) => i.type === 'consent.revoke');
          // While handed over the message is the agent's.
          if (t.to.step?.phase === 'active') return;
          // Only a stale button of a prompt no longer shown may go unanswered.
          const { content } = t.event;
          broken.unless(
            stopWhileOut || content.kind === 'choice',
            () =>
              `unanswered: ${shown([
                (t.from.machine as { value?: unknown } | undefined)?.value,
                t.from.consent.status,
                t.event,
              ])}`,
          );
        },
        () => {
          // Most messages are answered; the rest were checked one by one.
          expect(answered).toBeGreaterThan(said / 2);
          broken.expectNone();
        },
      );
    }

    /**
     * THE HAND-OVER RULE: a message written while a person has the conversation gets no
     * automatic message from the bot, except the confirmations of the customer's own STOP, START
     * and HELP, and of their answers to the prompts those open (a tap, or typed while the prompt
     * is the latest message: no agent writes in the walk).
     */
    const customerAsked = (world: World) => {
      const step = world.step;
      if (!step || step.event.type !== 'say') return false;
      const kinds = ['keyword.optout', 'keyword.optin', 'keyword.help', 'stop.some'];
      if (step.interpreted !== undefined && kinds.includes(step.interpreted)) return true;
      const content = step.event.content;
      return content.kind === 'choice' && /^(consent|stop)\./.test(content.id);
    };
    const answerPeriodMs = () => flow.definition.consent.answerPeriodHours * HOUR;
    /** Typed while a prompt of the bot is the latest message (a yes within its period). */
    const typedToPrompt = (before: World, after: World) => {
      const said = context(before).said;
      const event = after.step?.event;
      return (
        said?.by === 'consent' &&
        said.prompt !== undefined &&
        event?.type === 'say' &&
        event.content.kind === 'text'
      );
    };
    const checkHandedOver = (broken: Broken, before: World, after: World, where: () => string) => {
      const intents = after.step?.intents ?? [];
      const replies = intents.filter((i) => i.type === 'reply');
      const answered = customerAsked(after) || typedToPrompt(before, after);
      if (replies.length > 0) broken.unless(answered, () => `replied: ${where()}`);
      for (const reply of replies) {
        broken.unless(reply.from === 'consent', () => `${reply.from} replied: ${where()}`);
      }
      for (const asked of intents) {
        if (asked.type !== 'question.asked') continue;
        // The question only after the customer's own START (or their tap on an old question's
        // yes); a category question only as the answer to their tap on a prompt's button ("Let
        // me choose", a category's yes or no).
        broken.unless(
          asked.ask === 'category'
            ? customerAsked(after) || typedToPrompt(before, after)
            : asked.ask === 'question' &&
                (after.step?.interpreted === 'keyword.optin' || tapsQuestion(after.step!.event)),
          () => `asked the ${asked.ask} on ${after.step?.interpreted}: ${where()}`,
        );
      }
      broken.unless(!intents.some((i) => i.type === 'handover'), () => `handed over: ${where()}`);
    };

    {
      let during = 0;
      let unanswered = 0;
      const broken = new Broken();
      onStep(
        'sends a handed-over contact nothing on its own: only the confirmations of STOP, START and HELP',
        (t) => {
          if (t.to.step?.phase !== 'active') return;
          during += 1;
          if (replies(t).length === 0) unanswered += 1;
          checkHandedOver(broken, t.from, t.to, () => shown([key(t.from), t.event]));
        },
        () => {
          expect(during).toBeGreaterThan(20);
          expect(unanswered).toBeGreaterThan(0);
          broken.expectNone();
        },
      );
    }

    it('holds that rule from every reachable state when an agent takes the conversation over', () => {
      // What a message during a hand-over can observe: the regions' states, the consent, the
      // prompt being answered and whether a typed answer still answers it (the re-ask gap and
      // the rest of time do not count then).
      const observed = (world: World) => {
        const said = context(world).said;
        return JSON.stringify([
          (world.machine as { value?: unknown } | undefined)?.value,
          world.consent.status,
          context(world).choosing?.index,
          context(world).stopping,
          said?.by === 'consent' ? [said.prompt, world.now - said.at <= answerPeriodMs()] : null,
        ]);
      };
      const distinct = new Map(
        states
          .filter((world) => !(world.handover && world.handover.endedAt === undefined))
          .map((world) => [observed(world), world]),
      );
      const events = worldEvents(flow).filter((e) => e.type === 'say');
      let checked = 0;
      const broken = new Broken();
      for (const world of distinct.values()) {
        const taken: World = {
          ...world,
          handover: { since: world.now, startedBy: 'agent', messages: [] },
        };
        const from = key(world);
        for (const event of events) {
          const after = worldStep(flow, taken, event);
          checkHandedOver(broken, taken, after, () => shown([from, event]));
          checked += 1;
        }
      }
      broken.expectNone();
      expect(checked).toBeGreaterThan(200);
    });

    {
      let handing = 0;
      const broken = new Broken('asked while handing over');
      onStep(
        'never asks the opt-in question in the turn that hands the conversation over',
        (t) => {
          if (!says(t).some((i) => i.type === 'handover')) return;
          handing += 1;
          broken.unless(!asked(t), () => shown([key(t.from), t.event]));
        },
        () => {
          if (handoverStates(flow.definition).size > 0) expect(handing).toBeGreaterThan(0);
          broken.expectNone();
        },
      );
    }

    onCases(
      'takes the conversation back with a word to the customer and the menu, after the idle limit or the release',
      (t) =>
        (t.to.step?.phase === 'idle' || t.to.step?.phase === 'released') &&
        replies(t).some((r) => r.from === 'service'),
      (t, broken) => broken.unless(t.to.handover === undefined, () => shown(t.to.handover)),
      'still handed over',
    );

    onCases(
      'changes no consent on HELP',
      (t) => isListed(t.event, 'help'),
      (t, broken) =>
        broken.unless(
          t.to.consent === t.from.consent || isDeepStrictEqual(t.to.consent, t.from.consent),
          () => shown([t.from.consent, t.event, t.to.consent]),
        ),
      'changed the consent',
    );

    onCases(
      'shows the question again on a yes with a request typed to it, and records nothing',
      yesAndAsk,
      (t, broken) =>
        broken.unless(
          recordsNothing(t) && asked(t),
          () => `a yes with a request did ${shown(says(t))}: ${shown([key(t.from), t.event])}`,
        ),
    );

    // A turn that showed the menu and then the question numbers the menu first (1–3, then the
    // question's 4–6): a typed "1" is the menu's, and decides nothing about consent.
    onCases(
      'takes a typed number the menu of the same turn numbered first as the menu’s, deciding nothing',
      (t) =>
        textOf(t.event) === '1' &&
        (context(t.from).said?.menuBefore?.length ?? 0) >= 1 &&
        phaseOf(flow, t.from) === undefined,
      (t, broken) =>
        broken.unless(
          recordsNothing(t) && t.to.step?.interpreted !== undefined,
          () => `a typed 1 did ${shown(says(t))}: ${shown([key(t.from), t.event])}`,
        ),
    );

    // A service answer, then the question (or a category question), in one turn: a yes word
    // that also takes in what one was told ("sure", "vale") takes in the answer, and grants
    // nothing (two testers, severity 1: "vale, gracias" after "where is my order?" had opted the
    // customer in to everything).
    onCases(
      'grants nothing on a yes word that takes in a service answer shown with the question',
      (t) => {
        const said = context(t.from).said;
        return (
          t.event.type === 'say' &&
          t.event.note === 'acknowledges' &&
          said?.by === 'consent' &&
          said.answered === true &&
          (said.prompt === 'question' || said.prompt === 'category') &&
          phaseOf(flow, t.from) === undefined
        );
      },
      (t, broken) =>
        broken.unless(
          !says(t).some((i) => i.type === 'consent.grant'),
          () => `granted on ${shown([key(t.from), t.event, says(t)])}`,
        ),
    );

    // "Would you like to talk to someone?" after two messages the bot did not understand, maybe
    // with the question after it in the same turn: a typed yes takes the offer.
    {
      const yesWords = new Set(
        Object.values(lists()).flatMap((words) => words.yes.map((w) => w.toLowerCase())),
      );
      onCases(
        'takes a typed yes to the person it offered as that offer: a hand-over, no consent',
        (t) =>
          t.event.type === 'say' &&
          yesWords.has(textOf(t.event)?.toLowerCase() ?? '') &&
          context(t.from).said?.personOffered === true &&
          phaseOf(flow, t.from) === undefined,
        (t, broken) =>
          broken.unless(
            recordsNothing(t) && says(t).some((i) => i.type === 'handover'),
            () => `a yes to the person offered did ${shown([key(t.from), t.event, says(t)])}`,
          ),
      );
    }

    {
      let decisions = 0;
      let typed = 0;
      let stale = 0;
      const broken = new Broken();
      const staleDecided = new Broken('decided on a stale typed answer');
      onStep(
        'records consent only for an explicit answer: a tap on its button, or a typed answer to the latest prompt (a yes within its period)',
        (t) => {
          const periodMs = answerPeriodMs();
          const said = context(t.from).said;
          const state = consentState(t.from);
          if (says(t).some((i) => i.type === 'consent.grant' || i.type === 'consent.decline')) {
            decisions += 1;
            broken.unless(
              t.event.type === 'say' && ['asking', 'choosing'].includes(state),
              () => `a decision on ${shown(t.event)} in ${state}: ${key(t.from)}`,
            );
            if (t.event.type === 'say' && t.event.content.kind === 'choice') {
              const { id } = t.event.content;
              broken.unless(id.startsWith('consent.'), () => `a decision on the button ${id}`);
            } else if (t.event.type === 'say') {
              typed += 1;
              const since = said === undefined ? NaN : t.from.now - said.at;
              // A no for fewer messages counts while the prompt is the latest message, a yes
              // only within its period (a late no to the last category still grants the
              // earlier yeses).
              const grant = says(t).find((i) => i.type === 'consent.grant');
              const saidYes =
                grant !== undefined &&
                (state === 'asking' ||
                  grant.categories.includes(context(t.from).choosing?.asking ?? ''));
              broken.unless(
                said?.by === 'consent' &&
                  said.prompt === (state === 'asking' ? 'question' : 'category') &&
                  since >= 0 &&
                  (!saidYes || since <= periodMs),
                () =>
                  `a typed decision not on the latest prompt: ${shown([said, t.from.now, t.event])}`,
              );
            }
          }
          // And a typed answer after the period, or after another message of the bot, grants
          // nothing (after another message of the bot, it declines nothing either).
          if (
            t.event.type === 'say' &&
            t.event.note === 'typedAnswer' &&
            (said?.by !== 'consent' || t.from.now - said.at > periodMs)
          ) {
            stale += 1;
            const afterOther = said?.by !== 'consent';
            const answered = context(t.from).choosing?.asking;
            const decided = says(t).some((i) =>
              i.type === 'consent.grant'
                ? afterOther || state === 'asking' || i.categories.includes(answered ?? '')
                : i.type === 'consent.decline' && afterOther,
            );
            staleDecided.unless(!decided, () => shown([said, t.from.now, t.event]));
          }
        },
        () => {
          expect(decisions).toBeGreaterThan(0);
          broken.expectNone();
          expect(typed).toBeGreaterThan(0);
          expect(stale).toBeGreaterThan(0);
          staleDecided.expectNone();
        },
      );
    }

    {
      /** The stop prompt the go-ahead answers, if any. */
      const answered = (t: Transition) => {
        const said = context(t.from).said;
        const prompt = { confirmingStop: 'stop', confirmingStopSome: 'stopSome' }[
          consentState(t.from)
        ];
        // A yes to stopping counts while the prompt is the latest message, however late.
        const latest = said?.by === 'consent' && said.prompt === prompt;
        // During a hand-over too: no agent writes in the walk, so the prompt is the latest.
        return latest ? prompt : undefined;
      };
      const met = new Set<string | undefined>();
      const broken = new Broken();
      onStep(
        'takes a go-ahead ("ok") as the yes of "do you want to stop?" (or "stop just those?") while that is the latest message, and as nothing anywhere else',
        (t) => {
          if (t.event.type !== 'say' || t.event.note !== 'goAhead') return;
          const where = () => shown([key(t.from), says(t)]);
          const revokes = says(t).filter((i) => i.type === 'consent.revoke');
          const prompt = answered(t);
          met.add(prompt);
          if (prompt === 'stop') {
            broken.unless(t.to.consent.status === 'opted_out', () => `not opted out: ${where()}`);
          } else if (prompt === 'stopSome') {
            broken.unless(
              revokes.length === 1 &&
                isDeepStrictEqual(revokes[0]!.categories, context(t.from).stopping),
              () => `did not stop just those: ${where()}`,
            );
          } else {
            broken.unless(
              revokes.length === 0 && recordsNothing(t),
              () => `changed the consent: ${where()}`,
            );
          }
        },
        () => {
          expect(met).toEqual(new Set(['stop', 'stopSome', undefined]));
          broken.expectNone();
        },
      );
    }

    {
      const grantedIn = (world: World) =>
        flow.definition.categories
          .map((c) => c.id)
          .filter((id) => (world.consent.granted?.[id] ?? world.consent.categories[id]) === true);
      // Both met from a customer who had said yes before, to other kinds or to all.
      let noAfterYes = false;
      let chosenAfterYes = false;
      const broken = new Broken();
      onStep(
        'leaves the consent as the customer last answered: a no grants nothing, "Let me choose" exactly the kinds answered yes',
        (t) => {
          if (says(t).some((i) => i.type === 'consent.decline' && i.categories === undefined)) {
            if (grantedIn(t.from).length > 0) noAfterYes = true;
            broken.unless(
              ['declined', 'opted_out'].includes(t.to.consent.status) &&
                grantedIn(t.to).length === 0,
              () =>
                `a no left ${t.to.consent.status} ${shown(grantedIn(t.to))}: ${shown([key(t.from), t.event])}`,
            );
          }
          const grant = says(t).find((i) => i.type === 'consent.grant');
          if (
            grant !== undefined &&
            consentState(t.from) === 'choosing' &&
            context(t.from).choosing?.newCategories !== true
          ) {
            if (grantedIn(t.from).some((id) => !grant.categories.includes(id))) {
              chosenAfterYes = true;
            }
            broken.unless(
              t.to.consent.status === 'opted_in' &&
                isDeepStrictEqual([...grantedIn(t.to)].sort(), [...grant.categories].sort()),
              () =>
                `chose ${shown(grant.categories)} but has ${shown(grantedIn(t.to))}: ${shown([key(t.from), t.event])}`,
            );
          }
        },
        () => {
          expect(noAfterYes).toBe(true);
          expect(chosenAfterYes).toBe(true);
          broken.expectNone();
        },
      );
    }

    {
      let choosing = 0;
      let grants = 0;
      let otherButtons = 0;
      const broken = new Broken();
      onStep(
        'never lets a typed yes, or another category’s button, grant a category that was not being asked',
        (t) => {
          if (consentState(t.from) !== 'choosing' || t.event.type !== 'say') return;
          choosing += 1;
          const before = context(t.from).choosing;
          const allowed = new Set([
            ...(before?.chosen ?? []),
            ...(before?.asking ? [before.asking] : []),
          ]);
          const chosen = context(t.to).choosing?.chosen ?? [];
          const where = () => shown([key(t.from), t.event]);
          for (const id of chosen) broken.unless(allowed.has(id), () => `chose ${id}: ${where()}`);
          for (const intent of says(t)) {
            if (intent.type !== 'consent.grant') continue;
            grants += 1;
            for (const id of intent.categories) {
              broken.unless(allowed.has(id), () => `granted ${id}: ${where()}`);
            }
          }
          const tapped = t.event.content.kind === 'choice' ? t.event.content.id : '';
          const other = /^consent\.category\.(yes|no)\.(.+)$/.exec(tapped)?.[2];
          if (other !== undefined && other !== before?.asking) {
            otherButtons += 1;
            broken.unless(
              isDeepStrictEqual(chosen, before?.chosen ?? []) &&
                !says(t).some((i) => i.type.startsWith('consent.')),
              () => `another category's button did ${shown(says(t))}: ${where()}`,
            );
          }
        },
        () => {
          expect(choosing).toBeGreaterThan(0);
          broken.expectNone();
          // Both cases were met: grants made while choosing, and another category's button.
          expect(grants).toBeGreaterThan(0);
          expect(otherButtons).toBeGreaterThan(0);
        },
      );
    }
  });
}
