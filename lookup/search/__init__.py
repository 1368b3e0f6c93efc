"""The search layer: from a published version's items to answers, as plain Python.

Owns the vocabulary, the jieba tokenizer, pinyin keys, the whoosh indexes (one per version),
the engine of a version with its caches, the process's version follower, query understanding,
ranking and the one-line answer. It imports `lookup.lists` and `lookup.core` only, and never
the web framework: `service.search(engine, query, ...)` returns plain data.
"""
