"""Text descriptions of figures: what a screen reader says, and the ``alt`` of the site's image.

``describe(fig, text)`` attaches a description to a matplotlib figure. Once
:func:`show_descriptions` has run (``settings.setup()`` calls it), IPython's PNG of a described
figure carries it as output metadata, ``{"image/png": {"alt": text}}``: nbconvert's HTML and
the course site (``site/conf.py``) turn it into the ``<img>``'s ``alt``, and
``tests/test_figures_described.py`` fails on any committed figure without one.
"""

from __future__ import annotations

import sys

ATTRIBUTE = "course_description"  # set on the Figure object itself: it travels with the figure


def describe(fig, text: str) -> None:
    """Attach ``text`` (what the figure shows and what to notice) to ``fig``.

    Returns None, so that a cell ending in ``describe(...)`` shows the figure once.
    """
    if not hasattr(fig, "savefig"):
        raise ValueError(f"fig must be a matplotlib figure, got {type(fig).__name__}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty description, got {text!r:.40}")
    setattr(fig, ATTRIBUTE, " ".join(text.split()))


def description(fig) -> str | None:
    """The text :func:`describe` attached to ``fig``, or None."""
    return getattr(fig, ATTRIBUTE, None)


def show_descriptions() -> bool:
    """Make IPython's PNG of a described figure carry its description as ``alt`` metadata.

    Wraps the PNG formatter the inline backend registered for figures (call it after
    ``set_matplotlib_formats``). Returns False outside IPython or without that formatter.
    """
    if "IPython" not in sys.modules:
        return False
    shell = sys.modules["IPython"].get_ipython()
    if shell is None:
        return False
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    try:
        base = formatter.lookup_by_type(Figure)
    except KeyError:
        return False
    if getattr(base, "adds_descriptions", False):
        return True

    def png(fig):
        data, text = base(fig), description(fig)
        return (data, {"alt": text}) if text and data is not None else data

    png.adds_descriptions = True
    formatter.for_type(Figure, png)
    return True


def animation_html(animation, text: str) -> str:
    """``animation.to_jshtml()`` (it plays on a static page) with ``text`` as its frame's alt."""
    if not hasattr(animation, "to_jshtml"):
        raise ValueError(
            f"animation must be a matplotlib animation, got {type(animation).__name__}"
        )
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty description, got {text!r:.40}")
    import html
    import re

    page = animation.to_jshtml()
    alt = html.escape(" ".join(text.split()))
    tagged, count = re.subn(r'<img id="(_anim_img\w+)"', rf'<img id="\1" alt="{alt}"', page)
    tagged, sliders = re.subn(
        r'(<input id="_anim_slider\w+" type="range")', r'\1 aria-label="animation frame"', tagged
    )
    if (count, sliders) != (1, 1):  # matplotlib changed its template: say so, keep no half
        raise ValueError(f"animation's HTML has {count} frame images and {sliders} sliders")
    return tagged
