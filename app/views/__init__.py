"""The pages: HTML views rendered with Jinja2, the static SVG and the static files."""
