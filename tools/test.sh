#!/usr/bin/env bash
# Quick-start command (2): set up, build, and run the whole test suite (ctest), the report's
# end-to-end test in Chromium included, then each fuzz target for 60 s (tools/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh --browser --fuzz
bash tools/web.sh
cmake --preset release -DPICKET_BROWSER_TESTS=ON
cmake --build --preset release -j "$(nproc)"
ctest --preset release
bash tools/fuzz.sh 60
