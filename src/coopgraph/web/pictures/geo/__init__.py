"""Country outlines shipped with the map (Natural Earth 1:110m), and the script that made them."""
