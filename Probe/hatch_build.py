"""Hatch build hook: a wheel holding the `memloop` executable is platform-specific.

Scripts/wheel.sh puts the executable and libjemalloc.so.2 into src/memloop/_bin/ and sets
MEMLOOP_WHEEL_TAG (e.g. py3-none-manylinux_2_36_x86_64); the wheel then carries that tag.
Without the variable the wheel is pure Python (py3-none-any) and must hold no executable,
so that a stray _bin/ from an earlier build cannot end up in a wheel tagged for any
platform."""
import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class MemLoopBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name != "wheel" or version == "editable":
            return
        folder = os.path.join(self.root, "src", "memloop", "_bin")
        present = sorted(name for name in os.listdir(folder)) if os.path.isdir(folder) else []
        tag = os.environ.get("MEMLOOP_WHEEL_TAG", "")
        if tag:
            missing = [name for name in ("memloop", "libjemalloc.so.2") if name not in present]
            if missing:
                raise RuntimeError(f"MEMLOOP_WHEEL_TAG={tag} but {folder} lacks {', '.join(missing)}: build with Scripts/wheel.sh")
            build_data["pure_python"] = False
            build_data["tag"] = tag
        elif present:
            raise RuntimeError(f"{folder} holds {', '.join(present)} but MEMLOOP_WHEEL_TAG is not set: "
                               f"build the platform wheel with Scripts/wheel.sh, or remove the folder for a pure-Python one")
