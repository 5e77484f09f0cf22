"""The `memloop` command of the wheel: `memloop measure …` is handled here (in Python);
every other command is the bundled executable, exec'd with MEMLOOP_JEMALLOC_LIBRARY
naming the bundled libjemalloc.so.2 (unless the caller named one), so that `memloop run
--command` preloads it into the loop where no system jemalloc is installed."""
import os
import sys

import memloop


def main(argv=None):
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments[:1] == ["measure"]:
        from memloop import _measure
        return _measure.main(arguments[1:])
    try:
        path = memloop.executable()
    except memloop.NotFound as error:
        print(f"memloop: error: {error}", file=sys.stderr)
        return 127
    if arguments in ([], ["-h"], ["--help"], ["help"]):
        print("memloop (Python): also `memloop measure MODULE:FUNCTION [--clear CALLABLE] [memloop run options]` "
              "measures a function without a loop written (memloop measure --help); "
              "pytest: @pytest.mark.memloop(iterations=…, warm_up=…, clear=…)\n", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(path, [path] + arguments, memloop.environment())


if __name__ == "__main__":
    sys.exit(main())
