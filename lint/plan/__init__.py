"""`enginelint plan`: what `lean deploy` and the platform will do with a project, without
deploying.

For each project: the runtime the deploy tool detects and why; the files it puts in the zip
(exactly, from the packaging model `analysis.deploy`) with their size, or where and why it stops
before uploading; the install steps with the Python and the pip the target Python brings; the
start command and the port. `model` builds that as plain data (the JSON output, versioned by
`schemas/plan.schema.json`), `text` draws it for people, `command` runs the command line.
Nothing here imports rich or jsonschema unless the text output is asked for.
"""

VERSION = 1
