"""The territory's look: its main colour, kept readable (WCAG AA) against white."""

import re

#: WCAG 2.1 AA for normal text: the colour carries white text (buttons) and is text on white.
MIN_CONTRAST = 4.5
DEFAULT_COLOUR = "#000091"
_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    match = _HEX.match(colour.strip())
    if not match:
        raise ValueError(f"main_colour must be written #rrggbb, not {colour!r}")
    digits = match.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    r, g, b = (_channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def contrast_with_white(colour: str) -> float:
    return contrast(colour, "#ffffff")


def _readable(colour: str) -> bool:
    # Text on white, white on it (buttons), and it on its own pale tint (tags, banner).
    return contrast_with_white(colour) >= MIN_CONTRAST and (
        contrast(colour, light_colour(colour)) >= MIN_CONTRAST
    )


def readable_colour(colour: str | None) -> str:
    """`colour` if it reads at 4.5:1 or better (see _readable), else the same hue darkened
    step by step until it does (black at worst); a value that is no colour is refused."""
    if not colour:
        return DEFAULT_COLOUR
    r0, g0, b0 = _rgb(colour)
    candidate = colour.strip().lower()
    step = 0
    while not _readable(candidate):
        step += 1
        factor = max(0.0, 1 - step / 50)
        candidate = f"#{int(r0 * factor):02x}{int(g0 * factor):02x}{int(b0 * factor):02x}"
    return candidate


def hover_colour(colour: str) -> str:
    """A darker shade for hovered links and buttons (still readable, being darker)."""
    r, g, b = _rgb(colour)
    return f"#{int(r * .75):02x}{int(g * .75):02x}{int(b * .75):02x}"


def light_colour(colour: str) -> str:
    """A pale tint for backgrounds of tags and the home banner (dark text stays readable)."""
    r, g, b = _rgb(colour)
    return "#{:02x}{:02x}{:02x}".format(*(int(v + (255 - v) * .88) for v in (r, g, b)))
