#!/bin/bash
# Final sweep: COBA (exact, fast), run COBA, Izhikevich 100k (build + step), identity, crossover, default run, HH batch.
# Run by the device tool (carry [".device"], kind nvidia-h100-x1) with commit ba3bfef's bundles, built as docs/benchmarks.md
# describes: lead-cli.js = apps/cli/dist/cli.js, lead-diag.mjs = diagnose-step.mjs, lead-batch.mjs = batch-bench.mjs.
# The files in this folder are its $OUT/r (logs left out: the JSON holds the same numbers).
A=.device/app
mkdir -p $OUT/r
(nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw --format=csv -lms 500 > $OUT/r/smi.csv 2>&1 &)
for i in 1 2; do timeout 150 node $A/lead-cli.js bench --isolate --case coba-4000 --json $OUT/r/coba-$i.json > $OUT/r/coba-$i.log 2>&1; done
for m in exact fast; do for i in 1 2; do timeout 60 node $A/lead-cli.js run --network coba --duration 10000 --math $m --json > $OUT/r/run-coba-$m-$i.json 2>$OUT/r/run-coba-$m-$i.err; done; done
for i in 1 2 3; do timeout 150 node $A/lead-cli.js bench --isolate --case izhikevich-100k-indegree-1000 --json $OUT/r/izh-$i.json > $OUT/r/izh-$i.log 2>&1; done
timeout 120 node $A/lead-diag.mjs $OUT/r/ident.json identity > $OUT/r/ident.log 2>&1
timeout 240 node $A/lead-diag.mjs $OUT/r/small.json small > $OUT/r/small.log 2>&1
timeout 90 node $A/lead-cli.js run --duration 10000 --json > $OUT/r/run-default.json 2>$OUT/r/run-default.err
timeout 120 node $A/lead-batch.mjs 1000000 2 0 > $OUT/r/hh-batch.tsv 2>&1

