/**
 * @spikegpu/profiles — neural structure profiles: named, data-only networks (populations with shares of
 * the neurons, cell classes, wiring) that build into a `NetworkDescription` for any built-in model
 * family; and the CLI's default spatial network.
 * @packageDocumentation
 */
export type { ActivityAssessment, PopulationActivity } from './assess-activity.js';
export { ACTIVITY_CRITERIA, assessActivity } from './assess-activity.js';
export type { ProfileNetworkOptions } from './build-profile-network.js';
export { buildProfileNetwork, CONDUCTANCE_PER_CAPACITANCE } from './build-profile-network.js';
export { corticalColumn } from './cortical-column.js';
export type { CellDrive, ModelKit } from './model-kits.js';
export { DRIVE_TAU_MS, MODEL_FAMILIES, MODEL_KITS } from './model-kits.js';
export {
  cerebellarCortex,
  cortexL4,
  cortexL23,
  generic,
  hippocampusCa1,
  hippocampusCa3,
  NEURAL_SIMULATOR_PROFILES,
  spinalSegment,
  stnGpe,
  striatum,
  thalamusTcTrn,
} from './neural-simulator-profiles.js';
export { spatialEi } from './spatial-ei.js';
export { spatialIzhikevichNetwork } from './spatial-izhikevich-network.js';
export type { DistanceRule, ModelFamily, MotifRule, ProbabilityRule, ProfilePopulation, ProfileWiring, StructureProfile } from './structure-profile.js';
export { PROFILE_DEFAULTS } from './structure-profile.js';
export { findProfile, STRUCTURE_PROFILES } from './structure-profiles.js';
export { validateStructureProfile } from './validate-structure-profile.js';
