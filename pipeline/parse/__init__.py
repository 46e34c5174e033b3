"""Rules over spaCy tokens of a parsed sentence; they receive Docs from pipeline.nlp and never load spaCy."""
