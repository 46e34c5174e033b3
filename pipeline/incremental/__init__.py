"""Incremental builds: the per-document stages, their code versions and fingerprints, the cache, shards."""
