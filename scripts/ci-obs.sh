#!/usr/bin/env bash
# Installs what the real-OBS tests (vitest project 'obs') and `npm run bench` need: Debian's
# obs-studio (29, with obs-websocket 5.1 built in; no browser source) and Xvfb. Idempotent: does
# nothing when both are already there. About 45 s with a warm apt cache, more without.
#
#   scripts/ci-obs.sh            install if missing
#   scripts/ci-obs.sh --test     install if missing, then run the real-OBS tests, failing if OBS is absent
set -euo pipefail

need=()
command -v obs >/dev/null 2>&1 || need+=(obs-studio)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
# The tests render text with DejaVu Sans.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || need+=(fonts-dejavu-core)

if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "ci-obs: installing ${need[*]}"
  start=$(date +%s)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  echo "ci-obs: installed in $(( $(date +%s) - start )) s"
fi

echo "ci-obs: $(dpkg-query -W -f='obs-studio ${Version}' obs-studio 2>/dev/null || echo 'obs-studio ?'), $(dpkg-query -W -f='xvfb ${Version}' xvfb 2>/dev/null || echo 'xvfb ?')"
ls /usr/lib/x86_64-linux-gnu/obs-plugins/obs-websocket.so >/dev/null 2>&1 \
  || ls /usr/lib/*/obs-plugins/obs-websocket.so >/dev/null 2>&1 \
  || { echo "ci-obs: obs-websocket plugin not found (OBS 28+ ships it)" >&2; exit 1; }

if [ "${1:-}" = "--test" ]; then
  cd "$(dirname "$0")/.."
  SHOWRUNNER_REQUIRE_OBS=1 npx vitest run --project obs
fi
