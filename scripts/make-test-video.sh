#!/usr/bin/env bash
# Makes the small video the tests serve: 3 s of H.264 test pattern with an AAC tone, moov atom first.
# The same arguments as TelegramAI.Tests/Support/TestVideo.cs; both give byte-identical files.
# Usage: scripts/make-test-video.sh [output.mp4]   (default: test-video.mp4)
set -euo pipefail
output=${1:-test-video.mp4}

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i testsrc=duration=3:size=320x240:rate=25 \
  -f lavfi -i sine=frequency=440:duration=3 \
  -c:v libx264 -preset veryfast -profile:v baseline -pix_fmt yuv420p \
  -c:a aac -b:a 64k \
  -shortest -movflags +faststart -map_metadata -1 \
  -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -threads 1 \
  "$output"
echo "$output"
