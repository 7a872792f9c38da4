#!/bin/bash
# before (base = main 6527805 build) and after (i15-perf3), interleaved, one line at a time
F=/work/wt/i15-apps/.bench/real-apps/node-red/node_modules/@node-red/runtime/lib/nodes/Node.js
R=/work/scratch/i15-perf3/res
for line in 20 26; do
  if [ $line = 26 ]; then export PATH=$(/work/wt/i15-perf3/scripts/node-line.sh 26):$PATH; fi
  node --version
  for tree in base after; do
    dir=/work/wt/i15-perf3; [ $tree = base ] && dir=/work/scratch/i15-perf3/base
    echo "== patch-cost $tree $line $(uptime)"
    (cd $dir && node bench/real-apps/patch-cost.mjs --file $F --runs 5)
  done
  for tree in base after base after; do
    dir=/work/wt/i15-perf3; [ $tree = base ] && dir=/work/scratch/i15-perf3/base
    [ $line = 20 ] && [ $tree = after ] && [ ! -e /work/scratch/i15-perf3/skip20 ] && { touch /work/scratch/i15-perf3/skip20; continue; }  # after-20a already ran
    n=$(ls $R | grep -c "^$tree-$line")
    echo "== first $tree $line #$n $(uptime)"
    (cd $dir && node bench/runtime/run.mjs --only first --first-rounds 5 --out $R/$tree-$line-$n.json 2>&1 | grep -E "first pause|load")
  done
done
echo DONE $(date)
