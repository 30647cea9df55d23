"""From the room into the plan: the session protocol (Markdown, CSV, JSON) and the merge of draft
measures into the coordinator's integration plan, which Werkstatt changes only inside managed blocks.

Nothing here imports a user interface: the CLI (`workshop/commands/plan.py`) wires it.
"""
