#!/usr/bin/env bash
# Installs the system tools the services and tests call (yt-dlp, ffmpeg, curl, and chromium for the
# browser tests, which Playwright drives at /usr/bin/chromium) when they are missing.
# Sourced by scripts/test and scripts/run; safe to run again.
#
# yt-dlp: the version pinned in TelegramAI.Worker/yt-dlp.version (the one place it is named; the worker
# image installs the same), from PyPI into a virtual environment of its own under ~/.cache, never into the
# system's Python; it is then first on PATH. Where PyPI is out of reach, Debian's yt-dlp is used instead,
# which is far older: it still downloads from many sites, but YouTube refuses it.
set -euo pipefail

repository_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
yt_dlp_version="$(tr -d '[:space:]' < "$repository_root/TelegramAI.Worker/yt-dlp.version")"
yt_dlp_venv="${XDG_CACHE_HOME:-$HOME/.cache}/telegramai/yt-dlp-$yt_dlp_version"

pip_quietly=(--quiet --disable-pip-version-check --retries 0 --timeout 15)

install_pinned_yt_dlp() {
  [ -x "$yt_dlp_venv/bin/yt-dlp" ] && return 0
  command -v python3 >/dev/null 2>&1 || return 1
  # A quick look at the package index first (installing nothing), so a machine without one loses a second,
  # not the time it takes to make a virtual environment.
  if python3 -m pip --version >/dev/null 2>&1 \
    && ! python3 -m pip install --dry-run --no-deps "${pip_quietly[@]}" "yt-dlp==$yt_dlp_version" >/dev/null 2>&1; then
    return 1
  fi
  rm -rf "$yt_dlp_venv"
  mkdir -p "$(dirname "$yt_dlp_venv")"
  # [default]: what current sites need (YouTube's challenge solver scripts); [deno]: a JavaScript runtime to run them.
  if python3 -m venv "$yt_dlp_venv" >/dev/null 2>&1 \
    && "$yt_dlp_venv/bin/pip" install "${pip_quietly[@]}" "yt-dlp[default,deno]==$yt_dlp_version" >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$yt_dlp_venv"
  return 1
}

if install_pinned_yt_dlp; then
  # Only yt-dlp goes on PATH: the environment's python and pip stay out of the way.
  mkdir -p "$yt_dlp_venv/on-path"
  ln -sf "$yt_dlp_venv/bin/yt-dlp" "$yt_dlp_venv/on-path/yt-dlp"
  export PATH="$yt_dlp_venv/on-path:$PATH"
  pinned_yt_dlp=1
else
  pinned_yt_dlp=0
fi

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

if [ "$pinned_yt_dlp" -eq 0 ]; then
  echo "yt-dlp $yt_dlp_version could not be installed from PyPI, so the worker uses yt-dlp $(yt-dlp --version 2>/dev/null || echo '?') from $(command -v yt-dlp): YouTube needs yt-dlp $yt_dlp_version or newer, and refuses this one." >&2
fi

for tool in moto_server aws cfn-lint; do
  command -v "$tool" >/dev/null 2>&1 || { echo "Missing $tool (the machine image's Python ships moto[server], awscli and cfn-lint)." >&2; exit 1; }
done
