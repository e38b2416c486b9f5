#!/usr/bin/env bash
# The headless pipeline (what ./run.sh did before the lab server): the whole CLI end to end, results in ./out/.
# (steps below)
#   1. the search space: enumerate all 423,624 cells (bit-exact hashes, canonical forms)
#   2. real NAS-Bench-101 data (../shared/data/nb101-real, when present): import the 30-model extract, query it,
#      search it, and reproduce the seed paper's Table 1 correlations
#   3. a full-size SYNTHETIC benchmark in the official file format: import, the paper's comparison of
#      random / evolution / tree / local search (10 runs each, 5e6 simulated seconds), and the studies
#   4. a short real training on FashionMNIST (when the Debian package dataset-fashion-mnist is installed)
# With the official file, run `nasbench data download --variant only108` first and drop the --store options.
set -euo pipefail
cd "$(dirname "$0")"
out=out
real=../shared/data/nb101-real
mkdir -p "$out"
dotnet build NasBench.Cli -c Release -v quiet -nologo
nasbench() { dotnet NasBench.Cli/bin/Release/net10.0/nasbench.dll "$@"; }
step() { printf '\n== %s\n' "$*" >&2; }

step "1. the search space"
nasbench space enumerate --out "$out/cells.tsv"
nasbench space show --adjacency 0110011000001000010000000100000001000000010000000 \
  --operations input,conv1x1-bn-relu,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,conv3x3-bn-relu,output

if [ -d "$real" ]; then
  step "2. real data: the 30-model extract as an official-format file, imported and queried"
  nasbench data from-csv "$real/records_30_models_108.csv" --out "$out/real30.tfrecord"
  nasbench data import "$out/real30.tfrecord" --store "$out/real30.nbstore"
  nasbench query --store "$out/real30.nbstore" --seed 1 \
    --adjacency 0101000001110000010000000001000001000000010000000 \
    --operations input,conv3x3-bn-relu,conv1x1-bn-relu,conv1x1-bn-relu,conv3x3-bn-relu,conv1x1-bn-relu,output
  nasbench search --algorithm random --queries 200 --runs 10 --store "$out/real30.nbstore" --out "$out/real30-random"
  step "2. the seed paper's Table 1 (FashionMNIST vs CIFAR-10 at 108 epochs, n = 143)"
  nasbench study correlate --file "$real/seed_paper_accuracies.csv" --x cifar_acc_108 --y mnist_test_acc --out "$out/table1"
else
  step "2. skipped: $real not found"
fi

step "3. a full-size SYNTHETIC benchmark (official format; every output is labelled synthetic)"
nasbench data synth --out "$out/synthetic_only108.tfrecord" --epochs 108
nasbench data import "$out/synthetic_only108.tfrecord" --store "$out/synthetic.nbstore"
rm -f "$out/synthetic_only108.tfrecord"
nasbench data info --store "$out/synthetic.nbstore"
nasbench compare --store "$out/synthetic.nbstore" --runs 10 --simulated-seconds 5e6 --out "$out/compare"
nasbench study distance --store "$out/synthetic.nbstore" --out "$out/study"
nasbench study cells --store "$out/synthetic.nbstore" --out "$out/study"

if [ -d /usr/share/datasets/fashion-mnist ]; then
  step "4. real training: a small NAS-Bench-101 network on FashionMNIST (CPU)"
  nasbench train --dataset fashion-mnist --adjacency 0110000100010000 \
    --operations input,conv3x3-bn-relu,conv1x1-bn-relu,output --epochs 1 --stem-channels 16 --cells-per-stack 1 \
    --train-images 4096 --test-images 1000 --lr 0.05 --bn-momentum 0.1 --threads 2 --seed 1
else
  step "4. skipped: install dataset-fashion-mnist for the training step"
fi
step "done: results in $out/"
