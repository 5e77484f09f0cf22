#!/usr/bin/env bash
# Optional: the virtual environments of the real-framework loops in Examples/python/, outside
# the test suite (CI re-analyses the committed samples in Tests/Fixtures/frameworks instead).
#   .venv-keras  TensorFlow 2.21 (CPU), tf-keras 2.21 and Keras 3 (Scripts/keras_setup.sh)
#   .venv-jax    JAX (CPU) and Keras 3                          ~35 s, 690 MB
#   .venv-torch  PyTorch (CPU use) and Keras 3                  ~2.5 min, 5.3 GB
# Usage: Scripts/frameworks_setup.sh [keras|jax|torch]...   (all three when none is named)
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: Scripts/frameworks_setup.sh [keras|jax|torch]..." >&2
  exit 64
}

wanted=("$@")
if [ "${#wanted[@]}" -eq 0 ]; then
  wanted=(keras jax torch)
fi
for name in "${wanted[@]}"; do
  case "$name" in keras | jax | torch) ;; *) usage ;; esac
done

Scripts/install-deps.sh
for name in "${wanted[@]}"; do
  case "$name" in
  keras)
    Scripts/keras_setup.sh
    ;;
  jax)
    python3 -m venv .venv-jax
    .venv-jax/bin/pip install --quiet --upgrade pip
    .venv-jax/bin/pip install --quiet "jax[cpu]==0.10.*" "keras==3.15.*"
    KERAS_BACKEND=jax .venv-jax/bin/python -c "import jax, keras; print('JAX', jax.__version__, '/ Keras', keras.__version__)"
    ;;
  torch)
    python3 -m venv .venv-torch
    .venv-torch/bin/pip install --quiet --upgrade pip
    .venv-torch/bin/pip install --quiet "torch==2.15.*" "keras==3.15.*"
    KERAS_BACKEND=torch .venv-torch/bin/python -c "import torch, keras; print('PyTorch', torch.__version__, '/ Keras', keras.__version__)"
    ;;
  esac
done
