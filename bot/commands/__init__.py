"""The `cspbot` subcommands, one module each; bot/cli.py registers them."""
