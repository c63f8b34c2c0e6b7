#!/usr/bin/env bash
# Quick-start command (1): set up, build, and fly the flagship scenario (15 September 2017); its
# HTML report is then served with `picket view out/hokkaido-2017-09-15`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/web.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target picket
./build/release/src/cli/picket run scenarios/hokkaido-2017-09-15.yaml --out out/hokkaido-2017-09-15
