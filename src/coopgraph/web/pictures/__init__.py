"""Pictures drawn from SPARQL over the graph as SVG: the partners' map, the agreements' timeline, charts.

Everything is drawn on the server at request time from the published store, as
plain SVG: no JavaScript, no tiles, no external references, readable offline.
``svg`` is the drawing kit they share, ``graph`` what they read, ``axis`` the
time axes, ``geo`` the country outlines; ``views`` serves them.
"""
