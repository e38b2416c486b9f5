#!/usr/bin/env bash
# The main job: build and start the NasBench lab server (role all: pages, API and one worker) on http://127.0.0.1:5000
# (ASPNETCORE_URLS overrides it). Data folder: $NASBENCH_HOME (default ~/.local/share/nasbench): lab.db, jobs.db,
# experiments/<id>/, the benchmark store.
#   ./run.sh          start the server
#   ./run.sh --demo   first build a SYNTHETIC demo benchmark (labelled SYNTHETIC everywhere) when there is none
# The headless CLI pipeline is ./pipeline.sh.
set -euo pipefail
cd "$(dirname "$0")"
demo=0
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    *) echo "usage: ./run.sh [--demo]" >&2; exit 2 ;;
  esac
done
data="${NASBENCH_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/nasbench}"
export NASBENCH_HOME="$data"
mkdir -p "$data"
dotnet build NasBench.Web -c Release -v quiet -nologo
if [ "$demo" = 1 ] && [ ! -f "$data/nasbench.nbstore" ] && [ -z "${NASBENCH_STORE:-}" ]; then
  dotnet build NasBench.Cli -c Release -v quiet -nologo
  nasbench() { dotnet NasBench.Cli/bin/Release/net10.0/nasbench.dll "$@"; }
  echo "== building a SYNTHETIC demo benchmark (20,000 cells, 108 epochs) in $data" >&2
  nasbench data synth --out "$data/synthetic-demo.tfrecord" --epochs 108 --cells 20000 --seed 1
  nasbench data import "$data/synthetic-demo.tfrecord"
  rm -f "$data/synthetic-demo.tfrecord"
fi
# The first admin: NasBench__Lab__AdminEmail / NasBench__Lab__AdminPassword, else one made here once (password kept
# in the data folder, readable by you only).
if [ -z "${NasBench__Lab__AdminPassword:-}" ]; then
  secret="$data/admin-password.txt"
  if [ ! -f "$secret" ]; then
    (umask 077; head -c 12 /dev/urandom | base64 | tr -d '/+=' | sed 's/^/Nb1/' > "$secret")
  fi
  export NasBench__Lab__AdminEmail="${NasBench__Lab__AdminEmail:-admin@localhost}"
  export NasBench__Lab__AdminPassword="$(cat "$secret")"
fi
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5000}"
echo "== NasBench lab on ${ASPNETCORE_URLS%%;*}  (data: $data)"
# The password itself is never printed (consoles are logged and shared): it stays in the 0600 file.
echo "   sign in as $NasBench__Lab__AdminEmail with the password in ${secret:-NasBench__Lab__AdminPassword} (readable by you only)"
echo "   API: curl -X POST ${ASPNETCORE_URLS%%;*}/api/tokens -H 'Content-Type: application/json' -d '{\"email\":\"$NasBench__Lab__AdminEmail\",\"password\":\"…\"}'"
exec dotnet NasBench.Web/bin/Release/net10.0/NasBench.Web.dll
