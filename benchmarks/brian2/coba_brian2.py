"""The COBA network of spikegpu's `cobaNetwork()` in Brian2's C++ standalone mode, for the CPU comparison
in docs/benchmarks.md. Same model, parameters, connectivity rule, Poisson drive, initial state and dt
(its random numbers differ, so compare time and rates, not spikes).

Run: python3 benchmarks/brian2/coba_brian2.py [duration_ms=1000]
Prints JSON: Brian2's own measure of the simulation loop (device._last_run_time) and the wall time of
the compiled binary's run, plus rates.
"""
import json
import sys
import tempfile
import time

from brian2 import (NeuronGroup, PoissonInput, SpikeMonitor, Synapses, defaultclock, device, ms, mV, nS, pF,
                    prefs, run, second, set_device, Hz)

duration = float(sys.argv[1]) if len(sys.argv) > 1 else 1000.0
directory = tempfile.mkdtemp(prefix='coba-brian2-')
set_device('cpp_standalone', directory=directory, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0  # one thread, like spikegpu's CPU backend
defaultclock.dt = 0.1 * ms

C, gL, EL, vt, vr = 200 * pF, 10 * nS, -60 * mV, -50 * mV, -60 * mV
taue, taui, Ee, Ei = 5 * ms, 10 * ms, 0 * mV, -80 * mV
eqs = '''
dv/dt = (gL*(EL - v) + ge*(Ee - v) + gi*(Ei - v))/C : volt (unless refractory)
dge/dt = -ge/taue : siemens
dgi/dt = -gi/taui : siemens
'''
P = NeuronGroup(4000, eqs, threshold='v >= vt', reset='v = vr', refractory=5 * ms, method='euler')
P.v = 'EL + rand()*10*mV'
P.ge = 'clip(40 + 15*randn(), 0, inf)*nS'
P.gi = 'clip(200 + 120*randn(), 0, inf)*nS'
Pe, Pi = P[:3200], P[3200:]
Ce = Synapses(Pe, P, on_pre='ge += 6*nS')
Ci = Synapses(Pi, P, on_pre='gi += 67*nS')
Ce.connect(p=0.02)
Ci.connect(p=0.02)
Ce.delay = 0.1 * ms
Ci.delay = 0.1 * ms
drive = PoissonInput(P, 'ge', N=100, rate=8 * Hz, weight=6 * nS)
spikes = SpikeMonitor(P)
run(duration * ms)
started = time.perf_counter()
device.build(directory=directory, compile=True, run=False)
built = time.perf_counter()
device.run(directory=directory, with_output=False, run_args=[])
ran = time.perf_counter()
n = len(spikes.i)
print(json.dumps({
    'brian2': __import__('brian2').__version__,
    'duration_ms': duration,
    'simulation_loop_s': float(device._last_run_time),
    'binary_run_wall_s': ran - built,
    'compile_s': built - started,
    'spikes': int(n),
    'rate_hz': n / 4000 / (duration / 1000),
}))
