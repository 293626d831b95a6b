#!/usr/bin/env bash
# Installs what the tests need, from the project's own files: the Node peers (ws,
# playwright-core) from the committed lock file, Debian's openssl command when missing (the
# TLS tests make certificates with it), with --browser Debian's chromium, and with --bench
# Debian's libssl-dev (bench/run builds wsload, its TLS load generator, against OpenSSL).
# Idempotent and quick when everything is there; Maven runs it before the tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"

# npm ci wipes node_modules, so it runs only when the lock file changed since the last one.
stamp="node_modules/.ippo-installed-lock"
if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

# install_package PACKAGE WHY: Debian's package, with apt-get as root; otherwise says what to run.
install_package() {
  if [ "$(id -u)" != 0 ]; then
    echo "test-deps: $2 need Debian's $1: sudo apt-get install $1" >&2
    exit 1
  fi
  echo "test-deps: installing $1 from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null
}

# The TLS tests make their certificates with the openssl command.
command -v openssl >/dev/null 2>&1 || install_package openssl "the TLS tests"
for option in "$@"; do
  case "$option" in
    --browser) [ -x /usr/bin/chromium ] || install_package chromium "the browser tests" ;;
    --bench) [ -f /usr/include/openssl/ssl.h ] || install_package libssl-dev "the benchmarks" ;;
    *) echo "usage: scripts/test-deps.sh [--browser] [--bench]" >&2; exit 2 ;;
  esac
done
