"""Fixtures for the matcher tests. The embedding model takes seconds to load: one per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def embedding_model():
    """The real all-MiniLM-L6-v2 (hash-checked, offline), loaded once for the whole session."""
    from similarity.embeddings import get_model

    return get_model()
