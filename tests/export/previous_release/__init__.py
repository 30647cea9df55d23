"""The plan's merge as the previous release shipped it: a frozen copy in vendor/, see README.md."""
