#!/usr/bin/env bash
# Installs the system tools the services and tests call (yt-dlp, ffmpeg, curl, and chromium for the
# browser tests, which Playwright drives at /usr/bin/chromium) when they are missing.
# Sourced by scripts/test and scripts/run; safe to run again.
set -euo pipefail

missing=()
command -v yt-dlp >/dev/null 2>&1 || missing+=(yt-dlp)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ -x /usr/bin/chromium ] || missing+=(chromium)

if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing ${missing[*]} with apt-get..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' and try again." >&2
    exit 1
  fi
fi

for tool in moto_server aws cfn-lint; do
  command -v "$tool" >/dev/null 2>&1 || { echo "Missing $tool (the machine image's Python ships moto[server], awscli and cfn-lint)." >&2; exit 1; }
done
