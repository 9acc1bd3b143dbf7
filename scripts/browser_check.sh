#!/usr/bin/env bash
# Browser check of the workspace page (GET /): installs the pinned npm packages when missing,
# then starts lexcite on a small corpus and drives the page in Debian's headless Chromium.
# Screenshots go to docs/workspace-*.png.
#
#   LEXCITE_BIN=target/release/lexcite scripts/browser_check.sh [--out DIR] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=scripts/browser

command -v node >/dev/null || { echo "browser_check: node (>= 20) is needed" >&2; exit 2; }
[ -x /usr/bin/chromium ] || { echo "browser_check: /usr/bin/chromium is needed (apt-get install chromium)" >&2; exit 2; }
if [ ! -f "$dir/node_modules/playwright-core/package.json" ] || [ ! -f "$dir/node_modules/axe-core/axe.min.js" ]; then
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
exec node "$dir/check.mjs" --bin "${LEXCITE_BIN:-target/release/lexcite}" "$@"
