import { didYouMean, type ModelCatalog, ValidationError } from '@spikegpu/core';
import type { NeuronModel } from './neuron-model.js';
import { builtinNeuronModels } from './neurons/index.js';

/**
 * Models by name: the built-in ones plus any a user registers. A population's `model` field is
 * looked up here. Registering a second model under a taken name is an error unless it is the same
 * definition (equal hash).
 */
export class ModelRegistry implements ModelCatalog {
  readonly #models = new Map<string, NeuronModel>();

  constructor(models: readonly NeuronModel[] = builtinNeuronModels) {
    for (const m of models) this.register(m);
  }

  register(model: NeuronModel): this {
    const existing = this.#models.get(model.name);
    if (existing && existing.hash !== model.hash)
      throw new ValidationError(`a different model named '${model.name}' is already registered`, {
        code: 'duplicate-model',
        path: 'name',
        hint: 'give your model another name',
      });
    this.#models.set(model.name, model);
    return this;
  }

  get(name: string): NeuronModel {
    const model = this.#models.get(name);
    if (!model) throw new ValidationError(`unknown model '${name}'`, { code: 'unknown-model', path: 'model', hint: didYouMean(name, this.names()) });
    return model;
  }

  has(name: string): boolean {
    return this.#models.has(name);
  }

  lookup(name: string): { params: readonly string[]; state: readonly string[] } | undefined {
    const m = this.#models.get(name);
    return m && { params: m.paramNames, state: m.stateNames };
  }

  names(): readonly string[] {
    return [...this.#models.keys()];
  }
}
