"""How the requirements rules quote a line in a message: on one line, and not too long."""

# Long lines are shortened in messages; the position still covers the whole line.
_MAX_SHOWN = 80


def shorten(text: str) -> str:
    """The text with its whitespace collapsed, cut to a length a message can quote."""
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"
