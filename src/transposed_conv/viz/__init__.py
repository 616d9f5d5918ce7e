"""Showing it: figures (matplotlib), explorers (run in the browser) and animations; on ``core``.

- ``plotting``   the notebooks' static figures in one namespace (from the three below)
- ``grids``      grids with their numbers written in: the one grid drawer, frames, layouts
- ``images``     image rows, figures as PNG bytes
- ``signals``    1-D filters and a decoder's weighted sum, animated
- ``canvas``     what the figures share: argument checks, cell size, a row of exact axes
- ``explorers``  explorers as HTML outputs whose script (explorers.js, explorer_math.js) redraws
                 them in the reader's browser, with no kernel
- ``palette``    the course's colours, checked for colour-blind readers
- ``animation``  the distribute / collect views as looping GIFs that play without a kernel
"""
