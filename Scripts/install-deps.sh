#!/usr/bin/env bash
# Installs the system packages MemLoop needs when they are missing: jemalloc's
# development files (the allocator every measurement reads, and jeprof), pkg-config (how
# SwiftPM finds it), Python 3 (the probe and its tests) and a C compiler (the C example
# loop the tests compile). Safe to run again: it does nothing when all are present.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/install-deps.sh" >&2
  exit 64
fi

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v cc >/dev/null 2>&1 || missing+=(gcc)
if ! pkg-config --exists jemalloc 2>/dev/null; then missing+=(libjemalloc-dev); fi

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing ${missing[*]} with apt-get…" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
pkg-config --exists jemalloc || { echo "error: jemalloc still not found by pkg-config after installing" >&2; exit 1; }
