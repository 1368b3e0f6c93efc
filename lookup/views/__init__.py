"""Blueprints: public pages (``public``) and the JSON API (``api``)."""
