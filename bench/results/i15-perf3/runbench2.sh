#!/bin/bash
R=/work/scratch/i15-perf3/res
while ! grep -q TESTSDONE tests-26.log; do sleep 5; done
for line in 20 26; do
  P=$PATH; [ $line = 26 ] && P=$(/work/wt/i15-perf3/scripts/node-line.sh 26):$PATH
  for tree in after base; do
    dir=/work/wt/i15-perf3; [ $tree = base ] && dir=/work/scratch/i15-perf3/base
    n=$(ls $R | grep -c "^$tree-$line")
    echo "== first $tree $line #$n $(uptime)"
    (cd $dir && PATH=$P node bench/runtime/run.mjs --only first --first-rounds 5 --out $R/$tree-$line-$n.json 2>&1 | grep -E "own, update|load")
  done
done
for tree in after base; do
  dir=/work/wt/i15-perf3; [ $tree = base ] && dir=/work/scratch/i15-perf3/base
  echo "== real-apps $tree $(uptime)"
  (cd $dir && node bench/real-apps/run.mjs --apps node-red --only daemon --lines 20,26 --http-rounds 1 --http-seconds 2 --cache /work/scratch/i15-perf3/apps --out /work/scratch/i15-perf3/res/real2-$tree.json 2>&1 | grep -iE "pause of|load average|error|fail" | head -20)
done
echo DONE2 $(date)
