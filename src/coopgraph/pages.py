"""Linked-data pages: every IRI of the graph as HTML for people and RDF for machines."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("pages", __name__)
