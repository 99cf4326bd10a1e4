"""What is declared: locale schemas, footprints (typed params), references, crosswalks and GX
suites, loaded and validated once (``Catalogue``), and each footprint loaded with its inputs
(``LoadedFootprint``)."""

from iaf.catalogue.catalogue import Catalogue, LoadedFootprint, LocaleCatalogue
from iaf.catalogue.crosswalks import NOT_EMPLOYED, UNMAPPED, Crosswalk
from iaf.catalogue.footprints import METHODS, Disclosure, Footprint, Frame, Kind, Method
from iaf.catalogue.references import Reference
from iaf.catalogue.schema import ColumnKind, ColumnSpec, Dtype, LocaleSchema
from iaf.catalogue.suites import Expectation, Suite

__all__ = ["Catalogue", "ColumnKind", "ColumnSpec", "Crosswalk", "Disclosure", "Dtype",
           "Expectation", "Footprint", "Frame", "Kind", "LoadedFootprint", "LocaleCatalogue",
           "LocaleSchema", "METHODS", "Method", "NOT_EMPLOYED", "Reference", "Suite", "UNMAPPED"]
