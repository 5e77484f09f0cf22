"""`memloop measure TARGET [--clear CALLABLE] [--path DIR] [memloop run options…]`: a
function measured without writing a loop.

    memloop measure mypkg.models:build_model --clear keras.backend.clear_session --iterations 200

(`python -m memloop measure …` is the same.) TARGET and CALLABLE are `module:attribute`
(the attribute may be dotted: `mypkg.models:Factory.build`) or `module.attribute` (the
longest importable prefix is the module). The
function is called with no arguments once per iteration, its result dropped; `clear` is
called before each iteration of the clear arm. Everything after them goes to `memloop run`
(`--iterations`, `--warm-up`, `--output`, `--attribute`, `--arm-timeout`, …); the
loop is `python -m memloop._measure --arm …` under `memloop run --command`, which imports
the callables (the current folder and each --path on sys.path) and loops them with the
probe. Exit status: memloop run's (0 when the controls pass, whatever the verdicts; 7 a
control failed; 8 an arm failed, e.g. the import), or 64 for bad arguments here."""
import importlib
import importlib.util
import os
import shlex
import sys

_USAGE = ("usage: memloop measure MODULE:FUNCTION [--clear MODULE:CALLABLE] [--path DIR]... "
          "[memloop run options, e.g. --iterations 200 --warm-up 20 --output DIR]")
EXIT_USAGE = 64


def _split(spec):
    """('module', 'attr.path') from 'module:attr.path' or 'module.attr', or None."""
    if ":" in spec:
        module, _, attribute = spec.partition(":")
    else:
        module, _, attribute = spec.rpartition(".")
    names = module.split(".") + attribute.split(".")
    if not module or not attribute or not all(name.isidentifier() for name in names):
        return None
    return module, attribute


def _resolve(spec):
    """The callable `spec` names. Without a colon the module is the longest importable
    prefix (`models.CACHE.clear`: module `models`, attribute `CACHE.clear`)."""
    if ":" in spec:
        module, _, attribute = spec.partition(":")
        value = importlib.import_module(module)
        names = attribute.split(".")
    else:
        parts = spec.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            try:
                value = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError as error:
                if error.name is None or not ".".join(parts[:cut]).startswith(error.name):
                    raise  # a module the target's module imports is missing: say so
                continue
            names = parts[cut:]
            break
        else:
            raise ModuleNotFoundError(f"no module of {spec} can be imported")
    for name in names:
        value = getattr(value, name)
    if not callable(value):
        raise TypeError(f"{spec} is {type(value).__name__}, not a callable")
    return value


def _parse(arguments):
    """(target, clear, paths, the rest for memloop run); raises ValueError with the problem."""
    if not arguments or arguments[0] in ("-h", "--help"):
        raise ValueError(None)
    target, clear, paths, rest = arguments[0], None, [], []
    if target.startswith("-"):
        raise ValueError(f"the function to measure comes first, got the option {target}")
    index = 1
    while index < len(arguments):
        argument = arguments[index]
        name, equals, value = argument.partition("=")
        if name in ("--clear", "--path"):
            if not equals:
                if index + 1 >= len(arguments):
                    raise ValueError(f"{name} needs a value")
                index += 1
                value = arguments[index]
            if name == "--clear":
                clear = value
            else:
                paths.append(os.path.abspath(value))
        elif name in ("--command", "--"):
            raise ValueError(f"{argument} is not for measure: the command is the loop measure writes around {target}")
        else:
            rest.append(argument)
        index += 1
    for what, spec in (("function", target), ("--clear", clear)):
        if spec is not None and _split(spec) is None:
            raise ValueError(f"{what} {spec!r} is not MODULE:ATTRIBUTE or MODULE.ATTRIBUTE")
    return target, clear, paths, rest


def _findable(spec, paths):
    """None, or why the module of `spec` cannot be imported (checked without importing it)."""
    module = _split(spec)[0] if ":" in spec else spec.split(".")[0]
    saved = list(sys.path)
    sys.path[:0] = [os.getcwd(), *paths]
    try:
        found = importlib.util.find_spec(module)
    except (ImportError, ValueError) as error:
        return f"module {module} of {spec} cannot be found: {error}"
    finally:
        sys.path[:] = saved
    return None if found is not None else f"no module named {module!r} (from {spec}) on the path (the current folder and --path)"


def main(arguments):
    import memloop
    try:
        target, clear, paths, rest = _parse(arguments)
    except ValueError as error:
        if error.args[0] is not None:
            print(f"memloop measure: error: {error.args[0]}", file=sys.stderr)
        print(_USAGE, file=sys.stderr)
        return 0 if arguments[:1] in (["-h"], ["--help"]) else EXIT_USAGE
    for spec in (target, clear):
        problem = spec and _findable(spec, paths)
        if problem:
            print(f"memloop measure: error: {problem}", file=sys.stderr)
            return EXIT_USAGE
    try:
        binary = memloop.executable()
    except memloop.NotFound as error:
        print(f"memloop measure: error: {error}", file=sys.stderr)
        return 127
    loop = [sys.executable, "-m", "memloop._measure", "--arm", target]
    if clear:
        loop += ["--clear", clear]
    for path in paths:
        loop += ["--path", path]
    sys.stdout.flush()
    sys.stderr.flush()
    command = [binary, "run", *rest, "--command", shlex.join(loop)]
    os.execve(binary, command, memloop.environment())


def _arm(arguments):
    """In each arm's process: import the callables, then the loop."""
    target, clear, paths, rest = _parse(arguments)
    if rest:
        raise SystemExit(f"memloop measure (arm): unexpected arguments {rest}")
    sys.path[:0] = paths
    if "" not in sys.path and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    function = _resolve(target)
    clearing = _resolve(clear) if clear else None
    from memloop_probe import loop
    for it in loop():
        if it.clears and clearing is not None:
            clearing()
        if it.builds:
            function()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--arm"]:
        _arm(sys.argv[2:])
    else:
        sys.exit(main(sys.argv[1:]))
