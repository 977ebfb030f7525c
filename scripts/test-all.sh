#!/usr/bin/env bash
# The full test suite on a fresh Debian machine: installs what the tests need
# (a C++ toolchain for better-sqlite3, redis-server, Chromium, nginx, Caddy, Prometheus's promtool, openssl for
# the certificate recipes), the npm dependencies, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "Tasklane needs Node.js >= 20.19 with npm (found: $(node --version 2>/dev/null || echo none)); install it first." >&2
  exit 1
fi

missing=()
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
for tool in python3 make g++ tar gzip; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# nginx lives in /usr/sbin, which a non-root PATH may lack.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
npm test
