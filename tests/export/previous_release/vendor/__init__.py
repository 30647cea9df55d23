"""The released modules, unchanged but for their imports (see ../README.md)."""
