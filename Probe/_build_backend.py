"""A minimal PEP 517/660 build backend for the one-module memloop_probe package.

Why: `pip install ./Probe` should work offline, and setuptools in pip's isolated build
environment would have to be downloaded. This builds the wheel (and the editable
wheel) with the standard library only. Name and version are read from pyproject.toml."""
import base64
import hashlib
import os
import tomllib
import zipfile

_HERE = os.path.dirname(os.path.abspath(__file__))
_MODULE = "memloop_probe.py"


def _project():
    with open(os.path.join(_HERE, "pyproject.toml"), "rb") as handle:
        project = tomllib.load(handle)["project"]
    return project["name"], project["version"], project.get("description", ""), project.get("requires-python", "")


def _metadata():
    name, version, summary, requires = _project()
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", f"Summary: {summary}"]
    if requires:
        lines.append(f"Requires-Python: {requires}")
    return "\n".join(lines) + "\n"


def _dist_info():
    name, version, _, _ = _project()
    return f"{name.replace('-', '_')}-{version}.dist-info", f"{name.replace('-', '_')}-{version}-py3-none-any.whl"


def _write_wheel(folder, files):
    """files: {archive name: bytes}; adds WHEEL, METADATA and RECORD."""
    info, wheel_name = _dist_info()
    files = dict(files)
    files[f"{info}/METADATA"] = _metadata().encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: memloop-probe _build_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    for archive_name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{archive_name},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(os.path.join(folder, wheel_name), "w", zipfile.ZIP_DEFLATED) as archive:
        for archive_name, data in files.items():
            archive.writestr(archive_name, data)
    return wheel_name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with open(os.path.join(_HERE, _MODULE), "rb") as handle:
        return _write_wheel(wheel_directory, {_MODULE: handle.read()})


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, {"memloop_probe_editable.pth": (_HERE + "\n").encode()})


def build_sdist(sdist_directory, config_settings=None):
    import tarfile
    name, version, _, _ = _project()
    base = f"{name.replace('-', '_')}-{version}"
    path = os.path.join(sdist_directory, base + ".tar.gz")
    with tarfile.open(path, "w:gz") as archive:
        for file in ("pyproject.toml", "_build_backend.py", _MODULE):
            archive.add(os.path.join(_HERE, file), arcname=f"{base}/{file}")
    return base + ".tar.gz"


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_editable = get_requires_for_build_sdist = get_requires_for_build_wheel
