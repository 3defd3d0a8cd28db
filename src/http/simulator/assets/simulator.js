// The simulator page's script: plain JavaScript served as is (no build step), talking to the
// JSON API under /simulator/api/. Every text from the server goes into the page as text, never
// as HTML; only mermaid's sanitised SVG is inserted as markup.

const API = '/simulator/api';
const RECENT_KEY = 'simulator.recentCustomers';
/** The chats of this browser, per customer, so a page reload keeps the conversation. */
const SESSIONS_KEY = 'simulator.sessions';
/** The flow chosen in the flow menu. */
const FLOW_KEY = 'simulator.flow';
const DEFAULT_PHONE = '+14155550123';
/** How much of a chat is kept across reloads, per customer, and how many customers. */
const KEPT_ENTRIES = 400;
const KEPT_SESSIONS = 8;

const $ = (id) => document.getElementById(id);
const els = {
  error: $('error'),
  flowName: $('flow-name'),
  customerForm: $('customer-form'),
  phone: $('phone'),
  language: $('language'),
  recent: $('recent'),
  newCustomer: $('new-customer'),
  clockNow: $('clock-now'),
  clockOffset: $('clock-offset'),
  transcriptName: $('transcript-name'),
  exportButton: $('export'),
  chatTitle: $('chat-title'),
  chatSubtitle: $('chat-subtitle'),
  messages: $('messages'),
  composer: $('composer'),
  message: $('message'),
  consentStatus: $('consent-status'),
  consentUpdated: $('consent-updated'),
  consentSource: $('consent-source'),
  consentCategories: $('consent-categories'),
  windowState: $('window-state'),
  events: $('events'),
  eventsEmpty: $('events-empty'),
  diagram: $('diagram'),
  diagramFlow: $('diagram-flow'),
  diagramZoom: $('diagram-zoom'),
  handoverState: $('handover-state'),
  handoverMessages: $('handover-messages'),
  handoverMessagesHeading: $('handover-messages-heading'),
  agentForm: $('agent-form'),
  agentMessage: $('agent-message'),
  agentSend: $('agent-send'),
  handoverStart: $('handover-start'),
  handoverRelease: $('handover-release'),
  handoverNotify: $('handover-notify'),
};

/** Everything the page knows; the server is the truth for consent, the page for the chat. */
const state = {
  flow: null,
  /** Every flow the server runs, for the flow menu. */
  flows: [],
  clock: { now: Date.now(), offset: 0, adjustable: true },
  phone: DEFAULT_PHONE,
  view: null,
  /** Per customer phone: the chat entries of this browser session, in order. */
  sessions: new Map(),
  /** Requests run one after another, so the chat keeps the order the tester acted in. */
  queue: Promise.resolve(),
};

// ---------------------------------------------------------------------------------------------
// Talking to the server

async function call(method, path, body) {
  const response = await fetch(API + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(data.message || `The server answered ${response.status}.`);
  }
  return data;
}

/** Runs `task` after the ones before it; shows its error instead of throwing. */
function enqueue(task) {
  state.queue = state.queue.then(async () => {
    try {
      await task();
      showError(null);
    } catch (error) {
      showError(error instanceof Error ? error.message : String(error));
    }
  });
  return state.queue;
}

function showError(message) {
  els.error.hidden = !message;
  els.error.textContent = message || '';
}

// ---------------------------------------------------------------------------------------------
// Formatting

