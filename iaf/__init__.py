"""iaf: audit synthetic persona releases for joint-distribution fidelity (Independence-
Assumption Footprints). The public API re-exported here; everything else is internal."""

__version__ = "0.1.0"
