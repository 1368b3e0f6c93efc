"""The office layer: the workflows that span the lists and the search, and the office's records.

Owns drafts, publishing (store a version, build its index, mark it published), the background
jobs that run a publish, the one workflow the web and the command line share, node set-up, the
engine a process serves, accounts, the audit log, residents' reports, search insights and rate
limits. It may import `lookup.search`, `lookup.lists` and `lookup.core`, and Flask's app object
for configuration; it never imports `lookup.web` or `lookup.cli`.
"""