const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function formatDuration(ms) {
  const minutes = Math.round(Math.abs(ms) / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (mins && !days) parts.push(`${mins} min`);
  return parts.join(' ') || 'less than a minute';
}

function excerpt(text, max = 90) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// ---------------------------------------------------------------------------------------------
// The chat

function session(phone = state.phone) {
  if (!state.sessions.has(phone)) {
    // `entries` is what the chat shows; `log` what a transcript export sends to the server.
    state.sessions.set(phone, { entries: [], log: [], language: els.language.value || undefined });
  }
  return state.sessions.get(phone);
}

/** The chats as this browser keeps them across reloads (the latest customers, bounded). */
function loadSessions() {
  try {
    const saved = JSON.parse(localStorage.getItem(SESSIONS_KEY) || '{}');
    for (const [phone, value] of Object.entries(saved)) {
      if (!value || !Array.isArray(value.entries) || !Array.isArray(value.log)) continue;
      state.sessions.set(phone, {
        entries: value.entries,
        log: value.log,
        language: typeof value.language === 'string' ? value.language : undefined,
      });
    }
  } catch {
    // A damaged or refused storage: start with empty chats.
  }
}

function saveSessions() {
  const kept = [...state.sessions.entries()].slice(-KEPT_SESSIONS).map(([phone, s]) => [
    phone,
    {
      entries: s.entries.slice(-KEPT_ENTRIES),
      log: s.log.slice(-KEPT_ENTRIES * 2),
      language: s.language,
    },
  ]);
  try {
    localStorage.setItem(SESSIONS_KEY, JSON.stringify(Object.fromEntries(kept)));
  } catch {
    // Private browsing may refuse storage; the chat then lasts for this page only.
  }
}

/** Adds to the session's export log and keeps the chat for a reload. */
function logStep(step) {
  session().log.push(step);
  saveSessions();
}

function renderChat() {
  els.messages.replaceChildren();
  const { entries } = session();
  if (entries.length === 0) {
    els.messages.append(
      el('p', { className: 'empty', text: 'Say hello to start the conversation.' }),
    );
  }
  for (const entry of entries) els.messages.append(renderEntry(entry));
  els.messages.scrollTop = els.messages.scrollHeight;
}

function addEntry(entry) {
  const entries = session().entries;
  if (entries.length === 0) els.messages.replaceChildren();
  entries.push(entry);
  els.messages.append(renderEntry(entry));
  els.messages.scrollTop = els.messages.scrollHeight;
  saveSessions();
}

function renderEntry(entry) {
  if (entry.kind === 'notice') return el('p', { className: 'notice', text: entry.text });
  if (entry.kind === 'clock') {
    return el('p', {
      className: 'notice',
      text: `Clock moved ${entry.advance}: now ${dateTime.format(entry.now)}`,
    });
  }
  if (entry.kind === 'agent') {
    return el(
      'div',
      { className: 'message agent', 'data-role': 'agent' },
      el(
        'div',
        { className: 'bubble' },
        el('span', { className: 'tapped', text: 'Agent' }),
        document.createTextNode(entry.text),
        el('span', { className: 'meta', text: timeOnly.format(entry.at) }),
      ),
    );
  }
  if (entry.kind === 'customer') {
    const bubble = el(
      'div',
      { className: 'bubble' },
      entry.tap ? el('span', { className: 'tapped', text: 'Tapped' }) : null,
      document.createTextNode(entry.text),
      el('span', { className: 'meta', text: timeOnly.format(entry.at) }),
    );
    return el(
      'div',
      { className: 'message customer', 'data-role': 'customer' },
      el('span', { className: 'visually-hidden', text: 'You: ' }),
      bubble,
    );
  }
  return renderBotReply(entry.reply, entry.at);
}

function renderBotReply(reply, at) {
  const bubble = el(
    'div',
    { className: 'bubble' },
    document.createTextNode(reply.text),
    reply.type === 'list' ? el('span', { className: 'list-label', text: reply.button }) : null,
    el('span', { className: 'meta', text: timeOnly.format(at) }),
  );
  const wrapper = el(
    'div',
    { className: `message bot ${reply.type}`, 'data-role': 'bot' },
    el('span', { className: 'visually-hidden', text: 'Bot: ' }),
    bubble,
  );
  const choices =
    reply.type === 'buttons' ? reply.buttons : reply.type === 'list' ? reply.rows : [];
  if (choices.length > 0) {
    const list = el('ul', {
      className: 'choices',
      'aria-label': reply.type === 'list' ? reply.button : 'Reply buttons',
    });
    for (const choice of choices) {
      const button = el('button', {
        type: 'button',
        'data-choice-id': choice.id,
        text: choice.title,
      });
      button.addEventListener('click', () => {
        void sendChoice(choice);
      });
      list.append(el('li', {}, button));
    }
    wrapper.append(list);
  }
  return wrapper;
}

function sendText(text) {
  return enqueue(async () => {
    addEntry({ kind: 'customer', text, at: state.clock.now });
    logStep({ customer: text });
    await deliver({ text });
  });
}

function sendChoice(choice) {
  return enqueue(async () => {
    addEntry({ kind: 'customer', text: choice.title, tap: true, at: state.clock.now });
    logStep({ tap: choice.title });
    await deliver({ choice: { id: choice.id, title: choice.title } });
    els.message.focus();
  });
}

async function deliver(content) {
  const current = session();
  const result = await call('POST', '/messages', {
    phone: state.phone,
    flow: state.flow.id,
    ...(current.language ? { language: current.language } : {}),
    ...content,
  });
  logStep({ replies: result.replies });
  for (const reply of result.replies) addEntry({ kind: 'bot', reply, at: result.now });
  if (result.handedOver) {
    addEntry({
      kind: 'notice',
      text: 'The conversation was handed over to a person: answer as the agent beside the chat.',
    });
  }
  showContact(result);
  await refreshClock();
}

// ---------------------------------------------------------------------------------------------
// The hand-over panel: the tester as the contact centre's agent

function showHandover(view) {
  const handover = view.handover;
  const handedOver = Boolean(handover);
  els.handoverState.replaceChildren();
  if (handedOver) {
    els.handoverState.append(
      el('strong', { className: 'handed-over', text: 'handed over' }),
      document.createTextNode(
        ` to a person since ${dateTime.format(handover.since)} (${handover.startedBy === 'flow' ? 'the customer asked' : 'an agent took it'}); ${handover.waiting ? 'the customer waits for an answer' : 'answered'}`,
      ),
    );
  } else {
    els.handoverState.textContent = 'The bot is answering.';
  }
  els.handoverMessages.replaceChildren();
  const messages = handover?.messages ?? [];
  els.handoverMessagesHeading.hidden = messages.length === 0;
  for (const message of messages) {
    els.handoverMessages.append(
      el(
        'li',
        {},
        el('span', { className: 'event-meta', text: timeOnly.format(message.at) }),
        document.createTextNode(` ${message.text ?? `[${message.type}]`}`),
      ),
    );
  }
  els.agentMessage.disabled = !handedOver;
  els.agentSend.disabled = !handedOver;
  els.handoverRelease.disabled = !handedOver;
  els.handoverNotify.disabled = !handedOver;
  els.handoverStart.disabled = handedOver || !view.known;
}

function answerAsAgent(text) {
  return enqueue(async () => {
    const view = await call('POST', '/agent', { phone: state.phone, flow: state.flow.id, text });
    addEntry({ kind: 'agent', text, at: view.now });
    logStep({ agent: text });
    showContact(view);
  });
}

function startHandover() {
  return enqueue(async () => {
    const view = await call('POST', '/handover', { phone: state.phone, flow: state.flow.id });
    addEntry({ kind: 'notice', text: 'You took the conversation over as an agent.' });
    showContact(view);
  });
}

function releaseHandover() {
  const notify = els.handoverNotify.checked;
  return enqueue(async () => {
    const result = await call('POST', '/release', {
      phone: state.phone,
      flow: state.flow.id,
      notify,
    });
    addEntry({
      kind: 'notice',
      text: notify
        ? 'You gave the conversation back to the bot, which greets the customer now.'
        : 'You gave the conversation back to the bot: it greets the customer on their next message.',
    });
    logStep({ release: notify ? 'notify' : true });
    if (notify) logStep({ replies: result.replies });
    for (const reply of result.replies) addEntry({ kind: 'bot', reply, at: result.now });
    showContact(result);
  });
}

// ---------------------------------------------------------------------------------------------
// The consent panel

function showContact(view) {
  state.view = view;
  showHandover(view);
  const { consent, window: win, events } = view;
  els.consentStatus.textContent = consent.status + (consent.expired ? ' (expired)' : '');
  els.consentStatus.className = `badge ${consent.status}`;
  els.consentUpdated.textContent = consent.updatedAt ? dateTime.format(consent.updatedAt) : '–';
  els.consentSource.textContent = consent.source || '–';

  els.consentCategories.replaceChildren();
  const labels = new Map((state.flow?.categories || []).map((c) => [c.id, c.label]));
  for (const [id, allowed] of Object.entries(consent.categories)) {
    els.consentCategories.append(
      el(
        'li',
        {},
        el('span', { text: labels.get(id) ? `${labels.get(id)} (${id})` : id }),
        el('span', { className: allowed ? 'yes' : 'no', text: allowed ? 'yes' : 'no' }),
      ),
    );
  }
  if (consent.marketingSuppressed) {
    els.consentCategories.append(
      el('li', { text: 'WhatsApp marketing opt-out in force (Stop promotions)' }),
    );
  }

  els.windowState.replaceChildren();
  if (win.expiresAt === undefined) {
    els.windowState.textContent = 'No message yet';
  } else if (win.open) {
    els.windowState.append(
      el('strong', { className: 'open', text: 'open' }),
      document.createTextNode(
        ` until ${dateTime.format(win.expiresAt)} (${formatDuration(win.expiresAt - view.now)} left)`,
      ),
    );
  } else {
    els.windowState.append(
      el('strong', { className: 'closed', text: 'closed' }),
      document.createTextNode(
        ` since ${dateTime.format(win.expiresAt)} (${formatDuration(view.now - win.expiresAt)} ago); only templates may be sent`,
      ),
    );
  }

  els.events.replaceChildren();
  els.eventsEmpty.hidden = events.length > 0;
  for (const event of [...events].reverse()) els.events.append(renderEvent(event));
}

function renderEvent(event) {
  const evidence = event.evidence || {};
  const said = [
    evidence.replyText ? `replied "${excerpt(evidence.replyText, 40)}"` : null,
    evidence.keyword ? `keyword ${evidence.keyword}` : null,
    evidence.questionText ? `to "${excerpt(evidence.questionText)}"` : null,
    evidence.note ? excerpt(evidence.note) : null,
    evidence.errorCode ? `error ${evidence.errorCode}` : null,
  ].filter(Boolean);
  const origin = [
    dateTime.format(event.occurredAt),
    event.source,
    evidence.flowId ? `flow ${evidence.flowId} v${evidence.flowVersion}` : null,
    evidence.language,
  ].filter(Boolean);
  return el(
    'li',
    { className: event.type.replace('.', '-') },
    el('span', { className: 'event-type', text: event.type }),
    event.categories ? document.createTextNode(` ${event.categories.join(', ')}`) : null,
    el('span', { className: 'event-meta', text: origin.join(' · ') }),
    said.length ? el('span', { className: 'event-evidence', text: said.join(' ') }) : null,
  );
}

// ---------------------------------------------------------------------------------------------
// Customers

function recentCustomers() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) || '[]');
    return Array.isArray(list) ? list.filter((p) => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

function rememberCustomer(phone) {
  const list = [phone, ...recentCustomers().filter((p) => p !== phone)].slice(0, 8);
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // Private browsing may refuse storage; the list then lasts for this page only.
  }
  renderRecent(list);
}

