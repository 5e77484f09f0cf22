#!/usr/bin/env bash
# Optional: creates .venv-keras with TensorFlow (CPU) and tf-keras, for
# Scripts/keras_loop.py. The project's own tests do not need it. Also installs jemalloc
# when missing. Usage: Scripts/keras_setup.sh [--keras3]   (--keras3 adds Keras 3)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=("tensorflow-cpu==2.21.*" "tf-keras==2.21.*")
case "${1:-}" in
  "") ;;
  --keras3) packages+=("keras>=3") ;;
  *) echo "usage: Scripts/keras_setup.sh [--keras3]" >&2; exit 64 ;;
esac

Scripts/install-deps.sh
python3 -m venv .venv-keras
.venv-keras/bin/pip install --quiet --upgrade pip
.venv-keras/bin/pip install --quiet "${packages[@]}"
.venv-keras/bin/python -c "import tensorflow as tf, tf_keras; print('TensorFlow', tf.__version__, '/ tf-keras', tf_keras.__version__)"
