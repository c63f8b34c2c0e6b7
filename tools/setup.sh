#!/usr/bin/env bash
# Installs, idempotently, every Debian package picket needs to build, test and benchmark.
# Used by both README quick-start commands and by .ci/run. Safe to run again: it installs only
# what is missing, and does nothing (no apt-get update) when everything is already there.
#   --browser   also Chromium, for the report's end-to-end test (tools/test.sh)
#   --fuzz      also clang with libFuzzer and its OpenMP runtime, for the fuzz targets (tools/fuzz.sh)
# (both may be given)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libgeographiclib-dev libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libboost-dev
  python3 python3-dev python3-numpy python3-scipy pybind11-dev
  libcpp-httplib-dev libssl-dev
  libopenmpi-dev openmpi-bin
)
# The HTML report's page is built with Node.js and npm (tools/web.sh). A machine that already has a
# Node.js (for example from NodeSource) keeps it: Debian's npm package would conflict with it.
command -v node >/dev/null || packages+=(nodejs npm)
for option in "$@"; do
  case "$option" in
    --browser) packages+=(chromium) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev libomp-14-dev) ;;
    *) echo "setup: unknown option $option (expected --browser or --fuzz)"; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
