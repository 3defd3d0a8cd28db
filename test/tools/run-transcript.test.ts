import { describe, expect, it } from 'vitest';
import { loadSimulationCatalog } from '../../src/simulation/load-simulation.js';
import { formatTranscriptResult, runTranscript } from '../../src/simulation/run-transcript.js';
import { formatTranscriptIssue, parseTranscript } from '../../src/simulation/transcript-schema.js';

const FLOWS = new URL('../../flows/', import.meta.url).pathname;
const { catalog } = await loadSimulationCatalog(FLOWS);

async function run(source: string) {
  const { transcript, issues } = parseTranscript(source, 'bad.yaml');
  expect(issues).toEqual([]);
  const result = await runTranscript(transcript!, { flows: catalog });
  return { result, report: formatTranscriptResult(result) };
}

describe('transcript runner', () => {
  it('shows expected and got, and where they differ, for a wrong bot text', async () => {
    const { result, report } = await run(`name: wrong text
steps:
  - customer: STOP
  - bot: "Done: you will get no more messages."
  - consent: { status: opted_out }
`);
    expect(result.passed).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'not run']);
    expect(report).toContain('✗ wrong text');
    expect(report).toContain('step 2 (bad.yaml:4) bot: "Done: you will get no more messages."');
    expect(report).toContain('  expected: "Done: you will get no more messages."');
    expect(report).toContain(
      '       got: "Done: you won\'t get any more WhatsApp messages from Brightwood Home. Reply START if you change your mind."',
    );
    expect(report).toContain('first difference at character 12');
    expect(report).toContain('(1 later step not run)');
  });

  it('names missing and unexpected buttons', async () => {
    const { report } = await run(`name: wrong buttons
steps:
  - customer: hi
  - bot: { buttons: [Track an order, Opening hours, Talk to a person] }
`);
    expect(report).toContain('missing: [Opening hours]');
    expect(report).toContain('not expected: [Hours & returns]');
  });

  it('fails on bot messages nobody expected, and on a wrong consent', async () => {
    const leftover = await run(`name: leftover
steps:
  - customer: hi
  - bot: { matches: '^How can we help' }
`);
    expect(leftover.report).toContain('(end of transcript)');
    expect(leftover.report).toContain('the transcript does not expect (after the last step)');
    expect(leftover.report).toContain('"Hi! Would you like to get WhatsApp messages');

    const consent = await run(`name: consent
steps:
  - customer: STOP
  - bot: { matches: '^Done' }
  - consent: { status: opted_in }
`);
    expect(consent.report).toContain('expected consent status: opted_in');
    expect(consent.report).toContain('got: opted_out');
  });

  it('fails a consent step that names a category the flow does not have, whatever it expects', async () => {
    const { result, report } = await run(`name: opted in to everything; the typo must not pass
steps:
  - customer: hi
  - bot: { matches: '.' }
  - bot: { matches: '.' }
  - tap: Yes, all of them
  - bot: { matches: '.' }
  - consent: { status: opted_in, categories: { orders: true, ofers: false } }
`);
    expect(result.passed).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'failed',
    ]);
    expect(report).toContain('step 6 (bad.yaml:8) consent:');
    expect(report).toContain('the flow has no category "ofers"; it has orders, account, offers');
  });

  it('explains a tap on a button that is not there', async () => {
    const { report } = await run(`name: tap
steps:
  - customer: hi
  - bot: { matches: '^How' }
  - bot: { matches: '^Hi' }
  - tap: Maybe later
`);
    expect(report).toContain('no button or list row titled "Maybe later"');
    expect(report).toContain('[Yes, all of them] [Let me choose] [No, thanks]');
  });

  it('reports format mistakes with file and line', () => {
    const { issues } = parseTranscript(
      `name: oops
steps:
  - customer: hi
  - bott: hello
  - clock: 5
  - bot: { matches: '(' }
`,
      'oops.yaml',
    );
    const lines = issues.map(formatTranscriptIssue);
    expect(lines[0]).toMatch(
      /^oops\.yaml:4 {2}steps\[1\]: unknown step "bott"; use one of customer, tap/,
    );
    expect(lines[1]).toMatch(
      /^oops\.yaml:5 {2}steps\[2\]: clock must be text \(clock: time passes/,
    );
    expect(lines[2]).toMatch(
      /^oops\.yaml:6 {2}steps\[3\]: bot\.matches is not a valid regular expression \(bot: /,
    );
    expect(parseTranscript('steps: []', 'x.yaml').issues[0]?.message).toMatch(/name is missing/);
  });

  it('says what is wrong in plain words, never in zod’s', () => {
    const messages = (source: string) =>
      parseTranscript(source, 'x.yaml').issues.map((i) => i.message);
    expect(
      messages(`name: plain words
steps:
  - consent: { categories: { offers: 1 } }
  - tap: ''
  - window: ajar
`),
    ).toEqual([
      'steps[0]: consent.status is missing; consent.categories.offers must be true or false (consent: the stored consent: {status, categories: {id: true/false}})',
      'steps[1]: tap must not be empty (tap: the customer taps a button or list row of a bot message, by its title)',
      'steps[2]: window must be "open" or "closed" (window: the 24-hour customer-service window is open or closed)',
    ]);
    expect(messages('name: x\nsteps: 3\ncolour: red\n')).toEqual([
      'steps must be a list (a transcript has name, flow, phone, language and steps)',
      'the file has an unknown field "colour" (a transcript has name, flow, phone, language and steps)',
    ]);
    expect(messages('- a list\n')).toEqual([
      'the file must be fields such as name: and steps: (a transcript has name, flow, phone, language and steps)',
    ]);
  });

  it('reports a YAML mistake at its line, without a dangling position', () => {
    const [issue] = parseTranscript('name: [x\nsteps:\n', 'x.yaml').issues;
    expect(issue?.line).toBe(2);
    expect(issue?.message).toMatch(/^YAML syntax: .*end with a \]$/);
  });
});
