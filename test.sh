#!/usr/bin/env bash
# Installs what the tests need (Debian packages), builds in Release and runs the tests.
#   ./test.sh          every test project (what .ci/run runs): browser, multi-process and PostgreSQL tests included
#   ./test.sh --fast   the everyday lane: Core, CLI, Figures and the lab server's in-process tests
#                      (no Training, no Chromium, no child processes, no PostgreSQL cluster)
set -euo pipefail
cd "$(dirname "$0")"
fast=0
case "${1:-}" in
  --fast) fast=1 ;;
  "") ;;
  *) echo "usage: ./test.sh [--fast]" >&2; exit 2 ;;
esac
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)     # real FashionMNIST for the training tests (the CLI's too)
if [ "$fast" -eq 0 ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)                                 # the lab server's browser tests (Playwright, never `playwright install`)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)              # the web tests' real PostgreSQL (a temporary cluster per test run)
  [ -f /usr/share/texlive/texmf-dist/tex/latex/booktabs/booktabs.sty ] || need+=(texlive-latex-base texlive-latex-recommended)  # pdflatex + booktabs: the paper-export test compiles a LaTeX table
fi
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
if [ "$fast" -eq 1 ]; then
  # The slow lanes live in their own namespaces (Pages, Postgres, ChildProcesses) or are named *BrowserTests.
  web_filter='FullyQualifiedName!~.Pages.&FullyQualifiedName!~.Postgres.&FullyQualifiedName!~.ChildProcesses.&FullyQualifiedName!~BrowserTests'
  # One build of the four test projects (tests/fast.slnf): one restore and one evaluation of the shared references,
  # where four `dotnet build`s took three times as long doing nothing.
  status=0
  dotnet build tests/fast.slnf -c Release -nologo -v q || status=1
  if [ "$status" -eq 0 ]; then
    pids=()
    for p in Core Cli Figures; do
      dotnet test "tests/NasBench.$p.Tests" -c Release --no-build -nologo >"$log.$p" 2>&1 & pids+=($!)
    done
    dotnet test tests/NasBench.Web.Tests -c Release --no-build -nologo --filter "$web_filter" >"$log.Web" 2>&1 & pids+=($!)
    for pid in "${pids[@]}"; do wait "$pid" || status=1; done
    cat "$log".* | tee "$log"; rm -f "$log".*
  fi
else
  dotnet build NasBench.sln -c Release -nologo || exit 1
  dotnet test NasBench.sln -c Release --no-build -nologo 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
fi
set -e
# One closing line over all test projects: "N passed, N failed, N skipped".
sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/p' "$log" |
  awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}'
exit "$status"
