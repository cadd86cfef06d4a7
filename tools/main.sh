#!/usr/bin/env bash
# main.sh: the main job: what basis finds here, then every op verified and timed on every usable backend.
set -euo pipefail
cd "$(dirname "$0")/.."
build/tools/basis info
echo
build/tools/basis smoke
