"""chainrule web app: JSON API, pages and CLI on top of `engine`."""

from chainrule.app.main import create_app

__all__ = ["create_app"]
