#!/bin/sh
# Installs Debian's Chromium for the browser tests (test/e2e/), once.
# The test drives /usr/bin/chromium with playwright-core; no browser is downloaded by npm.
# Safe to run again: it does nothing when Chromium is already there.
set -eu

if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present) at /usr/bin/chromium"
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: /usr/bin/chromium is missing and this script can only install it as root with apt-get." >&2
  echo "chromium: install Debian's chromium package yourself (apt-get install chromium); without it the browser tests are skipped." >&2
  exit 1
fi

echo "chromium: installing Debian's chromium package (apt-get)…"
DEBIAN_FRONTEND=noninteractive apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
echo "chromium: $(/usr/bin/chromium --version) installed at /usr/bin/chromium"
