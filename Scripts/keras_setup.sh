#!/usr/bin/env bash
# Optional: creates .venv-keras with TensorFlow 2.21 (CPU) and tf-keras 2.21, for
# Examples/python/seed_loop.py; TensorFlow brings Keras 3 with it, so both --api tf-keras and
# --api keras3 work. The project's own tests do not need any of it. Installs jemalloc
# when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -ne 0 ]; then
  echo "usage: Scripts/keras_setup.sh" >&2
  exit 64
fi

Scripts/install-deps.sh
python3 -m venv .venv-keras
.venv-keras/bin/pip install --quiet --upgrade pip
.venv-keras/bin/pip install --quiet "tensorflow-cpu==2.21.*" "tf-keras==2.21.*"
.venv-keras/bin/python -c "import tensorflow as tf, tf_keras, keras; print('TensorFlow', tf.__version__, '/ tf-keras', tf_keras.__version__, '/ Keras', keras.__version__)"
