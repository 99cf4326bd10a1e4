"""The docs site's generated pages: everything a page says about the catalogue, the method
contracts, the command line, the exit codes and the report format is read from iaf itself at
build time (``docs/_gen/pages.py``, run by mkdocs-gen-files), so the docs cannot drift."""
