"""The input formats, one module each: `acubiz` (the Acubiz posting file) and `simple` (CSV or
JSON with a header). Each reads a file into the one line model (`wizard.export.lines`);
`wizard.export.source` decides which one a file is.
"""
