import type { NeuronModel } from '../neuron-model.js';
import { adex } from './adex.js';
import { hodgkinHuxley1952, hodgkinHuxleyExtended, hodgkinHuxleyModel, hodgkinHuxleyRates } from './hodgkin-huxley.js';
import { izhikevich2003, izhikevich2007 } from './izhikevich.js';
import { lif } from './lif.js';

export type { HodgkinHuxleyOptions } from './hodgkin-huxley.js';
export { adex, hodgkinHuxley1952, hodgkinHuxleyExtended, hodgkinHuxleyModel, hodgkinHuxleyRates, izhikevich2003, izhikevich2007, lif };

/** Every built-in model, by registry name. */
export const builtinNeuronModels: readonly NeuronModel[] = [izhikevich2003, izhikevich2007, lif, adex, hodgkinHuxley1952, hodgkinHuxleyExtended];
