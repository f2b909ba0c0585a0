import { didYouMean, invalid, ValidationError } from '@spikegpu/core';
import { NEURON_PRESETS } from '@spikegpu/models';
import { MODEL_FAMILIES } from './model-kits.js';
import type { StructureProfile } from './structure-profile.js';

const PROFILE_FIELDS = [
  'name',
  'sourceName',
  'label',
  'description',
  'cite',
  'populations',
  'wiring',
  'k',
  'rewireP',
  'excitatoryTauMs',
  'inhibitoryTauMs',
  'inhibitoryGain',
  'hhPreset',
  'densityPerMm3',
  'delayMs',
];
const POPULATION_FIELDS = ['name', 'sign', 'fraction', 'cells', 'layer', 'driveScale'];
const WIRING_FIELDS: Record<string, readonly string[]> = {
  motif: ['kind', 'rules'],
  'small-world': ['kind'],
  probability: ['kind', 'rules'],
  distance: ['kind', 'rules'],
};
const RULE_FIELDS: Record<string, readonly string[]> = {
  motif: ['source', 'target', 'kFraction', 'weightScale'],
  probability: ['source', 'target', 'p', 'weightScale'],
  distance: ['source', 'target', 'p0', 'scaleUm', 'profile', 'cutoffUm', 'weightScale'],
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkFields(value: Record<string, unknown>, known: readonly string[], path: string, owner: string): void {
  for (const field of Object.keys(value))
    if (!known.includes(field))
      throw invalid(`${path}.${field}`, `one of the fields of ${owner}: ${known.join(', ')}`, value[field], didYouMean(field, known), 'unknown-field');
}

function checkNumber(value: unknown, path: string, min: number, max = Infinity, what = 'a number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw invalid(path, max === Infinity ? `${what} ≥ ${min}` : `${what} in [${min}, ${max}]`, value);
  return value;
}

function checkString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(path, 'a non-empty string', value);
  return value;
}

function checkPreset(family: string, preset: unknown, path: string): void {
  const table = NEURON_PRESETS[family] ?? {};
  if (family === 'lif') {
    if (preset !== 'COBA') throw invalid(path, "'COBA' (the one lif cell)", preset, undefined, 'unknown-preset');
    return;
  }
  if (typeof preset !== 'string' || !(preset in table))
    throw invalid(
      path,
      `a ${family} preset: ${Object.keys(table).join(', ')}`,
      preset,
      typeof preset === 'string' ? didYouMean(preset, Object.keys(table)) : undefined,
      'unknown-preset',
    );
}

/**
 * Checks a structure profile, typically parsed from a user's JSON file, and returns it typed. Throws a
 * `ValidationError` naming the field: `profile.wiring.rules[2].target: unknown population "TRN"
 * (hint: did you mean 'trn'?)`.
 *
 * @example
 * ```ts
 * const profile = validateStructureProfile(JSON.parse(readFileSync('my-profile.json', 'utf8')));
 * ```
 */
