"""Pictures drawn from SPARQL over the graph as SVG: the partners' map, the agreements' timeline, charts."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("pictures", __name__)