function renderRecent(list = recentCustomers()) {
  els.recent.replaceChildren();
  for (const phone of list) {
    const button = el('button', { type: 'button', text: phone });
    if (phone === state.phone) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => {
      els.phone.value = phone;
      void openCustomer(phone);
    });
    els.recent.append(el('li', {}, button));
  }
}

function openCustomer(input) {
  return enqueue(async () => {
    const view = await call('GET', contactPath(input.trim()));
    state.phone = view.phone || view.userId;
    els.phone.value = state.phone;
    els.chatSubtitle.textContent = `chatting as ${state.phone}`;
    els.transcriptName.value = `simulator ${state.phone.replace(/\D/g, '').slice(-4)}`;
    // A customer first opened in this session takes the language hint chosen at that moment.
    els.language.value = session().language || '';
    rememberCustomer(state.phone);
    renderChat();
    showContact(view);
  });
}

function newFictionalCustomer() {
  // +1 415 555 0100–0199 is reserved for fiction; pick one this browser has not used yet.
  const used = new Set(recentCustomers());
  for (let n = 100; n < 200; n += 1) {
    const phone = `+1415555${String(n).padStart(4, '0')}`;
    if (!used.has(phone)) return phone;
  }
  return DEFAULT_PHONE;
}

function contactPath(phone) {
  return `/contacts/${encodeURIComponent(phone)}?flow=${encodeURIComponent(state.flow.id)}`;
}

