"""The edge: configuration, the command line, chat adapters, the web app, rendering."""
