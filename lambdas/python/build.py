"""Builds the deployable artifact: dist/lambda (unpacked, the local platform's task root)
and dist/python.zip (the same files, what CDK deploys). Prints the zip's size.

Dependencies come as manylinux2014 x86_64 CPython 3.13 wheels, the ABI of AWS's python3.13
runtime on x86_64 (Amazon Linux 2023, glibc 2.34, so manylinux2014 wheels run), whatever this
machine is. The version is read from runtime.json, as setup.sh reads it. Everything is compiled to .pyc with
unchecked-hash invalidation: /var/task is read-only on AWS, so without bytecode every cold
start would compile every module again, and timestamp-checked .pyc files can go stale
because zip keeps modification times to two seconds only.
"""

from __future__ import annotations

import compileall
import json
import os
import py_compile
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIST = HERE / "dist"
TASK_ROOT = DIST / "lambda"
ZIP = DIST / "python.zip"
SOURCES = [HERE / "src" / "items_app", HERE.parents[1] / "generated" / "python" / "src" / "items_contract"]
# Service models botocore needs for a DynamoDB client; the other ~400 services are never loaded.
BOTOCORE_KEEP = {"dynamodb", "_retry.json", "endpoints.json", "partitions.json", "sdk-default-configuration.json"}
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # same bytes for the same inputs
# "python3.13" in runtime.json -> "3.13": wheels for exactly the interpreter AWS runs.
AWS_PYTHON_VERSION = json.loads((HERE / "runtime.json").read_text())["aws"]["runtime"].removeprefix("python")


def install_dependencies() -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-input",
            "--no-compile",
            "--platform",
            "manylinux2014_x86_64",
            "--implementation",
            "cp",
            "--python-version",
            AWS_PYTHON_VERSION,
            "--only-binary=:all:",
            "--target",
            str(TASK_ROOT),
            "-r",
            str(HERE / "requirements.txt"),
        ],
        check=True,
    )
    # Console scripts: nothing runs them, and their shebang names this machine's Python.
    # Their RECORD lines go too, so the zip's bytes do not depend on where it was built.
    shutil.rmtree(TASK_ROOT / "bin", ignore_errors=True)
    for record in TASK_ROOT.glob("*.dist-info/RECORD"):
        lines = record.read_text().splitlines(keepends=True)
        record.write_text("".join(line for line in lines if not line.startswith("../../bin/")))


def prune_botocore_data() -> int:
    data = TASK_ROOT / "botocore" / "data"
    removed = 0
    for entry in data.iterdir():
        if entry.name not in BOTOCORE_KEEP:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            removed += 1
    shutil.rmtree(TASK_ROOT / "boto3" / "data", ignore_errors=True)  # resource models: clients only here
    return removed


def copy_sources() -> None:
    for source in SOURCES:
        shutil.copytree(source, TASK_ROOT / source.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def compile_bytecode() -> None:
    ok = compileall.compile_dir(
        str(TASK_ROOT),
        quiet=1,
        workers=0,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        # Source paths as on AWS, not this checkout's: the same bytes from any checkout
        # (the import system swaps in the real path when it loads the module anyway).
        stripdir=str(TASK_ROOT),
        prependdir="/var/task",
    )
    if not ok:
        raise SystemExit("build.py: some modules did not compile")


def write_zip() -> None:
    with zipfile.ZipFile(ZIP, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in TASK_ROOT.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(TASK_ROOT).as_posix(), FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def main() -> None:
    if "{}.{}".format(*sys.version_info[:2]) != AWS_PYTHON_VERSION:
        raise SystemExit(f"build.py: run with Python {AWS_PYTHON_VERSION} (the bytecode is for AWS's python{AWS_PYTHON_VERSION})")
    shutil.rmtree(TASK_ROOT, ignore_errors=True)
    ZIP.unlink(missing_ok=True)
    TASK_ROOT.mkdir(parents=True)
    install_dependencies()
    pruned = prune_botocore_data()
    copy_sources()
    compile_bytecode()
    write_zip()
    print(f"build.py: pruned {pruned} unused botocore service models")
    print(f"build.py: {TASK_ROOT.relative_to(HERE)} {tree_bytes(TASK_ROOT) / 2**20:.1f} MiB unpacked")
    print(f"build.py: {ZIP.relative_to(HERE)} {ZIP.stat().st_size} bytes ({ZIP.stat().st_size / 2**20:.2f} MiB)")


if __name__ == "__main__":
    os.umask(0o022)
    main()