// ---------------------------------------------------------------------------------------------
// The flow the chat runs: the one chosen in the flow menu (kept across reloads)

function useFlow(flow) {
  state.flow = flow;
  els.flowName.textContent = `· ${flow.businessName} · flow ${flow.id} v${flow.version}`;
  els.chatTitle.textContent = flow.businessName;
  const hint = els.language.value;
  els.language.replaceChildren(el('option', { value: '', text: 'Automatic' }));
  for (const language of flow.languages) {
    els.language.append(el('option', { value: language, text: language }));
  }
  els.language.value = flow.languages.includes(hint) ? hint : '';
  try {
    localStorage.setItem(FLOW_KEY, flow.id);
  } catch {
    // The choice then lasts for this page only.
  }
}

function chooseFlow(id) {
  const flow = state.flows.find((f) => f.id === id);
  if (!flow || flow.id === state.flow.id) return;
  return enqueue(async () => {
    useFlow(flow);
    addEntry({ kind: 'notice', text: `Now chatting with flow ${flow.id} v${flow.version}.` });
    showContact(await call('GET', contactPath(state.phone)));
    await drawDiagram(flow.id);
  });
}

// ---------------------------------------------------------------------------------------------
// The clock

function showClock(clock) {
  state.clock = { ...state.clock, ...clock };
  els.clockNow.textContent = dateTime.format(state.clock.now);
  els.clockNow.dateTime = new Date(state.clock.now).toISOString();
  const { adjustable, offset } = state.clock;
  els.clockOffset.textContent = !adjustable
    ? 'This server runs on the real clock; it cannot be moved.'
    : Math.abs(offset) < 60_000
      ? 'Running with real time.'
      : `${formatDuration(offset)} ${offset > 0 ? 'ahead of' : 'behind'} real time.`;
}

