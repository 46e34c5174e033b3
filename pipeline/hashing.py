"""SHA-256 of bytes and of files: the one hashing helper of raw files, store versions and records."""
from __future__ import annotations

import hashlib
from pathlib import Path

FILE_CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path, chunk: int = FILE_CHUNK) -> str:
    """Hex SHA-256 of a file, read in chunks so a large file never sits in memory whole."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()
