"""Build the large demo commune once into a cached SQLite file for the benchmarks.

    python -m benchmarks.generate [--families 3500] [--force]

The file (bench-data/large-3500.sqlite, git-ignored) is rebuilt when the demo generator or the
schema changes: a stamp beside it records a fingerprint of their sources.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from portail_admin.core import db
from portail_admin.core.demo import load_demo
from portail_admin.core.migrations import upgrade

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench-data"
LARGE_FAMILIES = 3500
CORE = ROOT / "portail_admin" / "core"


def fingerprint() -> str:
    """Changes whenever the demo data or the schema could change."""
    digest = hashlib.sha256()
    sources = [CORE / "demo.py", *sorted((CORE / "demo_data").glob("*.py"))]
    sources += sorted((CORE / "migrations" / "versions").glob("*.py"))
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_path(families: int = LARGE_FAMILIES) -> Path:
    return DATA_DIR / f"large-{families}.sqlite"


def _stamp_path(path: Path) -> Path:
    return path.with_suffix(".json")


def is_current(path: Path, families: int) -> bool:
    stamp = _stamp_path(path)
    if not path.exists() or not stamp.exists():
        return False
    try:
        info = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return info.get("families") == families and info.get("fingerprint") == fingerprint()


def build(families: int = LARGE_FAMILIES, force: bool = False, quiet: bool = False) -> Path:
    """The path of an up-to-date large commune, built now if needed."""
    path = data_path(families)
    if not force and is_current(path, families):
        return path
    DATA_DIR.mkdir(exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    if not quiet:
        print(f"Construction de la grande commune ({families} familles) dans {path} …", flush=True)
    started = time.perf_counter()
    engine = db.make_engine(f"sqlite:///{partial}")
    upgrade(engine)
    summary = load_demo(db.make_session_factory(engine), families=families)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    elapsed = time.perf_counter() - started
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(partial, path)
    _stamp_path(path).write_text(
        json.dumps({"families": families, "fingerprint": fingerprint(), "seconds": elapsed}),
        encoding="utf-8",
    )
    if not quiet:
        print(summary)
        print(f"Construite en {elapsed:.1f} s.", flush=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construit la grande commune des benchmarks.")
    parser.add_argument("--families", type=int, default=LARGE_FAMILIES)
    parser.add_argument("--force", action="store_true", help="reconstruit même si elle est à jour")
    args = parser.parse_args(argv)
    print(build(args.families, force=args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
