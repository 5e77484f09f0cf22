#!/usr/bin/env python3
"""The seed's model-building loop — a Sequential of ten Dense(10) per iteration, with
and without clear_session() — measured by MemLoop's Python probe.

Under MemLoop (`memloop run --command "python Examples/python/seed_loop.py --api
tf-keras --model built"`) the arm, counts and samples file come from the environment.
By hand, `--arm`, `--iterations`, `--warm-up` and `--output` apply and the probe re-runs
the script under jemalloc when needed.

--leak keeps every model in a list: a planted leak that no clear_session() frees.

--model unbuilt is the seed (layers without input shape: no weights); built puts
Input(shape=(10,)) first, so each model also creates its 1,100 weights. --standin uses
the stdlib stand-in (standin_keras.py) instead of Keras.

TensorFlow allocates on worker threads too: for real Keras read stats.allocated
(process-wide); live_bytes sees only the loop's thread.

Exit codes: 0 ok; 1 Keras not installed; 3 jemalloc not in charge; 64 bad arguments;
130 interrupted."""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Probe"))
import memloop_probe  # noqa: E402


def load_keras(api, standin):
    """(Sequential, Dense, Input, clear_session, description), or exit 1 naming what to install."""
    if standin:
        import standin_keras as keras
        keras.HOLLOW = standin == "hollow"
        return keras.Sequential, keras.Dense, keras.Input, keras.clear_session, "stand-in Keras (stdlib)"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    try:
        if api == "tf-keras":
            import tensorflow as tf
            import tf_keras as keras
            return (keras.Sequential, keras.layers.Dense, keras.layers.Input, keras.backend.clear_session,
                    f"TensorFlow {tf.__version__} / tf-keras {keras.__version__}")
        import keras
        return (keras.Sequential, keras.layers.Dense, keras.layers.Input, keras.utils.clear_session,
                f"Keras {keras.__version__} ({keras.backend.backend()} backend)")
    except ImportError as error:
        line = "pip install 'tensorflow-cpu==2.21.*' 'tf-keras==2.21.*'" if api == "tf-keras" else "pip install keras tensorflow-cpu"
        print(f"error: {api} is not installed ({error}); run Scripts/keras_setup.sh or: {line}", file=sys.stderr)
        sys.exit(1)


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", choices=["tf-keras", "keras3"], default="tf-keras")
    parser.add_argument("--model", choices=["unbuilt", "built"], default="unbuilt")
    parser.add_argument("--standin", nargs="?", const="graph", choices=["graph", "hollow"],
                        help="stdlib stand-in instead of Keras: 'graph' (default) keeps models until "
                             "clear_session(), as Keras; 'hollow' keeps nothing")
    parser.add_argument("--layers", type=positive, default=10)
    parser.add_argument("--units", type=positive, default=10)
    parser.add_argument("--input-size", type=positive, default=10, help="inputs of a built model (10)")
    parser.add_argument("--models-per-iteration", type=positive, default=1)
    parser.add_argument("--no-gc", action="store_true", help="no gc.collect() before each sample")
    parser.add_argument("--leak", action="store_true",
                        help="a planted leak: keep every model built in a list (clear_session() cannot free them)")
    by_hand = parser.add_argument_group("by hand (ignored under MemLoop, which sets them)")
    by_hand.add_argument("--arm", choices=list(memloop_probe.ARMS), default="clear")
    by_hand.add_argument("--iterations", type=positive, default=100)
    by_hand.add_argument("--warm-up", type=int, default=10)
    by_hand.add_argument("--output", help="samples CSV (default ./memloop-samples-<arm>.csv)")
    args = parser.parse_args(argv)
    if args.warm_up < 0:
        parser.error("--warm-up must be at least 0")
    return args


def main(argv=None):
    args = parse(argv)
    memloop_probe.ensure_jemalloc()  # before importing Keras, so a re-run does not import it twice
    Sequential, Dense, Input, clear_session, _ = load_keras(args.api, args.standin)

    def build():
        layers = [Dense(args.units) for _ in range(args.layers)]
        if args.model == "built":
            return Sequential([Input(shape=(args.input_size,))] + layers)
        return Sequential(layers)

    model, kept = None, []
    for it in memloop_probe.loop(models_per_iteration=args.models_per_iteration, gc_collect=not args.no_gc,
                                 iterations=args.iterations, warmup=args.warm_up, arm=args.arm, output=args.output):
        if it.clears:
            clear_session()
        if it.builds:
            for _ in range(args.models_per_iteration):
                model = build()  # rebound each time, as in the seed's loop
                if args.leak:
                    kept.append(model)
    del model, kept


if __name__ == "__main__":
    main()
