#!/usr/bin/env bash
# Runs GraphCore's tests under ThreadSanitizer and AddressSanitizer. Sanitizers replace
# malloc, and a process with jemalloc linked beside them crashes from mixed allocators,
# so this uses the build that leaves jemalloc out (MEMLOOP_NO_JEMALLOC=1), in scratch
# folders of its own (.build-tsan, .build-asan). Usage: Scripts/sanitize.sh [thread|address]
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=("$@")
[ "${#sanitizers[@]}" -eq 0 ] && sanitizers=(thread address)
for sanitizer in "${sanitizers[@]}"; do
  case "$sanitizer" in
    thread) scratch=.build-tsan ;;
    address) scratch=.build-asan ;;
    *) echo "usage: Scripts/sanitize.sh [thread|address]" >&2; exit 64 ;;
  esac
  echo "== GraphCore tests under the ${sanitizer} sanitizer" >&2
  # GRAPHCORE_PTHREAD_LOCK: a lock TSan can see (see Sources/GraphCore/PthreadLockedSession.swift).
  # lld: gold warns about every ASan runtime symbol it cannot export.
  flags=(--sanitize="$sanitizer" --scratch-path "$scratch" -Xswiftc -DGRAPHCORE_PTHREAD_LOCK -Xswiftc -use-ld=lld)
  MEMLOOP_NO_JEMALLOC=1 swift build --build-tests "${flags[@]}" >&2
  MEMLOOP_NO_JEMALLOC=1 TSAN_OPTIONS=halt_on_error=1 \
    swift test --disable-xctest --skip-build "${flags[@]}" --filter GraphCoreTests
done

# The build without jemalloc must refuse to measure, loudly, rather than print zeros.
memloop_asan=$(ls .build-asan/*/debug/memloop 2>/dev/null | head -n 1)
if [ -n "$memloop_asan" ]; then
  set +e
  message=$("$memloop_asan" stats 2>&1 >/dev/null)
  status=$?
  set -e
  if [ "$status" -ne 3 ] || ! grep -q "leaves it out" <<<"$message"; then
    echo "error: the build without jemalloc should exit 3 with a clear message; got $status: $message" >&2
    exit 1
  fi
  echo "build without jemalloc: memloop stats refuses with exit 3, as it should" >&2
fi
