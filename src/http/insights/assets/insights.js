// The insights page: asks the server for the report of a flow and period, and shows the
// charts the server drew (SVG). Texts from the server are inserted as text; only the server's
// own SVG is inserted as markup.
const $ = (id) => document.getElementById(id);
const els = {
  query: $('query'),
  flow: $('flow'),
  from: $('from'),
  to: $('to'),
  keyForm: $('key-form'),
  key: $('key'),
  error: $('error'),
  questionFunnel: $('question-funnel'),
  questionRates: $('question-rates'),
  comparisons: $('comparisons'),
  newFunnel: $('new-funnel'),
};
const KEY = 'insights.apiKey';
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

function showError(text) {
  els.error.textContent = text;
  els.error.hidden = !text;
}

function label(key) {
  const parts = [
    key.version === undefined ? undefined : `v${key.version}`,
    key.language,
    key.variant,
    key.day,
  ];
  return parts.filter((p) => p !== undefined).join(' · ') || 'all';
}

async function load() {
  const params = new URLSearchParams({ from: els.from.value, to: els.to.value });
  if (els.flow.value) params.set('flow', els.flow.value);
  const key = sessionStorage.getItem(KEY);
  const response = await fetch(`/insights/api/report?${params}`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  const body = await response.json();
  if (response.status === 401 || response.status === 403) {
    els.keyForm.hidden = false;
    showError(body.message);
    return;
  }
  if (!response.ok) {
    showError(body.message);
    return;
  }
  showError('');
  els.keyForm.hidden = true;
  if (els.flow.options.length === 0) {
    for (const id of body.flows)
      els.flow.append(new Option(id, id, id === body.flow, id === body.flow));
  }
  els.questionFunnel.innerHTML = body.question.funnel; // SVG drawn by this server, texts escaped
  els.questionRates.innerHTML = body.question.rates;
  els.newFunnel.innerHTML =
    body.newCategories.report.groups.length > 0
      ? body.newCategories.funnel
      : '<p class="hint">Nobody was asked about new categories in this period.</p>';
  els.comparisons.replaceChildren(
    ...body.question.report.comparisons.map((c) => {
      const item = document.createElement('li');
      const points = (c.difference * 100).toFixed(1);
      item.textContent = `${label(c.a)} vs ${label(c.b)}: ${c.difference >= 0 ? '+' : ''}${points} points, ${c.significant ? 'a significant difference' : 'not significant'}`;
      return item;
    }),
  );
  if (body.question.report.groups.length === 0) {
    els.questionFunnel.innerHTML =
      '<p class="hint">Nobody was asked the question in this period.</p>';
    els.questionRates.replaceChildren();
  }
}

const today = Date.now();
const params = new URLSearchParams(location.search);
els.from.value = params.get('from') ?? day(today - 30 * 86_400_000);
els.to.value = params.get('to') ?? day(today + 86_400_000);
els.query.addEventListener('submit', (event) => {
  event.preventDefault();
  void load().catch((error) => showError(String(error)));
});
els.keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, els.key.value.trim());
  els.key.value = '';
  void load().catch((error) => showError(String(error)));
});
void load().catch((error) => showError(String(error)));
