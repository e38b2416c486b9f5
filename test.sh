#!/usr/bin/env bash
# Installs what the tests need (Debian packages), builds in Release and runs every test project.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)   # real FashionMNIST for the training tests
[ -x /usr/bin/chromium ] || need+=(chromium)                                 # the lab server's browser tests (Playwright, never `playwright install`)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)              # the web tests' real PostgreSQL (a temporary cluster per test run)
[ -f /usr/share/texlive/texmf-dist/tex/latex/booktabs/booktabs.sty ] || need+=(texlive-latex-base texlive-latex-recommended)  # pdflatex + booktabs: the paper-export test compiles a LaTeX table
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
dotnet build NasBench.sln -c Release -nologo
log=$(mktemp)
set +e
dotnet test NasBench.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test projects: "N passed, N failed, N skipped".
sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/p' "$log" |
  awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}'
rm -f "$log"
exit "$status"
