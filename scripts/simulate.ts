/**
 * `npm run simulate -- [--flow id] [--phone +14155550123] [--lang es] [--store memory|mongo]`:
 * chat with the bot in the terminal as a customer, against the real bot logic. Buttons are
 * numbered: type the number to tap one. Commands start with "/": type /help to list them.
 * Works with piped input too (`printf 'hi\n1\n/consent\n' | npm run simulate`); it ends at
 * the end of the input.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createManualClock } from '../src/core/clock.js';
import type { Reply } from '../src/core/conversation/inbound.js';
import { loadEnvFile } from '../src/config.js';
import { buildConsentReport, formatConsentReport } from '../src/core/report/index.js';
import { parseReportQuery } from '../src/service/report-query.js';
import { loadSimulationCatalog } from '../src/simulation/load-simulation.js';
import { describeConsent } from '../src/simulation/run-transcript.js';
import { describeDuration, parseClockStep } from '../src/simulation/clock-step.js';
import {
  createSimulator,
  SIMULATOR_DEFAULT_PHONE,
  simulatedCustomer,
} from '../src/simulation/simulator.js';
import type { Simulator, SimulatorInput } from '../src/simulation/simulator.js';
import { choicesOf } from '../src/simulation/transcript-diff.js';
import { createTranscriptRecorder } from '../src/simulation/transcript-recorder.js';
import type { TranscriptRecorder } from '../src/simulation/transcript-recorder.js';
import type { Store } from '../src/store/port.js';

const USAGE =
  'Usage: npm run simulate -- [--flow id] [--phone +14155550123] [--lang es] [--store memory|mongo] [--flows folder]';
const HELP = `Type a message as the customer and press Enter. Type a button's number to tap it.
Commands:
  /clock +25h       move time forward (+30d, +90m, +1h30m…)
  /consent          show the stored consent of the customer
  /history          show the customer's consent events
  /as +34600000123  continue as another customer (any phone number)
  /media sticker    send a message without text (image, sticker, location…)
  /handover         show whether a person has the conversation; /handover start takes it over
  /agent text       answer as a person from the team (the customer must have written in 24 h)
  /release          give the conversation back to the bot (it greets the customer on their next
                    message); /release notify has it greet them at once
  /save name        save this customer's conversation as test/conversations/name.yaml (a new file)
  /report [version,variant] [new_category]
                    the consent report of everything simulated so far (by version and variant)
  /help             show this help
  /quit             leave (so does Ctrl-D)`;
const TRANSCRIPTS_DIR = 'test/conversations';
const interactive = process.stdin.isTTY === true;

let closeStore: () => Promise<void> = () => Promise.resolve();
try {
  loadEnvFile();
  const { values } = parseArgs({
    options: {
      flow: { type: 'string' },
      phone: { type: 'string', default: SIMULATOR_DEFAULT_PHONE },
      lang: { type: 'string' },
      store: { type: 'string', default: 'memory' },
      flows: { type: 'string', default: process.env.FLOWS_DIR || 'flows' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(`${USAGE}\n\n${HELP}`);
  } else {
    const { catalog, problems } = await loadSimulationCatalog(values.flows);
    for (const problem of problems) console.error(problem);
    const store = await openStore(values.store);
    closeStore = () => store.close();
    const sim = createSimulator({
      flows: catalog,
      store,
      clock: createManualClock(Date.now()),
      ...(values.flow !== undefined ? { flowId: values.flow } : {}),
      ...(values.lang !== undefined ? { language: values.lang } : {}),
    });
    const flow = sim.flow().definition;
    const phone = customerNamed(values.phone);
    console.log(
      `Simulating "${flow.id}" v${flow.version} (${flow.business.name}) as ${phone}, ${values.store} store. Type /help for commands.`,
    );
    await chat(sim, phone, values, store);
  }
} catch (error) {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeStore().catch(() => undefined);
}

async function openStore(kind: string): Promise<Store> {
  if (kind === 'memory') {
    const { createMemoryStore } = await import('../src/store/memory/index.js');
    return createMemoryStore();
  }
  if (kind !== 'mongo') throw new Error(`--store must be "memory" or "mongo", not "${kind}".`);
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    throw new Error(
      'MONGODB_URI is not set. Set it (e.g. MONGODB_URI=mongodb://localhost:27017) or use the default --store memory.',
    );
  }
  const { MongoClient } = await import('mongodb');
  const { prepareMongoStore } = await import('../src/store/mongo/index.js');
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    const { store } = await prepareMongoStore({
      client,
      dbName: process.env.MONGODB_DB || 'optin',
    });
    return store;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(
      `cannot reach MongoDB at MONGODB_URI (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

async function chat(
  sim: Simulator,
  firstPhone: string,
  options: { flow?: string; lang?: string },
  store: Store,
): Promise<void> {
  let phone = firstPhone;
  let choices: { id: string; title: string }[] = [];
  const recorders = new Map<string, TranscriptRecorder>();
  const recorder = (p: string) => {
    let found = recorders.get(p);
    if (!found) {
      found = createTranscriptRecorder({
        phone: p,
        ...(options.flow !== undefined ? { flow: options.flow } : {}),
        ...(options.lang !== undefined ? { language: options.lang } : {}),
      });
      recorders.set(p, found);
    }
    return found;
  };

  const send = async (input: SimulatorInput) => {
    const result = await sim.sendDetailed(phone, input);
    const replies = [...result.replies];
    recorder(phone).bot(replies);
    if (replies.length > 0) choices = replies.flatMap((r) => [...choicesOf(r)]);
    const handover = result.handover;
    if (replies.length === 0 && handover?.kind === 'message') {
      console.log(
        '  (kept for the agent: the bot says nothing while a person has the conversation)',
      );
    } else {
      printReplies(replies);
    }
    if (handover?.kind === 'started') {
      console.log(
        '  (handed over to a person: the bot keeps quiet but for STOP, START and HELP; answer with /agent text, give it back with /release)',
      );
    } else if (handover?.kind === 'ended') {
      console.log(
        '  (nobody from the team wrote within the idle limit: the bot took the conversation back)',
      );
    }
  };

  const commands: Record<string, (arg: string) => Promise<boolean | void> | boolean | void> = {
    help: () => console.log(HELP),
    quit: () => true,
    exit: () => true,
    clock: (arg) => {
      const ms = parseClockStep(arg || '');
      sim.advance(ms);
      for (const r of recorders.values()) r.clock(arg.trim());
      console.log(
        `  (clock moved ${describeDuration(ms)} to ${new Date(sim.now()).toISOString()})`,
      );
    },
    consent: async () => {
      const consent = await sim.consent(phone);
      const window = await sim.window(phone);
      console.log(`  consent: ${describeConsent(consent)}`);
      console.log(
        `  window: ${window.open ? `open until ${new Date(window.expiresAt!).toISOString()}` : 'closed'}`,
      );
    },
    history: async () => {
      const events = await sim.history(phone);
      if (events.length === 0) console.log('  (no consent events yet)');
      for (const event of events) {
        const categories =
          'categories' in event && event.categories ? ` ${JSON.stringify(event.categories)}` : '';
        console.log(`  ${new Date(event.occurredAt).toISOString()}  ${event.type}${categories}`);
      }
    },
    as: (arg) => {
      phone = customerNamed(arg);
      choices = [];
      console.log(`  (now writing as ${phone})`);
    },
    handover: async (arg) => {
      if (arg.trim() === 'start') {
        await sim.startHandover(phone);
        console.log('  (you took the conversation over as an agent: the bot keeps quiet)');
        return;
      }
      const record = await sim.handover(phone);
      if (!record) {
        console.log('  the bot has the conversation (/handover start takes it over)');
        return;
      }
      console.log(
        `  handed over since ${new Date(record.since).toISOString()} (${record.startedBy === 'flow' ? 'the customer asked' : 'an agent took it'}), ${record.messages.length} message(s) kept for the agent`,
      );
      for (const message of record.messages) {
        console.log(
          `    ${new Date(message.at).toISOString()}  ${message.text ?? `[${message.type}]`}`,
        );
      }
    },
    agent: async (arg) => {
      await sim.agent(phone, arg);
      recorder(phone).agent(arg.trim());
      console.log(`agent> ${arg.trim()}`);
    },
    release: async (arg) => {
      const notify = arg.trim() === 'notify';
      const replies = await sim.release(phone, { notify });
      recorder(phone).release(notify);
      if (notify) {
        recorder(phone).bot(replies);
        choices = replies.flatMap((r) => [...choicesOf(r)]);
        printReplies(replies);
      } else {
        console.log('  (given back to the bot: it greets the customer on their next message)');
      }
    },
    media: async (arg) => {
      const type = arg.trim() || 'image';
      recorder(phone).media(type);
      await send({ other: type });
    },
    report: async (arg) => {
      const words = arg.split(/\s+/).filter((w) => w !== '');
      const ask = words.find((w) => w === 'question' || w === 'new_category');
      const groupBy = words.find((w) => w !== ask) ?? 'version,variant';
      const query = {
        ...parseReportQuery(
          { groupBy, ...(ask ? { ask } : {}) },
          // Everything simulated so far: up to the simulated now, included.
          { now: sim.now() + 1, defaultFlowId: sim.flow().definition.id },
        ),
        from: 0,
      };
      const report = buildConsentReport(await store.consentFunnel(query), query.groupBy);
      for (const line of formatConsentReport(report, query)) console.log(`  ${line}`);
    },
    save: async (arg) => {
      const name = arg.trim();
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
        throw new Error(
          'give the transcript a name of lower-case letters, digits and dashes, e.g. /save stop-twice',
        );
      }
      const file = join(TRANSCRIPTS_DIR, `${name}.yaml`);
      await mkdir(TRANSCRIPTS_DIR, { recursive: true });
      const yaml = recorder(phone).toYaml(name.replace(/-/g, ' '), await sim.consent(phone));
      // 'wx': never replace a transcript, which may be a regression test someone wrote by hand.
      await writeFile(file, yaml, { encoding: 'utf8', flag: 'wx' }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        throw new Error(`${file} already exists; choose another name (or delete it first)`);
      });
      console.log(`  (saved ${file}; run it with npm run transcripts -- ${file})`);
    },
  };

  const lines = createInterface({
    input: process.stdin,
    ...(interactive ? { output: process.stdout, prompt: 'you> ' } : {}),
    terminal: interactive,
  });
  if (interactive) lines.prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (!interactive && line !== '') console.log(`you> ${line}`);
    try {
      if (line === '') {
        // nothing to send
      } else if (line.startsWith('/')) {
        const [name = '', ...rest] = line.slice(1).split(/\s+/);
        const command = commands[name.toLowerCase()];
        if (!command) console.log(`  unknown command /${name}; type /help for the list`);
        else if ((await command(rest.join(' '))) === true) break;
      } else if (/^\d+$/.test(line) && choices.length > 0) {
        const choice = choices[Number(line) - 1];
        if (!choice) console.log(`  there is no button ${line}; choose 1 to ${choices.length}`);
        else {
          console.log(`  (tapped "${choice.title}")`);
          recorder(phone).tap(choice.title);
          await send({ choiceId: choice.id, title: choice.title });
        }
      } else {
        recorder(phone).customer(line);
        await send({ text: line });
      }
    } catch (error) {
      console.log(`  ${error instanceof Error ? error.message : String(error)}`);
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}

function printReplies(replies: readonly Reply[]): void {
  if (replies.length === 0) {
    console.log('  (the bot sent nothing)');
    return;
  }
  let number = 0;
  for (const reply of replies) {
    console.log(`bot> ${reply.text}`);
    if (reply.type === 'list') console.log(`     [${reply.button}]`);
    for (const choice of choicesOf(reply)) console.log(`     ${++number}) ${choice.title}`);
  }
}

/**
 * The customer `input` names (`simulatedCustomer`), as the simulator's commands take it; a
 * number only WhatsApp writes that way is taken with a note saying so.
 */
function customerNamed(input: string): string {
  const { ref, asWritten } = simulatedCustomer(input);
  const named = ref.phone ?? ref.userId ?? input;
  if (asWritten) {
    console.log(
      `  (${named} is not a number of its country's current plan; simulated as WhatsApp's own id, as a webhook stores it)`,
    );
  }
  return named;
}
