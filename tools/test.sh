#!/usr/bin/env bash
# Quick-start command (2): set up, build, and run the whole test suite (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
ctest --preset release
