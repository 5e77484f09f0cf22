"""The probe under the package's name: `from memloop.probe import loop` is
`from memloop_probe import loop` (one module, one state: a second `loop()` in a process
is refused whichever name it was imported by)."""
from memloop_probe import *  # noqa: F401,F403
from memloop_probe import HEADER, Loop, ensure_jemalloc, find_jemalloc, loop  # noqa: F401
