"""The core: settings, the exception family, list kinds and field names, text normalisation and
limits. Imports nothing else of the project and no web framework."""
