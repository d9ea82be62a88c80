"""The partnership store: SQLModel tables, the engine, every query, import and export.

Nothing in here imports the rest of cspbot; everything else reads and writes through it.
"""
