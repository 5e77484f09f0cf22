#!/usr/bin/env python3
"""A real-world loop for tf-keras: a small hyperparameter search. Each iteration builds,
compiles and fits (one epoch) a tiny Dense model for the next configuration of a fixed
grid (units x activation x learning rate) on random numpy data made before the loop, so
nothing is downloaded. The clear arm calls tf_keras.backend.clear_session() first, the
noclear arm never does, the control arm only runs the sampler.

Fitting runs TensorFlow's own threads, so read stats.allocated (process-wide), not
live_bytes (the loop's thread only).

Under MemLoop: `memloop run --command ".venv-keras/bin/python
Examples/python/hyperparameter_search.py" --primary allocated`. By hand: --arm,
--iterations, --warm-up, --output.

Exit codes: 0 ok; 1 tf-keras not installed; 3 jemalloc not in charge; 64 bad arguments;
130 interrupted."""
import argparse
import itertools
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Probe"))
import memloop_probe  # noqa: E402

GRID = list(itertools.product((8, 16, 32), ("relu", "tanh"), (1e-2, 1e-3)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=256, help="rows of random training data (256)")
    parser.add_argument("--features", type=int, default=10)
    parser.add_argument("--arm", choices=list(memloop_probe.ARMS), default="clear")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    memloop_probe.ensure_jemalloc()  # before importing TensorFlow: a re-run then imports it once
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    try:
        import numpy as np
        import tf_keras as keras
    except ImportError as error:
        print(f"error: tf-keras is not installed ({error}); run Scripts/keras_setup.sh or: "
              "pip install 'tensorflow-cpu==2.21.*' 'tf-keras==2.21.*'", file=sys.stderr)
        return 1
    generator = np.random.default_rng(0)
    x = generator.standard_normal((args.samples, args.features)).astype("float32")
    y = (x.sum(axis=1, keepdims=True) > 0).astype("float32")

    for it in memloop_probe.loop(iterations=args.iterations, warmup=args.warm_up, arm=args.arm, output=args.output):
        if it.clears:
            keras.backend.clear_session()
        if it.builds:
            units, activation, rate = GRID[it.index % len(GRID)]
            model = keras.Sequential([keras.layers.Input(shape=(args.features,)),
                                      keras.layers.Dense(units, activation=activation),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=rate), loss="binary_crossentropy")
            model.fit(x, y, epochs=1, batch_size=32, verbose=0)
            del model
    return 0


if __name__ == "__main__":
    sys.exit(main())
