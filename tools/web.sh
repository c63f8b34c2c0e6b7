#!/usr/bin/env bash
# Builds the HTML report's page (web/dist) from npm packages: `npm ci` from the lock file (only when
# the lock file changed since the last install) and `npm run build`. Needs Node.js 18 or later (Debian 12's) and
# the npm registry; nothing else is downloaded. `picket run --out DIR` copies web/dist to DIR/report.
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "web: Node.js and npm are missing: run 'bash tools/setup.sh' (it installs them)" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "web: Node.js $(node --version) is too old: the report's packages need 18 or later" >&2
  exit 1
fi
stamp=node_modules/.picket-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
npm run --silent build
