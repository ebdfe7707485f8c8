"""`enginelint server`: the Language Server, for diagnostics, fixes and hover in editors.

It lints with the same runner as the command line, over the editor's unsaved buffers, and
needs the optional extra: `pip install 'enginelint[server]'` (pygls). Nothing here is imported
unless the server runs, so the command line's install and start-up stay as lean as before.
"""
