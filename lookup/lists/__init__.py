"""The lists layer: the store (SQLAlchemy tables, versions, items, drafts, leases, backups) and
the spreadsheets (importer, exporter). The store is the source of truth; everything else can be
rebuilt from it. It imports only `lookup.core` (and Flask's `g` for the request's session).
"""
