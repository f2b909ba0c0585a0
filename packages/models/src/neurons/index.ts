import type { NeuronModel } from '../neuron-model.js';
import { izhikevich2003 } from './izhikevich.js';
import { lif } from './lif.js';

export { izhikevich2003, lif };

/** Every built-in model, by registry name. */
export const builtinNeuronModels: readonly NeuronModel[] = [izhikevich2003, lif];
