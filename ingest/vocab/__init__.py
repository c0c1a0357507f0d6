"""The Vietnamese administrative and legal vocabulary, in one place.

`legal`: document types, symbol type codes, issuer codes (how documents cite each other).
`admin`: administrative levels, kinds of bodies, abbreviations, localities (who does what, where).

Extraction, graph IRIs, search metadata and answers all read these tables; none keeps its own copy.
"""
