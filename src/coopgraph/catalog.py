"""The dataset described (DCAT-AP, VoID), the ontology documented, and the dumps served."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("catalog", __name__)
