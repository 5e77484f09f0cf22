"""Examples of the memloop pytest plugin: each marked test's body is one iteration of a
model-building loop, and MemLoop runs it in three arms (clear, noclear, control), each in a
process of its own.

    pip install dist/memloop-*.whl pytest
    pytest Examples/pytest            # expect: 1 failed, 1 passed, 1 error

- test_leaking_body FAILS: every iteration keeps 64 bytes for good (GROWING, ~64 B/iteration
  plus the list's own growth), and clearing does not help.
- test_clean_body PASSES: what the body keeps goes into a cache that `clear` empties, the
  way keras.backend.clear_session() empties Keras' global state — the noclear arm grows,
  the clear arm is CONSTANT, and the clear arm decides.
- test_fixture_that_grows_in_every_arm ERRORS: its fixture records every Python call
  with sys.setprofile, so the process grows whether the body runs or not; the control arm,
  which runs the same process, fixtures and sampling without the body, grows too. That is
  MemLoop's negative control failing (memloop exit 7): the measurement cannot be trusted,
  which is an error of the test, not a verdict on its body.

Scripts/wheel_test.sh runs this suite from an installed wheel with the Swift toolchain and
the system's libjemalloc hidden."""
import sys

import pytest

_KEPT = []  # the leak: one bytes object per iteration, never released
_CACHE = {}  # what the clean body keeps, until `clear`


def build_model():
    """Stands in for building a model: about 10 KiB of objects, made and dropped."""
    return [bytearray(1024) for _ in range(10)]


@pytest.mark.memloop(iterations=200, warm_up=20)
def test_leaking_body():
    build_model()
    _KEPT.append(bytes(31))  # 33 + 31 = 64 bytes: jemalloc's 64-byte class


@pytest.mark.memloop(iterations=200, warm_up=20, clear=_CACHE.clear)
def test_clean_body():
    _CACHE[len(_CACHE)] = build_model()  # kept until the next clear: constant with clearing


@pytest.fixture
def call_recorder():
    """A tracer that keeps a record of every call for the rest of the test."""
    calls = []
    sys.setprofile(lambda frame, event, arg: calls.append((event, frame.f_code.co_name)))
    yield calls
    sys.setprofile(None)


@pytest.mark.memloop(iterations=200, warm_up=20)
def test_fixture_that_grows_in_every_arm(call_recorder):
    build_model()
