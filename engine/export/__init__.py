"""Export: the offline HTML viewer, the replay file and the notebook display, rendered with
Jinja2."""
