"""Relevance evaluation: the project's question set, its metrics and two baselines.

`scripts/eval` prints recall@5, MRR, answer accuracy and the not_listed rate per category for
the service and, measured in the same run over the same published items, for plain whoosh +
jieba (the library defaults) and for a list page's SQL `LIKE`.
"""
