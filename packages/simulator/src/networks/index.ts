export { cobaNetwork } from './coba.js';
export { izhikevich2003Network } from './izhikevich-2003.js';
