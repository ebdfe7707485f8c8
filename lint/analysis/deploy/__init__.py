"""`lean deploy`'s packaging step, as lean-cli 1.2.4 does it: which runtime it detects
(`detect`), how it resolves symlinks (`links`), what it walks and zips (`archive`), and the whole
step in its order (`packaging`). `.leanignore` itself is read by `parsers.leanignore`.
"""
