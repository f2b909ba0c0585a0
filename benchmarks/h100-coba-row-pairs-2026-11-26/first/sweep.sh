#!/bin/bash
cd "$(dirname "$0")/../.."
o=$OUT
(nvidia-smi --query-gpu=timestamp,clocks.sm --format=csv -lms 500 > $o/smi.csv &)
for k in 1 2 3; do
  timeout 60 node .device/app/lead-cli.js bench --isolate --case coba-4000 --json $o/bench-coba-exact-$k.json > /dev/null 2>&1
done
for k in 1 2; do
  timeout 60 node .device/app/lead-cli.js bench --isolate --case coba-4000-fast-math --json $o/bench-coba-fast-$k.json > /dev/null 2>&1
done
timeout 120 node .device/app/lead-cli.js bench --isolate --case izhikevich-100k-indegree-1000 --json $o/bench-izh100k-1.json > /dev/null 2>&1
timeout 120 node .device/app/lead-cli.js bench --isolate --case izhikevich-100k-indegree-1000 --json $o/bench-izh100k-2.json > /dev/null 2>&1
timeout 120 node .device/app/diagnose-step.mjs $o/ident.json identity > /dev/null 2>&1
timeout 200 node .device/app/diagnose-step.mjs $o/small.json small > /dev/null 2>&1
cd $o && tar czf all.tgz *.json *.csv && rm -f bench-*.json
