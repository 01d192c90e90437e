"""The build's dump files, served by name from its dumps directory (``/dumps/<name>``), listed at ``/dumps/``.

Gzip dumps (``coopgraph.nt.gz``, ``coopgraph.nq.gz``): a client that accepts
gzip (``Accept-Encoding``) gets the file as it is, labelled with what it
contains: ``Content-Type: application/n-triples``, ``Content-Encoding: gzip``,
download name ``coopgraph.nt``. Any other client gets the same bytes as
``application/gzip`` named ``coopgraph.nt.gz``, so that nothing decodes it by
surprise. The answer varies with Accept-Encoding and each variant has its own
ETag. The DCAT description says the same: ``dcat:mediaType`` N-Triples with
``dcat:compressFormat`` gzip.
"""

from __future__ import annotations

from flask import Response, render_template, request, send_file

from coopgraph.build.dumps import DUMP_KINDS, dump_files
from coopgraph.i18n import word
from coopgraph.web.catalog.base import blueprint, dumps_dir
from coopgraph.web.errors import HTTPError
from coopgraph.web.negotiation import reader_language
from coopgraph.web.protocol import etag_for
from coopgraph.web.published import current as published


@blueprint.route("/dumps/", endpoint="dumps")
def listing() -> Response:
    """The dumps directory as a page: each file with what it holds, its media type and size."""
    lang = reader_language()
    page = render_template("dumps.html", t=lambda key: word(key, lang), dumps=dump_files(dumps_dir()))
    return Response(page, mimetype="text/html")


@blueprint.route("/dumps/<path:name>", endpoint="dump")
def dump(name: str) -> Response:
    """A file of the build's dumps directory: only a name its listing holds, never a path."""
    site = published()
    directory = dumps_dir()
    listing = (
        {p.name: p for p in directory.iterdir() if p.is_file()} if directory is not None and directory.is_dir() else {}
    )
    path = listing.get(name)
    if path is None:
        raise HTTPError(404, f"there is no dump named {name!r}; the dumps are: {', '.join(sorted(listing)) or 'none'}")
    kind = DUMP_KINDS.get(name)
    media = kind.media_type if kind else "application/octet-stream"
    download = name
    encoded = False
    if name.endswith(".gz"):
        encoded = request.accept_encodings["gzip"] > 0
        if encoded:
            download = name[:-3]
        else:
            media = "application/gzip"
    etag = etag_for(site.build_id, "dump", name, "gzip" if encoded else "identity")
    response = send_file(
        path,
        mimetype=media,
        as_attachment=True,
        download_name=download,
        conditional=True,
        etag=etag,
        last_modified=site.modified,
        max_age=0,
    )
    if encoded:
        response.headers["Content-Encoding"] = "gzip"
    if name.endswith(".gz"):
        response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
