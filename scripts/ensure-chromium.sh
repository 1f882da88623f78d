#!/usr/bin/env bash
# Installs what the end-to-end tests need from Debian's packages: Chromium (driven by
# playwright-core; never `npx playwright install`, which downloads a browser) and CJK fonts so
# Chinese renders in screenshots and PDF reports (which embed a system CJK font), and
# poppler-utils, whose pdftotext the report tests read PDFs back with. Idempotent and quiet when everything is present.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "custos: the tests need ${need[*]} (Debian packages). Install them, or set CUSTOS_CHROMIUM to a Chromium binary." >&2
  [ -n "${CUSTOS_CHROMIUM:-}" ] && exit 0
  exit 1
fi
echo "custos: installing ${need[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
