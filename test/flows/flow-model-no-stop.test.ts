import { describe, expect, it } from 'vitest';
import { checkCompliance } from '../../src/core/flow/check-compliance.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import { describeFlowModel, withoutStopWords } from '../support/flow-model.js';

/**
 * The model-based tests (`test/support/flow-model.ts`) over the default flow as a business team
 * might edit it to switch STOP off: only UNSUBSCRIBE in English, only FRENAR in Spanish.
 */
const loaded = await loadFlowsDir('flows');
const noStop = withoutStopWords(
  loaded.flows.find((f) => f.definition.id === 'default')!.definition,
);

describe('the flow that tries to remove STOP', () => {
  it('passes the compliance check', () => {
    expect(checkCompliance(noStop, () => undefined, 'no-stop.yaml')).toEqual([]);
  });
});

describeFlowModel('flow a flow that lists only UNSUBSCRIBE and FRENAR', noStop);
