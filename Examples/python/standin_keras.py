"""A stand-in for Keras' global state, stdlib only, so the probe and MemLoop can be
tested without TensorFlow.

Like Keras, building a layer or a model registers it in a module-level graph and takes
a name from a per-prefix counter (dense, dense_1, ...); clear_session() empties both.
So a loop that never clears grows by every model it builds (the graph keeps them), and a
loop that clears at the start of each iteration is constant: after clear_session() the
stand-in holds nothing of earlier models.

With HOLLOW set (seed_loop.py --standin hollow), nothing is registered at all: models
hold no memory once the loop drops them, so every arm of a correct harness must read
CONSTANT — the check that the probe and the loop add nothing of their own."""

HOLLOW = False   # True: register nothing (models hold no memory at all)
_GRAPH = []      # every layer and model built since the last clear_session()
_NAME_COUNTS = {}  # prefix -> how many names were handed out


def _unique_name(prefix):
    if HOLLOW:
        return prefix
    count = _NAME_COUNTS.get(prefix, 0)
    _NAME_COUNTS[prefix] = count + 1
    return prefix if count == 0 else f"{prefix}_{count}"


class Dense:
    """A layer record: a name and a unit count, registered in the graph."""

    __slots__ = ("name", "units")

    def __init__(self, units, name=None):
        self.units = units
        self.name = name or _unique_name("dense")
        if not HOLLOW:
            _GRAPH.append(self)


class Input:
    __slots__ = ("name", "shape")

    def __init__(self, shape, name=None):
        self.shape = tuple(shape)
        self.name = name or _unique_name("input")
        if not HOLLOW:
            _GRAPH.append(self)


class Sequential:
    __slots__ = ("name", "layers")

    def __init__(self, layers=()):
        self.layers = list(layers)
        self.name = _unique_name("sequential")
        if not HOLLOW:
            _GRAPH.append(self)


def clear_session():
    """Forget every layer and model and restart the names, as keras.backend.clear_session()."""
    _GRAPH.clear()
    _NAME_COUNTS.clear()


def graph_size():
    return len(_GRAPH)
