"""Pure text rules: strings in, values out; no frames, no spaCy."""
