"""Where static/ and templates/ live: inside the installed package, or beside it in a checkout."""

from chainrule.engine.catalogs.files import asset_dir

STATIC_DIR = asset_dir("static")
TEMPLATES_DIR = asset_dir("templates")
