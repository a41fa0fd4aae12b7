"""The embedding edge: the pinned weights are checked before loading; vectors round-trip as bytes."""

from __future__ import annotations

import numpy as np
import pytest

from similarity import embeddings


def test_tampered_weights_are_refused(tmp_path, monkeypatch):
    (tmp_path / "model.safetensors").write_bytes(b"not the pinned weights")
    monkeypatch.setattr(embeddings, "model_path", lambda: tmp_path)
    monkeypatch.setattr(embeddings, "_model", None)
    with pytest.raises(embeddings.ModelIntegrityError):
        embeddings.get_model()


def test_vectors_round_trip_as_float32_bytes():
    vec = np.linspace(-1, 1, embeddings.DIM, dtype=np.float32)
    data = embeddings.vector_to_bytes(vec)
    assert len(data) == embeddings.DIM * 4
    assert np.array_equal(embeddings.vector_from_bytes(data), vec)


def test_text_hash_changes_with_the_text():
    assert embeddings.text_hash("a") != embeddings.text_hash("b")


@pytest.mark.slow
def test_real_model_embeds_rephrasings_closer_than_unrelated_questions(embedding_model):
    vecs = embeddings.embed_texts([
        "Will Bitcoin be above $100,000 on December 31, 2026?",
        "Bitcoin price on Dec 31, 2026? | $100,000 or above",
        "Will the Lakers beat the Celtics on Christmas Day?",
    ])
    assert vecs.shape == (3, embeddings.DIM)
    assert vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2
