#!/usr/bin/env bash
# Installs what the tests need (Debian packages) and runs every test project in Release.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
dotnet build NasBench.sln -c Release
dotnet test NasBench.sln -c Release --no-build -- RunConfiguration.DisableParallelization=false
