"""The API's blueprint, which its modules (and other blueprints' API modules) add routes to."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("api", __name__)
