"""The `werkstatt` commands, one module per audience, each a thin click layer over the library.

`workshop.cli` holds the root group and imports these modules one way: each has `register(group)`, which
adds its commands to the group it is given (the way sqlite-utils and datasette let plugins add theirs).
What every command shares (the home folder, the server options, the German click classes) lives in
`base`, and the one error path in `errors`; no module here imports `workshop.cli`.
"""
