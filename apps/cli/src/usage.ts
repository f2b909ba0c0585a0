import { BUILTIN_NETWORKS, DEFAULT_NETWORK } from './networks/builtin-networks.js';

/** What `spikegpu help` prints, and what a command line that cannot be understood is answered with. */
export const USAGE = `usage: spikegpu <command> [options]

commands:
  run [profile.json]     run a network and print a summary per population
    --network <name>       a built-in network instead of a profile (default ${DEFAULT_NETWORK}; see below)
    --neurons <n>          size of the built-in network
    --duration <ms>        simulated time (default 1000)
    --dt <ms>              integration step (default: the network's)
    --seed <n>             seed of every random number (default: the network's)
    --backend <b>          auto | webgpu | cpu (default auto: WebGPU if an adapter exists, else CPU)
    --math <m>             exact | fast: GPU arithmetic (default exact: the CPU backend's spikes bit for bit;
                           fast: the GPU's own exp, log, … and fused multiply-adds, statistically the same)
    --record <file>        stream the spikes into a recording (.simrec.h5); Ctrl-C flushes and closes it
    --checkpoint <file>    save the state at the end into a checkpoint (.simstate.h5)
    --resume <file>        continue from a checkpoint
    --overrides <file>     apply the drive scale that 'spikegpu tune' chose for this network
    --force                replace files that exist (otherwise an existing file is an error)
    --json                 print the summary as JSON on stdout
    --quiet                print nothing but errors
  inspect <file.h5>      what a checkpoint, a recording or a SONATA spike report holds
    --json                 as JSON
  report <rec.simrec.h5> -o <out.html|out.svg>
                         a self-contained HTML report (raster, rates, ISI and rate histograms,
                         metadata), or the raster alone as SVG
    --from <ms> --to <ms>  the raster's time window (default: the recording, as much as --max-spikes allows)
    --max-neurons <n>      rows of the raster (default 500)
    --max-spikes <n>       spikes drawn in the raster (default 50000)
    --force                replace the output if it exists
  tune [profile.json]    sweep the external drive and choose the scale whose activity is alive but
                         not seizure-like; writes an overrides file for 'run --overrides'
    --network <name>       tune a built-in network (default: lif-ei, adex-ei and the hh-ei networks)
    --neurons <n>          neurons per candidate for built-in networks
    --scales <a,b,…>       drive scales to try (default 0.25,0.5,0.75,1,1.5,2,3,4; --quick 0.5,1,2,4)
    --duration <ms>        simulated time per candidate (default 600, --quick 300)
    --seed <n>             seed of the networks (default 1): the same seed, the same choice
    --min-rate <Hz> --max-rate <Hz> --max-synchrony <ρ> --min-active <fraction>
                           the criteria (default 1, 50, 0.1, 0.2; see the CLI README)
    --backend <b>          auto | webgpu | cpu; both give the same spikes, so the same choice
    -o, --out <file>       where to write the overrides (default spikegpu-overrides.json)
    --quick                fewer scales, shorter runs, smaller networks, two HH presets
    --force, --json        replace the output file; print the result as JSON
  bench                  time the engine on the standard networks and HH batch mode
    --quick                a subset with fewer steps (about 2 minutes on an H100)
    --json <file>          also write the results as JSON
    --compare <file>       compare with an earlier --json file: flags changes beyond 5 %
    --case <text>          only that case, or the cases whose name contains it (with --quick: shortened)
    --backend <b>          auto | webgpu | cpu (default auto)
    --isolate              each case in a fresh process (the way the published numbers are taken)
  devices                the WebGPU adapters found, their limits and features
    --json                 as JSON
  help                   this text

built-in networks:
${BUILTIN_NETWORKS.map((n) => `  ${n.name.padEnd(30)} ${n.summary}`).join('\n')}

global options:
  --verbose              print stack traces on errors

exit status: 0 done, 1 an error (one line on stderr), 2 a command line that cannot be understood,
130 a run stopped by Ctrl-C (its files are complete up to that point)`;
