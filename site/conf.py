"""Sphinx configuration of the course website: `make site` writes it to build/site/.

Why Sphinx + MyST-NB and not Jupyter Book 2 (mystmd): mystmd downloads its site theme from
api.mystmd.org at build time ("Querying template metadata from https://api.mystmd.org/...",
then ENOTFOUND without that network), so it cannot build offline; Sphinx, MyST-NB and the
Book theme are PyPI packages and need no network once installed. The notebooks are rendered
from their committed outputs (``nb_execution_mode = "off"``): the site shows exactly what
`make test` checked. Browser assets that would come from CDNs (MathJax, the widget
renderer, icons) are npm packages fetched once into build/site-vendor/ (vendor.py).

``notebooks`` in this folder is a symlink to the course's notebooks/, so pages keep the
repository's paths (notebooks/00_start_here.html) and the Binder links point at them.
"""

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
# vendor.py beside this file fetches the browser assets (loaded by path: site/ is no package).
_spec = importlib.util.spec_from_file_location("site_vendor", HERE / "vendor.py")
vendor = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vendor)

# The repository's GitHub path is still a placeholder, as in README's Binder badge.
REPOSITORY = "https://github.com/OWNER/REPO"

project = "Transposed Convolutions, from the matrix to the model"
author = "the course's authors"
extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["**/.ipynb_checkpoints"]

# Notebooks: never executed here; the committed outputs are what the tests compared.
nb_execution_mode = "off"
nb_execution_raise_on_error = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
# Widgets render from the state saved in the notebooks, with a renderer served from this site:
# the standalone embed.js (no RequireJS), which finds its fonts beside itself.
nb_ipywidgets_js = {"vendor/html-manager/embed.js": {}}

html_theme = "sphinx_book_theme"
html_title = "Transposed Convolutions"
html_copy_source = True  # the download button offers each page's .ipynb
html_show_sourcelink = False
html_static_path = ["_static", str(vendor.ensure())]
mathjax_path = "vendor/mathjax/tex-mml-chtml.js"  # relative to _static/: no CDN
html_css_files = ["course.css"]  # site/_static/course.css: long inline code wraps on phones
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": "HEAD",  # the branch README's badge opens
    "path_to_docs": "",  # pages keep the repository's paths (site/notebooks -> notebooks)
    "use_repository_button": True,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    "show_toc_level": 2,
}
# An explicit colour mode: without one the theme logs "Got invalid theme mode" as a console error.
html_context = {"default_mode": "light"}

# matplotlib's to_jshtml() animations link Font Awesome 4 from a CDN for their buttons.
ANIMATION_ICONS = "https://maxcdn.bootstrapcdn.com/font-awesome/4.4.0/css/font-awesome.min.css"


def serve_icons_locally(app, doctree, docname):
    """Point the animations' icon stylesheet at the copy served from _static/."""
    from docutils import nodes

    local = "../" * docname.count("/") + "_static/vendor/font-awesome/css/font-awesome.min.css"
    for node in list(doctree.findall(nodes.raw)):
        if ANIMATION_ICONS in node.astext():
            node.replace_self(
                nodes.raw("", node.astext().replace(ANIMATION_ICONS, local), format="html")
            )


def _images_keep_their_alt() -> None:
    """A figure's description (output metadata ``alt``, viz/describe.py) becomes the ``alt`` of
    its ``<img>``: MyST-NB 1.4's ``render_image`` copies only width and height from it."""
    from myst_nb.core.render import NbElementRenderer

    render_image = NbElementRenderer.render_image
    if getattr(render_image, "keeps_alt", False):
        return

    def with_alt(self, data):
        image_nodes = render_image(self, data)
        alt = data.output_metadata.get(data.mime_type, {}).get("alt")
        if alt and image_nodes:
            image_nodes[0]["alt"] = str(alt)
        return image_nodes

    with_alt.keeps_alt = True
    NbElementRenderer.render_image = with_alt


def setup(app):
    """Hook the icon rewrite into the build; keep the figures' descriptions as alt."""
    _images_keep_their_alt()
    app.connect("doctree-resolved", serve_icons_locally)
    app.add_js_file(
        "widgets-mathjax.js", loading_method="defer", priority=900
    )  # after MathJax (500)
    app.add_js_file("widgets-a11y.js", loading_method="defer")  # names the sliders' handles
