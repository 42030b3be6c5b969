"""The `msoko` command line: a thin layer over the services that never imports Qt widgets."""