export function validateStructureProfile(value: unknown, path = 'profile'): StructureProfile {
  if (!isRecord(value)) throw invalid(path, 'a structure profile object { name, label, description, cite, populations, wiring }', value);
  checkFields(value, PROFILE_FIELDS, path, 'a structure profile');
  const name = checkString(value.name, `${path}.name`);
  if (!/^[A-Za-z][\w.-]*$/.test(name)) throw invalid(`${path}.name`, 'a name of letters, digits, _ . - starting with a letter', name);
  if (value.sourceName !== undefined) checkString(value.sourceName, `${path}.sourceName`);
  for (const field of ['label', 'description', 'cite']) checkString(value[field], `${path}.${field}`);

  const populations = value.populations;
  if (!Array.isArray(populations) || populations.length === 0) throw invalid(`${path}.populations`, 'a non-empty array of populations', populations);
  const names: string[] = [];
  populations.forEach((pop: unknown, i) => {
    const at = `${path}.populations[${i}]`;
    if (!isRecord(pop)) throw invalid(at, '{ name, sign, fraction }', pop);
    checkFields(pop, POPULATION_FIELDS, at, 'a profile population');
    const popName = checkString(pop.name, `${at}.name`);
    if (!/^[A-Za-z_][\w.-]*$/.test(popName)) throw invalid(`${at}.name`, 'a name of letters, digits, _ . - starting with a letter', popName);
    if (names.includes(popName)) throw invalid(`${at}.name`, 'a name not used by another population', popName, undefined, 'duplicate-name');
    names.push(popName);
    if (pop.sign !== 'excitatory' && pop.sign !== 'inhibitory')
      throw invalid(`${at}.sign`, "'excitatory' or 'inhibitory'", pop.sign, didYouMean(String(pop.sign), ['excitatory', 'inhibitory']));
    const fraction = checkNumber(pop.fraction, `${at}.fraction`, 0);
    if (fraction === 0) throw invalid(`${at}.fraction`, 'a positive share of the neurons', fraction);
    if (pop.cells !== undefined) {
      if (!isRecord(pop.cells)) throw invalid(`${at}.cells`, "presets by model family, e.g. { 'izhikevich-2007': 'FS' }", pop.cells);
      for (const [family, preset] of Object.entries(pop.cells)) {
        if (!(MODEL_FAMILIES as readonly string[]).includes(family))
          throw invalid(`${at}.cells.${family}`, `a model family: ${MODEL_FAMILIES.join(', ')}`, family, didYouMean(family, MODEL_FAMILIES), 'unknown-family');
        checkPreset(family, preset, `${at}.cells.${family}`);
      }
    }
    if (pop.layer !== undefined) {
      if (!isRecord(pop.layer)) throw invalid(`${at}.layer`, '{ topUm, bottomUm }', pop.layer);
      checkFields(pop.layer, ['topUm', 'bottomUm'], `${at}.layer`, 'a layer');
      const top = checkNumber(pop.layer.topUm, `${at}.layer.topUm`, 0);
      checkNumber(pop.layer.bottomUm, `${at}.layer.bottomUm`, top);
    }
    if (pop.driveScale !== undefined) checkNumber(pop.driveScale, `${at}.driveScale`, 0);
  });

  const wiring = value.wiring;
  if (!isRecord(wiring)) throw invalid(`${path}.wiring`, "{ kind: 'motif' | 'small-world' | 'probability' | 'distance', … }", wiring);
  const kind = wiring.kind;
  if (typeof kind !== 'string' || !(kind in WIRING_FIELDS))
    throw invalid(
      `${path}.wiring.kind`,
      "'motif', 'small-world', 'probability' or 'distance'",
      kind,
      typeof kind === 'string' ? didYouMean(kind, Object.keys(WIRING_FIELDS)) : undefined,
    );
  checkFields(wiring, WIRING_FIELDS[kind] as readonly string[], `${path}.wiring`, `wiring '${kind}'`);
  const ruleFields = RULE_FIELDS[kind];
  if (ruleFields) {
    if (!Array.isArray(wiring.rules)) throw invalid(`${path}.wiring.rules`, 'an array of rules', wiring.rules);
    wiring.rules.forEach((rule: unknown, r) => {
      const at = `${path}.wiring.rules[${r}]`;
      if (!isRecord(rule)) throw invalid(at, `{ ${ruleFields.join(', ')} }`, rule);
      checkFields(rule, ruleFields, at, `a ${kind} rule`);
      for (const end of ['source', 'target'])
        if (typeof rule[end] !== 'string' || !names.includes(rule[end] as string))
          throw new ValidationError(`unknown population ${JSON.stringify(rule[end])}`, {
            code: 'unknown-population',
            path: `${at}.${end}`,
            expected: `one of the profile's populations: ${names.join(', ')}`,
            hint: didYouMean(String(rule[end]), names),
          });
      if (kind === 'motif') {
        checkNumber(rule.kFraction, `${at}.kFraction`, 0);
        checkNumber(rule.weightScale, `${at}.weightScale`, 0);
        return;
      }
      if (kind === 'probability') checkNumber(rule.p, `${at}.p`, 0, 1);
      else {
        checkNumber(rule.p0, `${at}.p0`, 0, 1);
        if (checkNumber(rule.scaleUm, `${at}.scaleUm`, 0) === 0) throw invalid(`${at}.scaleUm`, 'a positive distance (µm)', rule.scaleUm);
        if (rule.profile !== undefined && rule.profile !== 'gaussian' && rule.profile !== 'exponential')
          throw invalid(`${at}.profile`, "'gaussian' or 'exponential'", rule.profile);
        if (rule.cutoffUm !== undefined) checkNumber(rule.cutoffUm, `${at}.cutoffUm`, 0);
      }
      if (rule.weightScale !== undefined) checkNumber(rule.weightScale, `${at}.weightScale`, 0);
    });
  }

  if (value.k !== undefined && checkNumber(value.k, `${path}.k`, 0, Infinity, 'an integer') && !Number.isInteger(value.k))
    throw invalid(`${path}.k`, 'an integer ≥ 0', value.k);
  if (value.rewireP !== undefined) checkNumber(value.rewireP, `${path}.rewireP`, 0, 1);
  for (const field of ['excitatoryTauMs', 'inhibitoryTauMs', 'densityPerMm3'])
    if (value[field] !== undefined && checkNumber(value[field], `${path}.${field}`, 0) === 0) throw invalid(`${path}.${field}`, 'a positive number', 0);
  if (value.inhibitoryGain !== undefined) checkNumber(value.inhibitoryGain, `${path}.inhibitoryGain`, 0);
  if (value.delayMs !== undefined) {
    if (!isRecord(value.delayMs)) throw invalid(`${path}.delayMs`, '{ excitatory, inhibitory } (ms)', value.delayMs);
    checkFields(value.delayMs, ['excitatory', 'inhibitory'], `${path}.delayMs`, 'delayMs');
    checkNumber(value.delayMs.excitatory, `${path}.delayMs.excitatory`, 0);
    checkNumber(value.delayMs.inhibitory, `${path}.delayMs.inhibitory`, 0);
  }
  if (value.hhPreset !== undefined) checkPreset('hodgkin-huxley', value.hhPreset, `${path}.hhPreset`);
  return value as unknown as StructureProfile;
}
