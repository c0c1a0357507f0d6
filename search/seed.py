"""Vectors shipped with the project, so the bundled corpus is searchable semantically on first run.

Encoding the five bundled plans' ~630 clauses with e5 costs minutes of CPU on two cores; the vectors
are the same on every machine, so they ship in `search/bundled/` and are copied into a new data
folder's vector cache. Each vector is stored under its cache key, sha256(model name with version +
exact passage text): a clause whose text or context changed, or another model or model version,
simply finds no vector and is encoded as usual. A stale file costs time, never correctness.

Regenerate after changes to parsing or passages (`make vectors`):

    python -m search.seed export --corpus corpus
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from search.vector_cache import VectorCache, content_key

BUNDLED = Path(__file__).resolve().parent / "bundled" / "corpus-vectors.npz"


def import_seed(cache: VectorCache, model_name: str, path: Path = BUNDLED) -> int:
    """Copy the shipped vectors into `cache` (existing keys win) if they are of `model_name` (with
    its version); returns how many were copied."""
    if not path.exists():
        return 0
    with np.load(path, allow_pickle=False) as data:
        if str(data["model"]) != model_name:
            return 0
        keys = [str(k) for k in data["keys"]]
        vectors = np.asarray(data["vectors"], dtype=np.float32)
    cache.put_many(list(zip(keys, vectors)), replace=False)
    return len(keys)


def export_seed(cache: VectorCache, model_name: str, texts: list[str], dim: int, path: Path = BUNDLED) -> int:
    """Write the cached vectors of `texts` (those the cache has) to `path`; returns how many."""
    keys = sorted({content_key(model_name, t) for t in texts})
    found = cache.get_many(keys, dim)
    kept = [k for k in keys if k in found]
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, model=np.array(model_name), keys=np.array(kept),
                        vectors=np.stack([found[k] for k in kept]) if kept else np.zeros((0, dim), np.float32))
    return len(kept)


def seed_coverage(model_name: str, texts: list[str], path: Path = BUNDLED) -> tuple[int, int]:
    """(texts the shipped file has a vector for, distinct texts): how current the file is."""
    wanted = {content_key(model_name, t) for t in texts}
    if not path.exists():
        return 0, len(wanted)
    with np.load(path, allow_pickle=False) as data:
        have = {str(k) for k in data["keys"]}
    return len(wanted & have), len(wanted)


def _export(corpus: Path) -> None:
    """Ingest `corpus` into a scratch data folder with the configured encoder, then ship its vectors."""
    from api.settings import Settings
    from api.stages import vector_cache_path
    from api.workspace import Workspace
    from search.index import encoded_texts, read_passages
    from search.index import encoder_for as make

    with tempfile.TemporaryDirectory(prefix="cancu-seed-") as tmp:
        settings = Settings.load().with_values(data_dir=tmp, corpus_dir=str(corpus))
        Workspace(settings).ingest([corpus], progress=lambda stage, done, total: print(f"{stage}: {done}/{total}"))
        build = Workspace(settings).current()
        assert build is not None
        from search.config import SearchConfig
        from search.index import read_manifest

        folder = build.folder / "index"
        config = SearchConfig.from_json(read_manifest(folder)["config"])
        encoder = make(config)
        texts = [t for p in read_passages(folder) for t in encoded_texts(p, config)]
        count = export_seed(VectorCache(vector_cache_path(settings)), encoder.name, texts, encoder.dim)
        print(f"{count} vectors of {encoder.name} written to {BUNDLED}")


def main() -> None:
    parser = argparse.ArgumentParser(description="the bundled corpus's shipped vectors")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="encode the bundled corpus and write search/bundled/")
    export.add_argument("--corpus", default="corpus")
    args = parser.parse_args()
    if args.command == "export":
        _export(Path(args.corpus))


if __name__ == "__main__":
    main()
