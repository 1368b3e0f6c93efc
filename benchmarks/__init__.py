"""Benchmarks of the lookup service against the stack's own floor (`scripts/bench`)."""
