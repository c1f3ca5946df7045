"""The catalogs of words: one message file per language (static/i18n/<lang>.json)."""
