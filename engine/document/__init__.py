"""The graph document: trace, captions, check, code view, compaction, the update phase and training
runs as the API's JSON."""
