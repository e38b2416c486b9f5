#!/usr/bin/env bash
# The main job: build the `nasbench` CLI and run it end to end on this machine (results in ./out/).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p out
dotnet build NasBench.Cli -c Release -v quiet -nologo
nasbench() { dotnet NasBench.Cli/bin/Release/net10.0/nasbench.dll "$@"; }

echo "== the search space: enumerate all unique cells (saves the index for the other commands)" >&2
nasbench space enumerate --out out/cells.tsv
nasbench space show --adjacency 0110011000001000010000000100000001000000010000000 \
  --operations input,conv1x1-bn-relu,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,conv3x3-bn-relu,output
