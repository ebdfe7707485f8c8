"""One module per input file format; each turns a project file into a parsed view with positions.

Third-party parsers are imported inside the functions that use them, never at module level.
"""