async function refreshClock() {
  showClock(await call('GET', '/clock'));
}

function advanceClock(advance) {
  return enqueue(async () => {
    const clock = await call('POST', '/clock', { advance });
    showClock(clock);
    addEntry({ kind: 'clock', advance, now: clock.now });
    logStep({ clock: advance });
    showContact(await call('GET', contactPath(state.phone)));
  });
}

// ---------------------------------------------------------------------------------------------
// Transcript export: the server turns the session log into YAML with the transcript recorder
// and ends it with the consent the store holds.

function exportTranscript() {
  return enqueue(async () => {
    const language = session().language;
    const { filename, yaml } = await call('POST', '/transcript', {
      name: els.transcriptName.value.trim() || 'simulator session',
      phone: state.phone,
      flow: state.flow.id,
      ...(language ? { language } : {}),
      session: session().log,
    });
    const url = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
    const link = el('a', { href: url, download: filename, hidden: '' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
}

// ---------------------------------------------------------------------------------------------
// The flow diagram

// The flow's two parts, each its own left-to-right diagram, on two tabs.
const diagrams = { flowId: undefined, regions: [], shown: 'service' };

async function drawDiagram(flowId) {
  const { regions } = await call('GET', `/flows/${encodeURIComponent(flowId)}/diagram`);
  diagrams.flowId = flowId;
  diagrams.regions = regions;
  await showRegion(diagrams.shown);
}

async function showRegion(regionId) {
  const region = diagrams.regions.find((r) => r.id === regionId) ?? diagrams.regions[0];
  if (!region) return;
  diagrams.shown = region.id;
  for (const tab of document.querySelectorAll('[role=tab][data-region]')) {
    tab.setAttribute('aria-selected', String(tab.dataset.region === region.id));
  }
  els.diagram.setAttribute('aria-labelledby', `diagram-tab-${region.id}`);
  const mermaid = window.mermaid;
  if (!mermaid) throw new Error('The diagram library did not load; reload the page.');
  try {
    const { svg } = await mermaid.render(`diagram-${Date.now()}`, region.mermaid);
    els.diagram.innerHTML = svg; // mermaid's output, sanitised (securityLevel: strict)
    const drawn = els.diagram.querySelector('svg');
    drawn?.setAttribute('role', 'img');
    drawn?.setAttribute(
      'aria-label',
      `State diagram of the flow "${diagrams.flowId}": ${region.title}`,
    );
    fitDiagram();
  } catch (error) {
    els.diagram.replaceChildren(
      el('p', { text: `The diagram could not be drawn: ${error?.message ?? error}` }),
      el('pre', { text: region.mermaid }),
    );
  }
}

/**
 * Fitted to the panel by default; at actual size, as wide as mermaid drew it (its viewBox), and
 * the panel scrolls. Mermaid's own inline max-width would otherwise keep it at the panel's width.
 */
function fitDiagram() {
  const svg = els.diagram.querySelector('svg');
  if (!svg) return;
  const actual = els.diagram.classList.contains('actual-size');
  const natural = svg.viewBox?.baseVal?.width;
  svg.style.maxWidth = actual ? 'none' : '100%';
  svg.style.width = actual && natural ? `${Math.ceil(natural)}px` : '100%';
}

// ---------------------------------------------------------------------------------------------
// Start

async function start() {
  window.mermaid?.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'neutral',
    fontFamily: 'system-ui, sans-serif',
  });
  const { defaultFlow, flows } = await call('GET', '/flows');
  state.flows = flows;
  let chosen = null;
  try {
    chosen = localStorage.getItem(FLOW_KEY);
  } catch {
    chosen = null;
  }
  useFlow(
    flows.find((f) => f.id === chosen) || flows.find((f) => f.id === defaultFlow) || flows[0],
  );
  loadSessions();
  if (flows.length > 1) {
    for (const flow of flows)
      els.diagramFlow.append(el('option', { value: flow.id, text: flow.id }));
    els.diagramFlow.value = state.flow.id;
    els.diagramFlow.hidden = false;
    els.diagramFlow.previousElementSibling.hidden = false;
  }
  await refreshClock();
  const first = recentCustomers()[0] || DEFAULT_PHONE;
  await openCustomer(first);
  await enqueue(() => drawDiagram(state.flow.id));
}

els.customerForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void openCustomer(els.phone.value);
});
els.language.addEventListener('change', () => {
  session().language = els.language.value || undefined;
  saveSessions();
});
els.newCustomer.addEventListener('click', () => {
  els.phone.value = newFictionalCustomer();
  void openCustomer(els.phone.value);
});
els.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = els.message.value.trim();
  if (!text) return;
  els.message.value = '';
  void sendText(text);
  els.message.focus();
});
for (const button of document.querySelectorAll('[data-advance]')) {
  button.addEventListener('click', () => void advanceClock(button.dataset.advance));
}
els.exportButton.addEventListener('click', () => void exportTranscript());
els.diagramZoom.addEventListener('click', () => {
  const actual = els.diagram.classList.toggle('actual-size');
  fitDiagram();
  els.diagramZoom.setAttribute('aria-pressed', String(actual));
});
// The flow menu drives the chat and the diagram alike.
els.diagramFlow.addEventListener('change', () => void chooseFlow(els.diagramFlow.value));
els.agentForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = els.agentMessage.value.trim();
  if (!text) return;
  els.agentMessage.value = '';
  void answerAsAgent(text);
});
els.handoverStart.addEventListener('click', () => void startHandover());
els.handoverRelease.addEventListener('click', () => void releaseHandover());
for (const tab of document.querySelectorAll('[role=tab][data-region]')) {
  tab.addEventListener('click', () => void enqueue(() => showRegion(tab.dataset.region)));
}

start().catch((error) => showError(error instanceof Error ? error.message : String(error)));
